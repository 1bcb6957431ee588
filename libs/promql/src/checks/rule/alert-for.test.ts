import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { alertFor } from './alert-for.ts';

describe(alertFor.name, () => checkCases(alertFor));
