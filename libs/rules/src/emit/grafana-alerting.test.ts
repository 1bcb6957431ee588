import { environment } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { compileAlert } from '../generate/compile-alert.ts';
import { grafanaRule, grafanaRuleGroup } from './grafana-alerting.ts';
import { label, tpl } from '../generate/template.ts';
import { tenantThresholdAlert } from '../generate/threshold-alert.ts';

const alert = tenantThresholdAlert({
  name: 'Errors',
  threshold: 'story_api_error_ratio',
  comparison: '>',
  for: '10m',
  severity: 'page',
  persona: 'ops',
  signal: () => 'tenant_service:http_requests_errors:ratio_rate5m',
  summary: tpl`errors of ${label('tenant')}`,
  description: tpl`Too many.`,
  dashboard: { persona: 'ops', slug: 'story-api', panel: 'Error ratio (5xx)' },
  proof: { inputs: () => [], labels: (t) => ({ tenant: t }) },
});

describe('Grafana-managed rules', () => {
  const target = { kind: 'shared' } as const;
  const { rules, compiled } = compileAlert(alert, target, environment('prod'), 3);
  const rule = grafanaRule({
    rule: rules[0]!,
    compiled: compiled.rules[0]!,
    title: 'Errors',
    target,
    datasourceUid: 'prom-prod',
    folderUid: 'platform-ops',
    group: 'plotwatch.services',
  }).build();

  it("query the same expression, make each returned series an instance, and fetch each tenant's threshold by a query of its own", () => {
    expect(rule.data.map((q) => q.refId)).toEqual(['A', 'T1', 'C']);
    const models = rule.data.map((q) => q.model as unknown as { expr?: string; expression?: string });
    expect(models[0]!.expr).toBe(rules[0]!.expr);
    expect(models[1]!.expr).toBe(
      `(${rules[0]!.expr}) * 0 + on (tenant) group_left tenant:story_api_error_ratio:threshold`,
    );
    expect(models[2]!.expression).toBe('is_number($A)');
    expect(rule).toMatchObject({
      condition: 'C',
      for: '10m',
      noDataState: 'OK',
      execErrState: 'Error',
      labels: rules[0]!.labels,
    });
    expect(rule.annotations!.description).toBe(
      'Too many. Now {{ $values.A.Value | humanizePercentage }}, threshold {{ $values.T1.Value | humanizePercentage }}.',
    );
  });

  it("carry keep_firing_for when the rule has it, Grafana's field of the same name, and no such key otherwise", () => {
    const input = {
      compiled: compiled.rules[0]!,
      title: 'Errors',
      target,
      datasourceUid: 'p',
      folderUid: 'f',
      group: 'g',
    };
    const kept = grafanaRule({ ...input, rule: { ...rules[0]!, keepFiringFor: '5m' } }).build();
    expect(kept.keep_firing_for).toBe('5m');
    expect('keep_firing_for' in rule).toBe(false);
  });

  it('have stable uids Grafana accepts, and group per folder', () => {
    expect(rule.uid).toMatch(/^pw-[0-9a-f]{16}$/);
    const group = grafanaRuleGroup('plotwatch.services', 'platform-ops', 30, []);
    expect(group).toEqual({ title: 'plotwatch.services', folderUid: 'platform-ops', interval: 30, rules: [] });
  });
});
