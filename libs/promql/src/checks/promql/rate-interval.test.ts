import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { rateInterval } from './rate-interval.ts';

describe(rateInterval.name, () => checkCases(rateInterval));
