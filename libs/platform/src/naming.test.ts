import { describe, expect, it } from 'vitest';
import { environments } from './environments.ts';
import { checkedDashboardUid, commonLabels, dashboardUid } from './naming.ts';

describe('dashboard uids', () => {
  it('derive from scope, persona and slug', () => {
    expect(dashboardUid('aurora-books', 'ops', 'story-api')).toBe('aurora-books-ops-story-api');
    expect(dashboardUid('{{ $labels.tenant }}', 'ops', 'story-api')).toBe('{{ $labels.tenant }}-ops-story-api');
  });

  it('refuse more than 40 characters, naming the slug to shorten', () => {
    expect(checkedDashboardUid('abcdefghijklmnopqrst', 'product', 'eleven-char')).toHaveLength(40);
    expect(() => checkedDashboardUid('abcdefghijklmnopqrst', 'product', 'twelve-chars')).toThrow(
      /41 characters, Grafana allows 40: shorten the dashboard slug "twelve-chars"/,
    );
  });
});

describe('commonLabels', () => {
  it('name plotwatch as manager and carry the release the chart selects', () => {
    expect(commonLabels(environments.prod)).toEqual({
      'app.kubernetes.io/managed-by': 'plotwatch',
      release: 'kube-prometheus-stack',
    });
  });
});
