import { describe, expect, it } from 'vitest';
import { expandRecorded, type Recording } from './expand.ts';
import { validatePromql } from './parser.ts';

const recordings: Recording[] = [
  { record: 'tenant_service:http_requests:rate5m', expr: 'sum by (tenant, service) (rate(http_requests_total[5m]))' },
  { record: 'tenant_service_le:http_request_duration_seconds_bucket:rate5m', expr: 'sum by (tenant, service, le) (rate(http_request_duration_seconds_bucket[5m]))' },
  { record: 'tenant_service:http_request_duration_seconds:p95_rate5m', expr: 'histogram_quantile(0.95, tenant_service_le:http_request_duration_seconds_bucket:rate5m)' },
];

describe('expandRecorded', () => {
  it.each([
    ['tenant_service:http_requests:rate5m{tenant="a", service="story-api"}',
      '(sum by (tenant, service) (rate(http_requests_total{tenant="a", service="story-api"}[5m])))'],
    ['tenant_service:http_request_duration_seconds:p95_rate5m{tenant="a"}',
      '(histogram_quantile(0.95, (sum by (tenant, service, le) (rate(http_request_duration_seconds_bucket{tenant="a"}[5m])))))'],
    ['sum(rate(http_requests_total{tenant="a"}[5m]))', 'sum(rate(http_requests_total{tenant="a"}[5m]))'],
    ['tenant_service:http_requests:rate5m', '(sum by (tenant, service) (rate(http_requests_total[5m])))'],
    ['sum(tenant_service:http_requests:rate5m{tenant="a"} offset 1h)', 'sum((sum by (tenant, service) (rate(http_requests_total{tenant="a"}[5m] offset 1h))))'],
    ['deriv(tenant_service:http_requests:rate5m{tenant="a"}[10m])', 'deriv((sum by (tenant, service) (rate(http_requests_total{tenant="a"}[5m])))[10m:1m])'],
  ])('%s', (query, raw) => {
    const expanded = expandRecorded(query, recordings);
    expect(expanded).toBe(raw);
    expect(validatePromql(expanded)).toEqual([]);
  });

  it('keeps only the threshold rule of the matched tenant', () => {
    const thresholds: Recording[] = [
      { record: 'tenant:x:threshold', expr: 'vector(0.01)', labels: { tenant: 'a' } },
      { record: 'tenant:x:threshold', expr: 'vector(0.05)', labels: { tenant: 'b' } },
    ];
    expect(expandRecorded('tenant:x:threshold{tenant="b"}', thresholds)).toBe('(vector(0.05))');
  });
});
