import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { histogramQuantile } from './histogram-quantile.ts';

describe(histogramQuantile.name, () => checkCases(histogramQuantile));
