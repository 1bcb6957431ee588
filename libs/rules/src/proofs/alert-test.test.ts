import { describe, expect, it } from 'vitest';
import type { CompiledAlert } from '../model/model.ts';
import { label, tpl, value } from '../generate/template.ts';
import { counterValues, promtoolTestFile } from './alert-test.ts';

describe('typed promtool tests', () => {
  it('write counters whose rate changes in expanding notation, each segment continuing the last', () => {
    expect(
      counterValues([
        { perStep: 10, steps: 3 },
        { perStep: 2, steps: 2 },
      ]),
    ).toBe('0+10x3 32+2x1');
    expect(counterValues([{ perStep: -5, steps: 2 }], 100)).toBe('100-5x2');
  });

  it("compile to a promtool file: rule labels over series labels, annotations rendered from the rule's own templates", () => {
    const alert: CompiledAlert = {
      name: 'Slow',
      rules: [
        {
          severity: 'page',
          labels: { severity: 'page', persona: 'ops' },
          annotations: { summary: tpl`${label('tenant')} at ${value('humanizeDuration')}` },
        },
      ],
    };
    const file = JSON.parse(
      promtoolTestFile({
        ruleFiles: ['../rules/a.yaml'],
        groupOrder: ['plotwatch.a'],
        alert,
        cases: [
          {
            name: 'Slow a: fires',
            interval: '1m',
            evaluationInterval: '5m',
            inputs: [{ series: 'x{tenant="a"}', values: '1+0x10' }],
            checks: [
              { at: '10m', firing: [{ severity: 'page', labels: { tenant: 'a', persona: 'series' }, value: 1.5 }] },
            ],
          },
        ],
      }),
    ) as {
      evaluation_interval: string;
      group_eval_order: string[];
      tests: Array<{ alert_rule_test: Array<{ exp_alerts: unknown[] }> }>;
    };
    expect(file.evaluation_interval).toBe('5m');
    expect(file.group_eval_order).toEqual(['plotwatch.a']);
    expect(file.tests[0]!.alert_rule_test[0]!.exp_alerts).toEqual([
      {
        exp_labels: { tenant: 'a', persona: 'ops', severity: 'page', alertname: 'Slow' },
        exp_annotations: { summary: 'a at 1.5s' },
      },
    ]);
  });

  it('refuse cases of different evaluation steps in one file', () => {
    const base = { interval: '1m', inputs: [], checks: [] };
    expect(() =>
      promtoolTestFile({
        ruleFiles: [],
        groupOrder: [],
        alert: { name: 'A', rules: [] },
        cases: [
          { ...base, name: 'a', evaluationInterval: '1m' },
          { ...base, name: 'b', evaluationInterval: '5m' },
        ],
      }),
    ).toThrow(/one interval/);
  });
});
