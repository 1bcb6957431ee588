import { environments, personas } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { refreshInterval } from './refresh.ts';
import { checkedDashboardUid, dashboardUid } from './uid.ts';

describe('dashboard uids', () => {
  it('derive from scope, persona and slug', () => {
    expect(dashboardUid('aurora-books', 'ops', 'story-api')).toBe('aurora-books-ops-story-api');
    expect(dashboardUid('{{ $labels.tenant }}', 'ops', 'story-api')).toBe('{{ $labels.tenant }}-ops-story-api');
  });

  it('refuse more than 40 characters, naming the slug to shorten', () => {
    expect(checkedDashboardUid('abcdefghijklmnopqrst', 'product', 'eleven-char')).toHaveLength(40);
    expect(() => checkedDashboardUid('abcdefghijklmnopqrst', 'product', 'twelve-chars')).toThrow(/41 characters, Grafana allows 40: shorten the dashboard slug "twelve-chars"/);
  });
});

describe('refreshInterval', () => {
  it('is never faster than the environment scrapes', () => {
    expect(refreshInterval(personas.ops, environments.prod)).toBe('30s');
    expect(() => refreshInterval({ ...personas.ops, refresh: '10s' }, environments.prod)).toThrow(/refreshes every 10s, faster than prod scrapes \(15s\)/);
  });
});
