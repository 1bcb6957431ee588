import { PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { quantileName, recordName, type RecordingGroupDefinition } from '@plotwatch/rules';

const byTenantService = ['tenant', 'service'];
const all = (metric: string, matchers = {}) => selector(metric, PLATFORM_SCOPE, matchers);

/** Names of the golden-signal series per tenant and service, read by dashboards and alerts. */
export const goldenSignals = {
  requestRate: recordName(byTenantService, 'http_requests', 'rate5m'),
  errorRate: recordName(byTenantService, 'http_requests_errors', 'rate5m'),
  errorRatio: recordName(byTenantService, 'http_requests_errors', 'ratio_rate5m'),
  latencyBuckets: recordName([...byTenantService, 'le'], 'http_request_duration_seconds_bucket', 'rate5m'),
  /** Recorded with the other percentiles, in the latency-quantiles group. */
  latencyP95: quantileName(byTenantService, 'http_request_duration_seconds', 0.95),
  inFlight: recordName(byTenantService, 'http_requests_in_flight', 'sum'),
} as const;

export const goldenSignalRules: RecordingGroupDefinition = {
  name: 'golden-signals',
  source: import.meta.url,
  rules: [
    { record: goldenSignals.requestRate, expr: `sum by (tenant, service) (rate(${all('http_requests_total')}[5m]))` },
    {
      // `or ... * 0` keeps a 0 while nothing fails, so the ratio exists (and graphs) for every serving tenant.
      record: goldenSignals.errorRate,
      expr: `sum by (tenant, service) (rate(${all('http_requests_total', { code: { re: '5..' } })}[5m])) or ${goldenSignals.requestRate} * 0`,
    },
    { record: goldenSignals.errorRatio, expr: `${goldenSignals.errorRate} / ${goldenSignals.requestRate}` },
    {
      record: goldenSignals.latencyBuckets,
      expr: `sum by (tenant, service, le) (rate(${all('http_request_duration_seconds_bucket')}[5m]))`,
    },
    { record: goldenSignals.inFlight, expr: `sum by (tenant, service) (${all('http_requests_in_flight')})` },
  ],
};
