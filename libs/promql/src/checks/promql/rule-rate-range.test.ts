import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { ruleRateRange } from './rule-rate-range.ts';

describe(ruleRateRange.name, () => checkCases(ruleRateRange, [
  { expr: 'rate(http_requests_total[1m])' },
  { expr: 'rate(http_requests_total[2m])', ctx: { scrapeIntervalSeconds: 30 } },
  { expr: 'rate(http_requests_total[30s])', finds: /rate\(\) over \[30s\] spans fewer than 4 scrape intervals \(15s each\); use at least \[60s\]/ },
  { expr: 'increase(http_requests_total[1m])', ctx: { origin: 'alert', scrapeIntervalSeconds: 30 }, finds: /increase\(\) over \[1m\]/ },
]));
