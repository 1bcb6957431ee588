import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINT_PROMQL, lintExpression, splitExpressions } from './lint-promql.ts';
import { parseCommand } from './usage.ts';
import { CLI_BIN as CLI } from './paths.ts';
import { plotwatchHere } from './test-support.ts';

/** The real executable: a process start (about a second of CPU) each. */
const lintPromqlBin = (args: string[], input?: string) =>
  spawnSync('node', [CLI, 'lint-promql', ...args], { encoding: 'utf8', ...(input === undefined ? {} : { input }) });

/**
 * `plotwatch lint-promql ARGS` as the CLI runs it, in this process (`plotwatchHere`): what it prints
 * to stdout and stderr, and its exit code. The tests of the executable itself (exit codes, streams,
 * stdin) start it.
 */
async function lintPromql(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await plotwatchHere('lint-promql', ...args);
  return { status: code, stdout, stderr };
}

/** A file of `content` in a new temporary directory. */
function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lint-promql-')), name);
  writeFileSync(file, content);
  return file;
}

/** Two multi-line expressions between --- lines, the second invalid on line 7. */
const MULTI_LINE = 'sum by (job) (\n  rate(x[5m])\n)\n---\nsum by (job) (\n  rate(x[5m]) >\n)\n';

// The executable itself: stdin, exit codes, stdout and stderr of a child process.
describe('plotwatch lint-promql, the executable', { timeout: 30_000 }, () => {
  it('prints one JSON result per input line and exits 1 when any is invalid', () => {
    const run = lintPromqlBin(
      ['--json'],
      'sum by (tenant) (rate(http_requests_total[5m]))\nrate(http_requests_total)\n\nsum(rate(x[5m])\n',
    );
    expect(run.status).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            expr: string;
            valid: boolean;
            errors: Array<{ check: string; message: string; position: number }>;
          },
      );
    expect(lines.map((l) => [l.expr, l.valid])).toEqual([
      ['sum by (tenant) (rate(http_requests_total[5m]))', true],
      ['rate(http_requests_total)', false],
      ['sum(rate(x[5m])', false],
    ]);
    expect(lines[0]!.errors).toEqual([]);
    expect(lines[1]!.errors[0]!.message).toMatch(/range vector/);
    expect(lines[1]!.errors[0]!.position).toBe(5);
    expect(lines[1]!.errors[0]!.check).toBe('promql/syntax');
  });

  it('takes expressions as arguments and exits 0 when all are valid', () => {
    const run = lintPromqlBin(['up == 1', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ok: up == 1\nok: histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))\n');
    expect(run.stderr).toBe('');
  });

  it('refuses a version it does not know on stderr, naming those it does, exit 2', () => {
    const run = lintPromqlBin(['--prometheus-version', '2.40', 'up']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--prometheus-version must be one of 2.42, 2.53, 3.x, got "2.40"');
  });

  it('reads ----separated multi-line expressions from stdin (--file -), lines counted in the input', () => {
    const run = lintPromqlBin(['--file', '-'], MULTI_LINE);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      '<stdin>:7:1: unexpected ")" [promql/syntax]',
      '    )',
      '    ^',
    ]);
  });
});

// The command in this process, through the CLI's run() (plotwatchHere).
describe('plotwatch lint-promql', () => {
  it('prints an invalid expression with a caret under the span, ending with the check id to look up', async () => {
    const run = await lintPromql(['rate(http_requests_total)']);
    expect(run.status).toBe(1);
    const [head, expr, carets] = run.stdout.split('\n');
    expect(head).toBe('1:6: expected type range vector in call to function "rate", got instant vector [promql/syntax]');
    expect(expr).toBe('    rate(http_requests_total)');
    expect(carets).toBe(`    ${' '.repeat(5)}${'^'.repeat('http_requests_total'.length)}`);
  });
});

const EXPERIMENTAL = '--enable-feature=promql-experimental-functions';
const DURATION_EXPR = 'needs --enable-feature=promql-duration-expr in Prometheus 3.x (on by default from 3.14)';
const flagged = (name: string) => `${name} needs ${EXPERIMENTAL} in Prometheus 3.x`;
const FLAGS = ['promql-experimental-functions', 'promql-duration-expr'];

/**
 * Each version-specific case as 2.42 (promtool 2.42, here), 3.x and 3.x with the flags read it: the first
 * error's message, or `ok`. 3.x is Prometheus' documented behaviour (functions.go, lex.go, CHANGELOG).
 */
const CASES: ReadonlyArray<readonly [string, string, string, string]> = [
  [
    'holt_winters(x[5m], 0.5, 0.5)',
    'ok',
    `holt_winters was renamed in Prometheus 3.0; write double_exponential_smoothing(…), the same function, with ${EXPERIMENTAL}`,
    `holt_winters was renamed in Prometheus 3.0; write double_exponential_smoothing(…), the same function, with ${EXPERIMENTAL}`,
  ],
  [
    'double_exponential_smoothing(x[5m], 0.5, 0.5)',
    `double_exponential_smoothing needs Prometheus ≥ 3.0 with ${EXPERIMENTAL}; for Prometheus 2.42 write holt_winters(…), the same function`,
    flagged('double_exponential_smoothing'),
    'ok',
  ],
  ['info(up)', `info needs Prometheus ≥ 3.0 with ${EXPERIMENTAL}`, flagged('info'), 'ok'],
  ['limitk(1, up)', `limitk needs Prometheus ≥ 2.54 with ${EXPERIMENTAL}`, flagged('limitk'), 'ok'],
  [
    'mad_over_time(x[5m])',
    `mad_over_time needs Prometheus ≥ 2.49 with ${EXPERIMENTAL}`,
    flagged('mad_over_time'),
    'ok',
  ],
  [
    'sort_by_label(up, "job")',
    `sort_by_label needs Prometheus ≥ 2.49 with ${EXPERIMENTAL}`,
    flagged('sort_by_label'),
    'ok',
  ],
  [
    'start()',
    `unknown function with name "start": start needs Prometheus ≥ 3.12 with ${EXPERIMENTAL}`,
    flagged('start'),
    'ok',
  ],
  ['end()', `unknown function with name "end": end needs Prometheus ≥ 3.12 with ${EXPERIMENTAL}`, flagged('end'), 'ok'],
  ['up @ start()', 'ok', 'ok', 'ok'],
  [
    '{"my.metric"}',
    'a quoted (UTF-8) label or metric name needs Prometheus ≥ 3.0; the target is Prometheus 2.42',
    'ok',
    'ok',
  ],
  [
    'up[5m+1m]',
    'a duration expression needs Prometheus ≥ 3.4 with --enable-feature=promql-duration-expr (on by default from 3.14); the target is Prometheus 2.42',
    `a duration expression ${DURATION_EXPR}`,
    'ok',
  ],
  [
    'up offset (5m)',
    'an offset expression needs Prometheus ≥ 3.4 with --enable-feature=promql-duration-expr (on by default from 3.14); the target is Prometheus 2.42',
    `an offset expression ${DURATION_EXPR}`,
    'ok',
  ],
];

describe('lint-promql for a target Prometheus', () => {
  const first = (expr: string, version: '2.42' | '3.x', features: string[] = []) =>
    lintExpression(expr, { version, features }).errors[0]?.message ?? 'ok';
  it.each(CASES)('%s: as 2.42, 3.x, 3.x with flags', (expr, as242, as3, as3WithFlags) => {
    expect([first(expr, '2.42'), first(expr, '3.x'), first(expr, '3.x', FLAGS)]).toEqual([as242, as3, as3WithFlags]);
  });
});

describe('plotwatch lint-promql --prometheus-version --enable-feature', () => {
  it('checks for that version and its flags, in the same --json shape', async () => {
    const args = ['--json', '--prometheus-version', '3.x', '--enable-feature', FLAGS.join(',')];
    const run = await lintPromql([...args, 'info(up)', 'holt_winters(x[5m], 0.5, 0.5)']);
    expect(run.status).toBe(1);
    const [info, holtWinters] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(info).toEqual({ expr: 'info(up)', valid: true, errors: [] });
    expect(Object.keys(holtWinters!)).toEqual(['expr', 'valid', 'errors']);
    expect((holtWinters!.errors as Array<Record<string, unknown>>).map((e) => Object.keys(e))).toEqual([
      ['check', 'message', 'from', 'to', 'position'],
    ]);
  });
});

describe('splitExpressions', () => {
  it('reads one expression per line, with the line it is on, blank lines skipped', () => {
    expect(splitExpressions('up\n\n  sum(x)\r\n')).toEqual([
      { expr: 'up', line: 1 },
      { expr: '  sum(x)', line: 3 },
    ]);
  });

  it('reads multi-line expressions between lines of exactly ---, when there is one', () => {
    expect(splitExpressions('\nsum by (job) (\n  up\n)\n---\n\nrate(x[5m])\n---  \n---\n')).toEqual([
      { expr: 'sum by (job) (\n  up\n)', line: 2 },
      { expr: 'rate(x[5m])\n---  ', line: 7 },
    ]);
  });
});

describe('lint-promql and Grafana variables', () => {
  it('substitutes them as the build does and reports where the text as written is wrong', () => {
    expect(lintExpression('sum by (job) (rate(x{job=~"$job"}[$__rate_interval]))').valid).toBe(true);
    expect(lintExpression('increase(x[$__range]) / ${window:raw} + [[factor]]').valid).toBe(true);
    const expr = 'rate(x[$__rate_interval]) + rate(y)';
    const [error] = lintExpression(expr).errors;
    expect(error).toMatchObject({ position: expr.indexOf('y'), from: expr.indexOf('y'), to: expr.indexOf('y') + 1 });
    expect(error!.message).toBe('expected type range vector in call to function "rate", got instant vector');
  });
});

describe('plotwatch lint-promql --file, --rules, --catalog', () => {
  it('reads a file, one expression per line, naming FILE:line:col with the line and a caret', async () => {
    const file = tempFile('queries.promql', 'up\n\nsum(rate(x[$__rate_interval]))\n  rate(http_requests_total)\n');
    const run = await lintPromql(['--file', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        `${file}:4:8: expected type range vector in call to function "rate", got instant vector [promql/syntax]`,
        '      rate(http_requests_total)',
        `    ${' '.repeat(7)}${'^'.repeat('http_requests_total'.length)}`,
        '',
      ].join('\n'),
    );
  });

  it('reads ----separated multi-line expressions (--file), each one --json result', async () => {
    const json = await lintPromql(['--json', '--file', tempFile('multi.promql', MULTI_LINE)]);
    expect(json.status).toBe(1);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { expr: 'sum by (job) (\n  rate(x[5m])\n)', valid: true, errors: [] },
      {
        expr: 'sum by (job) (\n  rate(x[5m]) >\n)',
        valid: false,
        errors: [{ check: 'promql/syntax', message: 'unexpected ")"', from: 31, to: 32, position: 31 }],
      },
    ]);
  });

  it('runs the catalog checks the build runs with --catalog, on the text as written', async () => {
    const expr = 'sum(rate(http_request_total{tenant="$tenant"}[$__rate_interval]))';
    expect((await lintPromql([expr])).stdout).toBe(`ok: ${expr}\n`);
    const run = await lintPromql(['--catalog', expr]);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      '1:10: metric http_request_total is not in the catalog (libs/platform/src/catalog.ts) (did you mean http_requests_total?) [promql/unknown-metric]',
      `    ${expr}`,
      `    ${' '.repeat(9)}${'^'.repeat('http_request_total'.length)}`,
    ]);
  });

  const RULES = [
    'groups:',
    '  - name: api',
    '    rules:',
    '      - record: job:http_requests:rate5m',
    '        expr: sum by (job) (rate(http_requests_total[5m]))',
    '      - alert: Literal',
    '        expr: |',
    '          sum by (job) (',
    '            rate(x)',
    '          ) > 1',
    '        for: 5m',
    '      - alert: Quoted',
    "        expr: 'rate(y[5m]) >  bool'",
    '      - alert: Folded',
    '        expr: >-',
    '          sum(rate(z[5m]))',
    '          > on() group_left sum(rate(w))',
    '',
  ].join('\n');

  it('lints every expr of a rule file, at FILE:line:col of the expression in the YAML, with its group and rule', async () => {
    const file = tempFile('rules.yaml', RULES);
    const run = await lintPromql(['--rules', file]);
    expect(run.status).toBe(1);
    const heads = run.stdout.split('\n').filter((l) => !l.startsWith(' '));
    expect(heads).toEqual([
      `${file}:9:18: group api, alert Literal: expected type range vector in call to function "rate", got instant vector [promql/syntax]`,
      `${file}:13:35: group api, alert Quoted: unexpected end of input [promql/syntax]`,
      `${file}:17:38: group api, alert Folded: expected type range vector in call to function "rate", got instant vector [promql/syntax]`,
      '',
    ]);
    // The caret is under the expression's own line.
    expect(run.stdout.split('\n').slice(1, 3)).toEqual(['      rate(x)', `      ${' '.repeat(5)}^`]);
  });

  it("reads a PrometheusRule's spec.groups, and --catalog adds the build's checks for rules", async () => {
    const crd = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: { name: api }',
      'spec:',
      '  groups:',
      '    - name: api',
      '      rules:',
      '        - alert: Errors',
      '          expr: sum(rate(http_request_total[5m])) > 1',
      '          for: 5m',
      '',
    ].join('\n');
    const file = tempFile('crd.yaml', crd);
    expect((await lintPromql(['--rules', file])).status).toBe(0);
    const run = await lintPromql(['--rules', file, '--catalog']);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      `${file}:9:26: group api, alert Errors: metric http_request_total is not in the catalog (libs/platform/src/catalog.ts) (did you mean http_requests_total?) [promql/unknown-metric]`,
    );
  });

  it('reads a rule file for --prometheus-version: group fields of later releases, expressions of that version', async () => {
    const file = tempFile(
      'v3.yaml',
      'groups:\n  - name: g\n    query_offset: 1m\n    rules:\n      - alert: A\n        expr: info(up) > 0\n',
    );
    const as242 = await lintPromql(['--rules', file]);
    expect(as242.status).toBe(2);
    expect(as242.stderr).toContain('groups[0].query_offset: query_offset needs Prometheus ≥ 2.53');
    const as3 = await lintPromql(['--rules', file, '--prometheus-version', '3.x']);
    expect(as3.status).toBe(1);
    expect(as3.stdout.split('\n')[0]).toBe(
      `${file}:6:15: group g, alert A: info needs --enable-feature=promql-experimental-functions in Prometheus 3.x [promql/syntax]`,
    );
  });

  it('refuses a rule file promtool would not load, and two sources of expressions at once', async () => {
    const file = tempFile('bad.yaml', 'groups:\n  - name: a\n    rules:\n      - expr: up\n');
    const bad = await lintPromql(['--rules', file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${file}: groups[0].rules[0]: one of record or alert must be set`);
    const both = await lintPromql(['--rules', file, 'up']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give the expressions one way');
  });
});

describe('plotwatch lint-promql --help', () => {
  it('says how the input is read, with an example of each way', () => {
    let help = '';
    parseCommand(LINT_PROMQL, ['--help'], (text) => (help = text));
    expect(help).toContain('Input: the EXPR arguments; else --file FILE (- for stdin); else --rules FILE; else stdin.');
    for (const example of ['--file queries.promql --catalog', '--rules alerts.yaml', '| plotwatch lint-promql --json'])
      expect(help).toContain(example);
  });
});
