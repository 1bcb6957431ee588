import { describe, expect, it } from 'vitest';
import { PLATFORM_SCOPE, selector, tenantScope } from './selectors.ts';

describe('selector', () => {
  it.each([
    ['http_requests_total', PLATFORM_SCOPE, {}, 'http_requests_total'],
    [
      'http_requests_total',
      tenantScope('inkwell'),
      { code: { re: '5..' } },
      'http_requests_total{tenant="inkwell", code=~"5.."}',
    ],
    [
      'http_request_duration_seconds_bucket',
      tenantScope('a'),
      { le: '0.5', method: { not: 'GET' } },
      'http_request_duration_seconds_bucket{tenant="a", le="0.5", method!="GET"}',
    ],
    [
      'tenant_service:x:rate5m',
      tenantScope('a'),
      { service: 'story-api' },
      'tenant_service:x:rate5m{tenant="a", service="story-api"}',
    ],
  ] as const)('%s in %j', (name, scope, matchers, expected) => {
    expect(selector(name, scope, matchers)).toBe(expected);
  });

  it.each([
    ['an unknown metric', () => selector('http_request_total', PLATFORM_SCOPE), /not in the catalog/],
    [
      'an unknown label',
      () => selector('http_requests_total', PLATFORM_SCOPE, { status: '500' }),
      /has no label status/,
    ],
    [
      'a hand-written tenant matcher',
      () => selector('http_requests_total', PLATFORM_SCOPE, { tenant: 'a' }),
      /comes from the scope/,
    ],
  ])('refuses %s', (_case, build, message) => {
    expect(build).toThrow(message);
  });
});
