import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { rateOnGauge } from './rate-on-gauge.ts';

describe(rateOnGauge.name, () => checkCases(rateOnGauge, [
  { expr: 'deriv(event_bus_consumer_lag_messages[10m])' },
  { expr: 'rate(http_requests_total[5m])' },
  { expr: 'rate(event_bus_consumer_lag_messages[5m])', finds: /rate\(\) over gauge event_bus_consumer_lag_messages; use deriv\(\)/ },
  { expr: 'increase(story_sessions_active[1h])', finds: /increase\(\) over gauge story_sessions_active/ },
]));
