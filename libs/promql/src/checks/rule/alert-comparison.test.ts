import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { alertComparison } from './alert-comparison.ts';

describe(alertComparison.name, () => checkCases(alertComparison));
