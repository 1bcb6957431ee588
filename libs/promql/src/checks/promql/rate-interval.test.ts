import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { rateInterval } from './rate-interval.ts';

const dashboard = { origin: 'dashboard' as const };

describe(rateInterval.name, () => checkCases(rateInterval, [
  { expr: 'sum(rate(http_requests_total[$__rate_interval]))', ctx: dashboard },
  { expr: 'sum(increase(model_tokens_total[${__rate_interval}]))', ctx: dashboard },
  { expr: 'sum(rate(http_requests_total[5m]))' },
  { expr: 'avg_over_time(story_sessions_active[$__interval])', ctx: dashboard },
  { expr: 'sum(rate(http_requests_total[5m]))', ctx: dashboard, finds: /rate\(\) over \[5m\]; use \[\$__rate_interval\]/ },
  { expr: 'sum(irate(http_requests_total[$__interval]))', ctx: dashboard, finds: /irate\(\) over \[\$__interval\]/ },
]));
