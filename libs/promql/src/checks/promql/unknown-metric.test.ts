import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { unknownMetric } from './unknown-metric.ts';

describe(unknownMetric.name, () => checkCases(unknownMetric));
