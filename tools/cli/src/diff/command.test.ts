import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The repository's out/ as the diff sees it, here a copy the tests may make stale. */
const dirs = vi.hoisted(() => ({ out: `${process.env.TMPDIR ?? '/tmp'}/plotwatch-diff-command-${process.pid}` }));
vi.mock('../paths.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../paths.ts')>()),
  DEFAULT_OUT: dirs.out,
}));

const { REPO_ROOT } = await import('../paths.ts');
const { diff } = await import('./command.ts');

async function runDiff(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [stdout, stderr] = [[] as string[], [] as string[]];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (stdout.push(String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
  try {
    const code = await diff(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('plotwatch diff, the repository out/ against its sources', { timeout: 60_000 }, () => {
  const base = join(REPO_ROOT, 'out');
  beforeAll(() => cp(base, dirs.out, { recursive: true }));
  afterAll(() => rm(dirs.out, { recursive: true, force: true }));

  it('exits 0 when out/ is what the sources build', async () => {
    const { code, stdout, stderr } = await runDiff(['--base', base]);
    expect(stderr).toBe('');
    expect(stdout).toContain('- Thresholds: 0 changes');
    expect(code).toBe(0);
  });

  it('exits 1, saying so, when out/ is mid-update (a build was stopped while updating it)', async () => {
    const journal = join(dirs.out, '..', `.${dirs.out.split('/').at(-1)}.journal`);
    await writeFile(journal, '{}');
    try {
      const { code, stdout, stderr } = await runDiff(['--base', base]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^plotwatch diff: .* is being updated, or a build was stopped while updating it/);
    } finally {
      await rm(journal, { force: true });
    }
  });

  it('warns and exits 3 when out/ was not rebuilt after a source change', async () => {
    const path = join(dirs.out, 'prometheus/rules/thresholds.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace(/vector\(([\d.]+)\)/, 'vector(12345)'));
    const { code, stdout, stderr } = await runDiff(['--base', base, '--format', 'json']);
    expect(JSON.parse(stdout)).toHaveProperty('entries');
    expect(stderr).toMatch(/^warning: out\/ is not what the sources .* build now: 1 file differs/);
    expect(stderr).toContain('prometheus/rules/thresholds.yaml (differs)');
    expect(code).toBe(3);
  });
});
