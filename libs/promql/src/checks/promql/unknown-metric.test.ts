import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { unknownMetric } from './unknown-metric.ts';

describe(unknownMetric.name, () => checkCases(unknownMetric, [
  { expr: 'rate(http_requests_total[5m])' },
  { expr: 'rate(http_request_duration_seconds_bucket[5m])' },
  { expr: 'http_request_duration_seconds_count' },
  { expr: 'tenant_service:http_requests:rate5m' },
  { expr: 'rate(http_request_total[5m])', finds: /metric http_request_total is not in the catalog/ },
  { expr: 'story_api_errors', finds: /metric story_api_errors is not in the catalog/ },
  { expr: '{__name__=~"http_.*"}', finds: /selector has no metric name/ },
]));
