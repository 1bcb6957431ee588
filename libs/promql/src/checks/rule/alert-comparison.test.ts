import { describe } from 'vitest';
import { alertComparison } from './alert-comparison.ts';
import { checkCases } from '../cases.ts';

const alert = { origin: 'alert' as const };

describe(alertComparison.name, () => checkCases(alertComparison, [
  { expr: 'tenant_service:http_requests:rate5m > 10', ctx: alert },
  { expr: 'absent(up{job="story-api"})', ctx: alert },
  { expr: 'tenant_service:http_requests:rate5m' },
  { expr: 'tenant_service:http_requests:rate5m', ctx: alert, finds: /alert expression has no comparison/ },
  { expr: 'tenant_service:http_requests:rate5m > bool 10', ctx: alert, finds: /no comparison/ },
]));
