import { run, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { humanizeLike } from './humanize.ts';
import type { ValueFormat } from '../model/model.ts';
import { prometheusTemplate, value } from './template.ts';

const VALUES = [
  0, 0.00505, 0.0495, 0.05, 0.123456, 0.5, 0.999, 1, 1.5, 12.34567, 59.9, 60, 90, 3725, 90061, 0.000042, 123456, -1.5e9,
];
const FORMATS: ValueFormat[] = ['humanizePercentage', 'humanize', 'humanizeDuration', 'decimal'];

describe('humanizeLike', () => {
  it('prints exactly what Prometheus prints (checked by promtool)', async () => {
    // One alert per value; each annotation formats it one way, as the rule templates write it.
    // promtool compares them all.
    const annotations = Object.fromEntries(
      FORMATS.map((f) => [f, prometheusTemplate([value(f)], { kind: 'platform' })]),
    );
    const rules = {
      groups: [
        { name: 'humanize', rules: VALUES.map((v, i) => ({ alert: `V${i}`, expr: `vector(${v})`, annotations })) },
      ],
    };
    const tests = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [],
          alert_rule_test: VALUES.map((v, i) => ({
            eval_time: '0m',
            alertname: `V${i}`,
            exp_alerts: [
              { exp_labels: {}, exp_annotations: Object.fromEntries(FORMATS.map((f) => [f, humanizeLike(f, v)])) },
            ],
          })),
        },
      ],
    };
    const dir = await writeTree([
      ['rules.yaml', stringify(rules)],
      ['test.yaml', stringify(tests)],
    ]);
    try {
      const result = await run('promtool', ['test', 'rules', 'test.yaml'], dir);
      expect(result.ok, result.output).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
