import { describe, expect, it } from 'vitest';
import { expandRecorded, type Recording } from './expand.ts';
import { validatePromql } from './parser.ts';

const recordings: Recording[] = [
  { record: 'tenant_service:http_requests:rate5m', expr: 'sum by (tenant, service) (rate(http_requests_total[5m]))' },
  {
    record: 'tenant_service_le:http_request_duration_seconds_bucket:rate5m',
    expr: 'sum by (tenant, service, le) (rate(http_request_duration_seconds_bucket[5m]))',
  },
  {
    record: 'tenant_service:http_request_duration_seconds:p95_rate5m',
    expr: 'histogram_quantile(0.95, tenant_service_le:http_request_duration_seconds_bucket:rate5m)',
  },
];

describe('expandRecorded', () => {
  it.each([
    [
      'tenant_service:http_requests:rate5m{tenant="a", service="story-api"}',
      '(sum by (tenant, service) (rate(http_requests_total{tenant="a", service="story-api"}[5m])))',
    ],
    [
      'tenant_service:http_request_duration_seconds:p95_rate5m{tenant="a"}',
      '(histogram_quantile(0.95, (sum by (tenant, service, le) (rate(http_request_duration_seconds_bucket{tenant="a"}[5m])))))',
    ],
    ['sum(rate(http_requests_total{tenant="a"}[5m]))', 'sum(rate(http_requests_total{tenant="a"}[5m]))'],
    ['tenant_service:http_requests:rate5m', '(sum by (tenant, service) (rate(http_requests_total[5m])))'],
    [
      'sum(tenant_service:http_requests:rate5m{tenant="a"} offset 1h)',
      'sum((sum by (tenant, service) (rate(http_requests_total{tenant="a"}[5m] offset 1h))))',
    ],
    [
      'x / on (tenant, service) group_left tenant_service:http_requests:rate5m{tenant="a"}',
      'x / on (tenant, service) group_left () (sum by (tenant, service) (rate(http_requests_total{tenant="a"}[5m])))',
    ],
    [
      'deriv(tenant_service:http_requests:rate5m{tenant="a"}[10m])',
      'deriv((sum by (tenant, service) (rate(http_requests_total{tenant="a"}[5m])))[10m:1m])',
    ],
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
    expect(expandRecorded('tenant:x:threshold{tenant="b"}', thresholds)).toBe(
      '(label_replace(vector(0.05), "tenant", "b", "", ""))',
    );
  });

  it('filters on a label the rule creates with label_replace instead of pushing it into selectors that lack it', () => {
    const dedicated: Recording[] = [
      {
        record: 'tenant_container:cpu:rate5m',
        expr: 'sum by (tenant, container) (label_replace(rate(cpu_total[5m]) * on (pod) group_left (t) pods, "tenant", "$1", "t", "(.+)"))',
      },
    ];
    const expanded = expandRecorded('tenant_container:cpu:rate5m{tenant="a", container="w"}', dedicated);
    expect(expanded).toBe(
      '((sum by (tenant, container) (label_replace(rate(cpu_total{container="w"}[5m]) * on (pod) group_left (t) pods{container="w"}, "tenant", "$1", "t", "(.+)"))) and on (tenant) label_replace(vector(1), "tenant", "a", "", ""))',
    );
    expect(validatePromql(expanded)).toEqual([]);
    expect(() => expandRecorded('tenant_container:cpu:rate5m{tenant=~"a|b"}', dedicated)).toThrow(
      /only = can be applied/,
    );
  });

  it('sets the labels a rule adds, so rules sharing a name stay apart and joins on those labels still match', () => {
    const slos: Recording[] = [
      { record: 'tenant_slo:sli_errors:rate5m', expr: 'sum by (tenant) (rate(x_total[5m]))', labels: { slo: 'a' } },
      { record: 'tenant_slo:sli_errors:rate5m', expr: 'sum by (tenant) (rate(y_total[5m]))', labels: { slo: 'b' } },
    ];
    const both = expandRecorded('tenant_slo:sli_errors:rate5m{tenant="t"}', slos);
    expect(both).toBe(
      '((label_replace(sum by (tenant) (rate(x_total{tenant="t"}[5m])), "slo", "a", "", "")) or (label_replace(sum by (tenant) (rate(y_total{tenant="t"}[5m])), "slo", "b", "", "")))',
    );
    expect(validatePromql(both)).toEqual([]);
    expect(expandRecorded('sum_over_time(tenant_slo:sli_errors:rate5m{tenant="t", slo="b"}[30d])', slos)).toBe(
      'sum_over_time((label_replace(sum by (tenant) (rate(y_total{tenant="t"}[5m])), "slo", "b", "", ""))[30d:1m])',
    );
  });
});
