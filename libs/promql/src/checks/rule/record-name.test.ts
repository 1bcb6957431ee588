import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { recordName } from './record-name.ts';

describe(recordName.name, () => checkCases(recordName));
