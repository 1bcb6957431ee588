import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { counterRate } from './counter-rate.ts';

describe(counterRate.name, () => checkCases(counterRate, [
  { expr: 'sum(rate(http_requests_total[5m]))' },
  { expr: 'increase(model_tokens_total[1h])' },
  { expr: 'absent(http_requests_total)' },
  { expr: 'story_sessions_active' },
  { expr: 'sum(http_requests_total)', finds: /counter http_requests_total is used without rate/ },
  { expr: 'http_request_duration_seconds_sum > 0', finds: /counter http_request_duration_seconds_sum/ },
  { expr: 'delta(model_cost_usd_total[1h])', finds: /counter model_cost_usd_total/ },
]));
