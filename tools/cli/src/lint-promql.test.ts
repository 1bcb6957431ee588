import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintExpression } from './lint-promql.ts';
import { REPO_ROOT } from './paths.ts';

const CLI = join(REPO_ROOT, 'tools/cli/bin/plotwatch.js');

// Each test starts the CLI in a child process.
describe('plotwatch lint-promql', { timeout: 30_000 }, () => {
  it('prints one JSON result per input line and exits 1 when any is invalid', () => {
    const run = spawnSync('node', [CLI, 'lint-promql', '--json'], {
      input: 'sum by (tenant) (rate(http_requests_total[5m]))\nrate(http_requests_total)\n\nsum(rate(x[5m])\n',
      encoding: 'utf8',
    });
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

  it('prints an invalid expression with a caret under the span, ending with the check id to look up', () => {
    const run = spawnSync('node', [CLI, 'lint-promql', 'rate(http_requests_total)'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const [head, expr, carets] = run.stdout.split('\n');
    expect(head).toMatch(/^invalid: .*range vector.* \[promql\/syntax\]$/);
    expect(expr).toBe('    rate(http_requests_total)');
    expect(carets).toBe(`    ${' '.repeat(5)}${'^'.repeat('http_requests_total'.length)}`);
  });

  it('takes expressions as arguments and exits 0 when all are valid', () => {
    const run = spawnSync(
      'node',
      [CLI, 'lint-promql', 'up == 1', 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ok: up == 1\nok: histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))\n');
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

describe('plotwatch lint-promql --prometheus-version --enable-feature', { timeout: 30_000 }, () => {
  it('checks for that version and its flags, in the same --json shape', () => {
    const args = ['lint-promql', '--json', '--prometheus-version', '3.x', '--enable-feature', FLAGS.join(',')];
    const run = spawnSync('node', [CLI, ...args, 'info(up)', 'holt_winters(x[5m], 0.5, 0.5)'], { encoding: 'utf8' });
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

  it('refuses a version it does not know, naming those it does', () => {
    const run = spawnSync('node', [CLI, 'lint-promql', '--prometheus-version', '2.40', 'up'], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--prometheus-version must be one of 2.42, 2.53, 3.x, got "2.40"');
  });
});
