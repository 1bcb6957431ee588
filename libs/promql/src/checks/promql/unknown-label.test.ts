import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { unknownLabel } from './unknown-label.ts';

describe(unknownLabel.name, () => checkCases(unknownLabel));
