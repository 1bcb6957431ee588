import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { counterRate } from './counter-rate.ts';

describe(counterRate.name, () => checkCases(counterRate));
