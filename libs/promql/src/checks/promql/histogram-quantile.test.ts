import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { histogramQuantile } from './histogram-quantile.ts';

describe(histogramQuantile.name, () => checkCases(histogramQuantile, [
  { expr: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))' },
  { expr: 'histogram_quantile(0.95, sum without (route) (rate(http_request_duration_seconds_bucket[5m])))' },
  { expr: 'histogram_quantile(0.95, tenant_service_le:http_request_duration_seconds_bucket:rate5m)' },
  { expr: 'histogram_quantile(0.95, sum by (tenant) (rate(http_request_duration_seconds_bucket[5m])))', finds: /sum\(\) inside histogram_quantile\(\) drops the le label/ },
  { expr: 'histogram_quantile(0.95, http_request_duration_seconds_bucket)', finds: /without rate\(\)/ },
  { expr: 'histogram_quantile(0.95, rate(http_request_duration_seconds_count[5m]))', finds: /not a _bucket series/ },
  { expr: 'histogram_quantile(0.9, tenant_service:http_requests:rate5m)', finds: /not a recorded bucket rate kept by le/ },
]));
