import { describe, expect, it } from 'vitest';
import { baselineFirings, baselineTestFile, mergedGroupOrder } from './baseline-proof.ts';

describe('mergedGroupOrder', () => {
  it("keeps every file's order, dependencies first, ties by first appearance", () => {
    expect(
      mergedGroupOrder([
        ['thresholds', 'alerts.ai'],
        ['thresholds', 'slo', 'alerts.slo'],
        ['recorded', 'slo'],
      ]),
    ).toEqual(['thresholds', 'alerts.ai', 'recorded', 'slo', 'alerts.slo']);
  });
});

describe('baselineTestFile', () => {
  it('expects every alert silent at every check, the values written compactly', () => {
    const test = JSON.parse(
      baselineTestFile({
        ruleFiles: ['../rules/a.yaml'],
        groupOrder: ['g'],
        alerts: ['A', 'B'],
        series: [{ series: 'x{tenant="t"}', values: [1, 0.123456789, 2e-7] }],
        intervalMinutes: 1,
        checkMinutes: [60, 70],
      }),
    ) as { tests: Array<{ input_series: unknown[]; alert_rule_test: unknown[] }> };
    expect(test.tests[0]!.input_series).toEqual([{ series: 'x{tenant="t"}', values: '1 0.123457 2e-7' }]);
    expect(test.tests[0]!.alert_rule_test).toEqual([
      { eval_time: '60m', alertname: 'A', exp_alerts: [] },
      { eval_time: '60m', alertname: 'B', exp_alerts: [] },
      { eval_time: '70m', alertname: 'A', exp_alerts: [] },
      { eval_time: '70m', alertname: 'B', exp_alerts: [] },
    ]);
  });
});

describe('baselineFirings', () => {
  it("reads each alert and tenant that fired from promtool's failure text, at its first check", () => {
    const text = [
      'FAILED:',
      "    name: baseline: the demo platform's normal behaviour fires no alert,",
      '    alertname: Drift, time: 1h, ',
      '        exp:[]',
      '        got:[',
      '            0:',
      '              Labels:{alertname="Drift", model="m", tenant="t-a"}',
      '              Annotations:{summary="x"}',
      '            1:',
      '              Labels:{alertname="Drift", model="m", tenant="t-b"}',
      '            ]',
      '    alertname: Drift, time: 1h10m, ',
      '        exp:[]',
      '        got:[',
      '            0:',
      '              Labels:{alertname="Drift", model="m", tenant="t-a"}',
      '            ]',
      '    alertname: Down, time: 1h10m, ',
      '        exp:[]',
      '        got:[',
      '            0:',
      '              Labels:{alertname="Down", job="j"}',
      '            ]',
    ].join('\n');
    expect(baselineFirings(text)).toEqual([
      { alert: 'Down', tenant: undefined, at: '1h10m' },
      { alert: 'Drift', tenant: 't-a', at: '1h' },
      { alert: 'Drift', tenant: 't-b', at: '1h' },
    ]);
  });
});
