import { catalog } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { SIM_VALUES } from './labels.ts';
import { advance, createPlatform, seriesCount } from './model.ts';

const T0 = 1_700_000_000;
const find = (families: ReturnType<typeof createPlatform>, name: string, match: Record<string, string>) =>
  families
    .find((f) => f.spec.name === name)!
    .series.find((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v))!;

describe('the demo platform model', () => {
  it('exposes every catalog metric, for every tenant', () => {
    const families = createPlatform(['a', 'b']);
    expect(families.map((f) => f.spec.name)).toEqual(catalog.map((m) => m.name));
    for (const f of families.filter((x) => x.spec.tenantScoped)) {
      expect(new Set(f.series.map((s) => s.tenant))).toEqual(new Set(['a', 'b']));
    }
  });

  it('uses only allowed values of closed labels', () => {
    for (const metric of catalog) {
      for (const label of metric.labels.filter((l) => l.values && SIM_VALUES[l.name])) {
        for (const v of SIM_VALUES[label.name]!) expect(label.values, `${metric.name}.${label.name}`).toContain(v);
      }
    }
  });

  it('counters only grow; histogram buckets are cumulative and end at the count', () => {
    const families = createPlatform(['a']);
    advance(families, T0, T0 + 60);
    const before = find(families, 'http_requests_total', { code: '200', service: 'story-api' }).value;
    advance(families, T0 + 60, T0 + 120);
    expect(find(families, 'http_requests_total', { code: '200', service: 'story-api' }).value).toBeGreaterThan(before);
    const h = find(families, 'http_request_duration_seconds', { service: 'story-api' });
    for (let i = 1; i < h.buckets!.length; i++) expect(h.buckets![i]).toBeGreaterThanOrEqual(h.buckets![i - 1]!);
    expect(h.buckets!.at(-1)).toBeCloseTo(h.count, 6);
  });

  it('incidents move exactly their signals, for their tenant only', () => {
    const errorShare = (incident: boolean, tenant: string) => {
      const families = createPlatform(['a', 'b']);
      advance(families, T0, T0 + 300, incident ? [{ scenario: 'generation-failures', tenant: 'a', since: T0 }] : []);
      const of = (outcome: string) =>
        find(families, 'narrative_generation_requests_total', { tenant, outcome, model: 'gpt-4o' }).value;
      return of('error') / (of('error') + of('success') + of('timeout') + of('moderated'));
    };
    expect(errorShare(false, 'a')).toBeLessThan(0.001);
    expect(errorShare(true, 'a')).toBeGreaterThan(0.2);
    expect(errorShare(true, 'b')).toBeLessThan(0.001);
  });

  it('keeps a tenant small enough for a reference dataset of days', () => {
    expect(seriesCount(createPlatform(['a'])) - seriesCount(createPlatform([]))).toBeLessThan(2000);
  });
});
