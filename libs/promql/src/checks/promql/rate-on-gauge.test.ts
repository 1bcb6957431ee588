import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { rateOnGauge } from './rate-on-gauge.ts';

describe(rateOnGauge.name, () => checkCases(rateOnGauge));
