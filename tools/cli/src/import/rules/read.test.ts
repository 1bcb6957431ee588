import { run } from '@plotwatch/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exprPosition, readRuleFile, RuleFileError } from './read.ts';

const rule = (fields: string) =>
  `groups:\n  - name: g\n    rules:\n      - ${fields.trim().split('\n').join('\n        ')}\n`;

/** What the real promtool says of a plain rule file. */
async function promtool(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-read-'));
  try {
    await writeFile(join(dir, 'r.yaml'), text);
    return await run('promtool', ['check', 'rules', 'r.yaml'], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Files promtool refuses, and the import's error for each: file, path, what is wrong. */
const refused: Array<[string, string, string]> = [
  ['not YAML', 'groups:\n  - name: g\n   rules: [', 'bad.yaml:3:1: not YAML (Sequence item without - indicator)'],
  [
    'a PromQL syntax error',
    rule('alert: A\nexpr: rate(x[5m]'),
    'bad.yaml: groups[0].rules[0].expr: unexpected end of input (at the end: "rate(x[5m]")',
  ],
  [
    'an unknown rule field',
    rule('alert: A\nexpr: up\nseverity: page'),
    'bad.yaml: groups[0].rules[0].severity: field severity is not a rule field (record, alert, expr, for, keep_firing_for, labels, annotations)',
  ],
  [
    'a bad duration',
    rule('alert: A\nexpr: up\nfor: 5 minutes'),
    'bad.yaml: groups[0].rules[0].for: "5 minutes" is not a duration (a number and a unit: 30s, 5m, 1h30m)',
  ],
  [
    'record and alert',
    rule('alert: A\nrecord: a\nexpr: up'),
    'bad.yaml: groups[0].rules[0]: only one of record and alert may be set',
  ],
  ['neither record nor alert', rule('expr: up'), 'bad.yaml: groups[0].rules[0]: one of record or alert must be set'],
  ['no expr', rule('alert: A'), 'bad.yaml: groups[0].rules[0].expr: field expr must be set'],
  [
    'a bad recording rule name',
    rule('record: "a b"\nexpr: up'),
    'bad.yaml: groups[0].rules[0].record: invalid recording rule name "a b"',
  ],
  [
    'for on a recording rule',
    rule('record: a\nexpr: up\nfor: 5m'),
    'bad.yaml: groups[0].rules[0].for: invalid field for in a recording rule',
  ],
  [
    'a bad label name',
    rule('alert: A\nexpr: up\nlabels: { "a-b": x }'),
    'bad.yaml: groups[0].rules[0].labels.a-b: invalid label name "a-b"',
  ],
  [
    'an unclosed template',
    rule('alert: A\nexpr: up\nannotations: { summary: "{{ $labels.job" }'),
    'bad.yaml: groups[0].rules[0].annotations.summary: not a valid template: unclosed {{',
  ],
  [
    'a repeated group',
    'groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n',
    'bad.yaml: groups[1].name: group name "g" is repeated in the same file',
  ],
  [
    'an unknown group field',
    'groups:\n  - name: g\n    every: 1m\n    rules: []\n',
    'bad.yaml: groups[0].every: field every is not a rule group field (name, interval, limit, rules)',
  ],
  [
    'an unknown top-level field',
    'groups: []\nrules: []\n',
    'bad.yaml: rules: field rules is not a rule file field (groups)',
  ],
  [
    'a second rule file error further down',
    `groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n  - name: b\n    rules:\n      - record: b\n        expr: up\n      - alert: B\n        expr: sum by (job) (up) > bool\n`,
    'bad.yaml: groups[1].rules[1].expr: unexpected end of input (at the end: "sum by (job) (up) > bool")',
  ],
];

describe('readRuleFile', () => {
  it.each(refused)('refuses %s as promtool does, naming file and path', async (_, text, message) => {
    let error: unknown;
    try {
      readRuleFile(text, 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleFileError);
    expect((error as Error).message).toBe(message);
    expect((await promtool(text)).ok).toBe(false);
  });

  it('names the exact PromQL problem and where it is', () => {
    expect(() => readRuleFile(rule('alert: A\nexpr: rate(x) > 1'), 'bad.yaml')).toThrow(
      'bad.yaml: groups[0].rules[0].expr: expected type range vector in call to function "rate", got instant vector (at character 6: "x")',
    );
  });

  it('reads the three forms, with paths for the summary', () => {
    const plain = readRuleFile(rule('record: a:b\nexpr: sum(up)'), 'r.yaml');
    expect(plain).toMatchObject({
      form: 'prometheus',
      groups: [{ name: 'g', rules: [{ kind: 'record', path: 'groups[0].rules[0]' }] }],
    });
    const crd = readRuleFile(
      `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: x }\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: up == 0\n          for: 5m\n`,
      'crd.yaml',
    );
    expect(crd).toMatchObject({
      form: 'prometheus-rule',
      namespace: 'x',
      groups: [{ rules: [{ path: 'spec.groups[0].rules[0]', for: '5m' }] }],
    });
    const mimir = readRuleFile(
      `namespace: a\ngroups: []\n---\nnamespace: b\ngroups:\n  - name: g\n    rules: []\n`,
      'm.yaml',
    );
    expect(mimir).toMatchObject({ form: 'mimir', namespace: 'a', groups: [{ path: 'documents[1].groups[0]' }] });
    expect(() => readRuleFile('kind: ConfigMap\n', 'c.yaml')).toThrow(
      'c.yaml: kind: a ConfigMap is not a PrometheusRule',
    );
    expect(() => readRuleFile('dashboard: {}\n', 'd.yaml')).toThrow(
      'd.yaml: not a rule file: expected groups:, a PrometheusRule object or a mimirtool namespace file',
    );
  });

  it('accepts what the Go parser accepts and codemirror-promql does not: two __name__ matchers without a name', async () => {
    const text = rule('alert: A\nexpr: \'{__name__=~"pg_.*", __name__!="pg_up"} > 1\'');
    expect(readRuleFile(text, 'r.yaml').groups[0]!.rules).toHaveLength(1);
    expect((await promtool(text)).ok).toBe(true);
  });
});

describe('exprPosition', () => {
  // Each case: a rule file, and the text in its expression whose first character is looked up.
  const cases: ReadonlyArray<readonly [string, string, string, { line: number; col: number }]> = [
    ['plain', rule('record: a:b\nexpr: sum(rate(x[5m]))'), 'x', { line: 5, col: 24 }],
    [
      'double-quoted, with an escape before',
      rule('record: a:b\nexpr: "up{a=\\"b\\"} + rate(x[5m])"'),
      'x',
      { line: 5, col: 35 },
    ],
    [
      "single-quoted, with '' before",
      rule("record: a:b\nexpr: 'up{a=''b''} + rate(x[5m])'"),
      'x',
      { line: 5, col: 35 },
    ],
    ['a literal block', rule('record: a:b\nexpr: |\n  sum(\n    rate(x[5m])\n  )'), 'x', { line: 7, col: 18 }],
    ['a folded block', rule('record: a:b\nexpr: >-\n  sum(up)\n  + rate(x[5m])'), 'x', { line: 7, col: 18 }],
    ['a plain multi-line scalar', rule('record: a:b\nexpr: sum(up)\n  + rate(x[5m])'), 'x', { line: 6, col: 18 }],
    ['the end of the expression', rule('record: a:b\nexpr: sum(up)'), '', { line: 5, col: 22 }],
  ];
  it.each(cases)('maps an offset to its line and column in the file: %s', (_, text, at, position) => {
    const read = readRuleFile(text, 'r.yaml').groups[0]!.rules[0]!;
    const offset = at === '' ? read.expr.length : read.expr.indexOf(at);
    expect(exprPosition(text, read, offset)).toEqual(position);
  });
});

describe('readRuleFile for a target Prometheus', () => {
  const withOffset = `groups:\n  - name: g\n    query_offset: 1m\n    labels: { team: a }\n    rules:\n      - record: a:b\n        expr: up\n`;
  it('takes the group fields of later releases for a target that has them, and says which version 2.42 lacks', async () => {
    expect(readRuleFile(withOffset, 'r.yaml', { target: { version: '3.x', features: [] } }).groups).toHaveLength(1);
    expect(() => readRuleFile(withOffset, 'r.yaml', { target: { version: '2.53', features: [] } })).toThrow(
      'r.yaml: groups[0].labels: labels needs Prometheus ≥ 3.0, and the target is Prometheus 2.53',
    );
    expect(() => readRuleFile(withOffset, 'r.yaml')).toThrow(
      'r.yaml: groups[0].query_offset: query_offset needs Prometheus ≥ 2.53, and the target is Prometheus 2.42',
    );
    expect((await promtool(withOffset)).ok).toBe(false);
  });
});
