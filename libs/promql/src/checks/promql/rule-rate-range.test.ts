import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { ruleRateRange } from './rule-rate-range.ts';

describe(ruleRateRange.name, () => checkCases(ruleRateRange));
