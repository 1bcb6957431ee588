import { describe } from 'vitest';
import { checkCases } from '../cases.ts';
import { tenantIsolation } from './tenant-isolation.ts';

const inTenant = { origin: 'dashboard' as const, tenant: 'aurora-books' };

describe(tenantIsolation.name, () => checkCases(tenantIsolation, [
  { expr: 'sum(rate(http_requests_total{tenant="aurora-books"}[$__rate_interval]))', ctx: inTenant },
  { expr: 'tenant_service:http_requests:rate5m{tenant="aurora-books", service="story-api"}', ctx: inTenant },
  { expr: 'sum by (tenant) (rate(http_requests_total[5m]))', ctx: { origin: 'record' } },
  { expr: 'rate(http_requests_total[5m])', ctx: { ...inTenant, ownDatasource: true } },
  { expr: 'sum(rate(http_requests_total[$__rate_interval]))', ctx: inTenant, finds: /http_requests_total has no tenant matcher: add tenant="aurora-books"/ },
  { expr: 'tenant_service:http_requests:rate5m{tenant="inkwell"}', ctx: inTenant, finds: /matches tenant="inkwell" in tenant aurora-books's artifact/ },
  { expr: 'http_requests_in_flight{tenant=~"aurora.*"}', ctx: inTenant, finds: /must be exactly tenant="aurora-books"/ },
  { expr: 'sum(rate(container_cpu_usage_seconds_total[$__rate_interval]))', ctx: inTenant, finds: /has no tenant label: in tenant aurora-books's artifact it shows the whole platform's data/ },
]));
