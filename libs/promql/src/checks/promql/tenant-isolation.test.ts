import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { tenantIsolation } from './tenant-isolation.ts';

describe(tenantIsolation.name, () => checkCases(tenantIsolation));
