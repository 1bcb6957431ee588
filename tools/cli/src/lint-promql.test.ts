import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
