import { FIXTURE_TENANTS_DIR } from '@plotwatch/testing';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT } from './paths.ts';

// Fault probes of `plotwatch build`, with the real executable: killed at many points of a
// 50-tenant build, two builds into one out/, a disk that fills up, a read-only out/. Whatever
// happens, out/ is the old tree or the new one, byte for byte, and the next build succeeds.

interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

function build(out: string, tenants: string): Promise<Exit> {
  return new Promise((resolve) =>
    execFile(
      'node',
      [CLI_BIN, 'build', '--out', out, '--tenants-dir', tenants],
      { cwd: REPO_ROOT },
      (error, _, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    ),
  );
}

/** One sha256 over every file's path and bytes: equal trees, equal digests. */
async function treeDigest(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (!entries) return 'missing';
  const hash = createHash('sha256');
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  for (const file of files.sort())
    hash
      .update(`${relative(dir, file)}\0`)
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex');
}

/** `count` tenants, one in ten in mimir mode; `variant` changes one threshold of the first. */
async function writeTenants(dir: string, count: number, variant: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const id = `probe-${String(i).padStart(3, '0')}`;
    await writeFile(
      join(dir, `${id}.yaml`),
      `id: ${id}\ndisplayName: Probe ${i}\ntier: pro\n${i % 10 === 0 ? 'tenancy: mimir\n' : ''}` +
        (i === 1 ? `thresholds:\n  story_api_error_ratio: ${variant}\n` : '') +
        `notifications:\n  - name: ops-mail\n    type: email\n    to: ops@${id}.example\n`,
    );
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-faults-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('plotwatch build under faults', () => {
  it(
    'killed -9 at 20 points of a 50-tenant build: out/ is the old tree or the new one, and the next build succeeds',
    { timeout: 600_000 },
    async () => {
      const [oldTenants, newTenants] = [join(work, 'tenants-old'), join(work, 'tenants-new')];
      await writeTenants(oldTenants, 50, 0.01);
      await writeTenants(newTenants, 50, 0.02);
      const reference = join(work, 'reference');
      expect((await build(join(reference, 'old'), oldTenants)).code).toBe(0);
      const started = performance.now();
      expect((await build(join(reference, 'new'), newTenants)).code).toBe(0);
      const took = performance.now() - started;
      const digests = { old: await treeDigest(join(reference, 'old')), new: await treeDigest(join(reference, 'new')) };
      expect(digests.old).not.toBe(digests.new);

      const target = join(work, 'target');
      const out = join(target, 'out');
      const seen: string[] = [];
      // Points every took/16 from start-up on, until at least 20 kills and three after the swap: a
      // shared machine runs a build slower or faster than the timed one, so the points follow it.
      const after = () => seen.filter((s) => s === 'new').length;
      for (let point = 0; seen.length < 20 || after() < 3; point++) {
        expect(point, `no build finished within ${point} points: ${seen.join(' ')}`).toBeLessThan(40);
        await rm(out, { recursive: true, force: true });
        await cp(join(reference, 'old'), out, { recursive: true });
        const killAt = 200 + (point * took) / 16;
        const child = spawn('node', [CLI_BIN, 'build', '--out', out, '--tenants-dir', newTenants], {
          cwd: REPO_ROOT,
          stdio: 'ignore',
        });
        const exited = new Promise((resolve) => child.on('exit', resolve));
        await new Promise((resolve) => setTimeout(resolve, killAt));
        child.kill('SIGKILL');
        await exited;
        const now = await treeDigest(out);
        const which = now === digests.old ? 'old' : now === digests.new ? 'new' : `neither (${now})`;
        seen.push(which);
        expect(which, `killed at ${Math.round(killAt)}ms`).toMatch(/^(old|new)$/);
      }
      // Most points fell while the build ran, before its swap.
      expect(seen.filter((s) => s === 'old').length).toBeGreaterThanOrEqual(10);

      // Leftovers of the killed builds (staging directories, the lock) are not in the way of the next.
      const next = await build(out, newTenants);
      expect(next.code, next.stderr).toBe(0);
      expect(await treeDigest(out)).toBe(digests.new);
      // Beside out/ only what plotwatch test --changed reads (.plotwatch/last-build.json).
      expect((await readdir(target)).sort()).toEqual(['.plotwatch', 'out']);
    },
  );

  it(
    'two builds at once into one out/: one writes it, the other says so; out/ is whole',
    { timeout: 120_000 },
    async () => {
      const target = join(work, 'together');
      const out = join(target, 'out');
      expect((await build(out, FIXTURE_TENANTS_DIR)).code).toBe(0);
      const before = await treeDigest(out);
      const [a, b] = await Promise.all([build(out, FIXTURE_TENANTS_DIR), build(out, FIXTURE_TENANTS_DIR)]);
      const codes = [a.code, b.code].sort();
      expect(codes[0]).toBe(0);
      for (const run of [a, b].filter((r) => r.code !== 0))
        expect(run.stderr).toMatch(/another plotwatch build \(pid \d+\) is writing it; run again when it has finished/);
      expect(await treeDigest(out)).toBe(before);
      expect((await readdir(target)).sort()).toEqual(['.plotwatch', 'out']);
    },
  );
});

/** A small tmpfs, when this machine lets the tests mount one (root in CI and here). */
function mountTmpfs(dir: string, size: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}

describe('plotwatch build on a full or read-only disk', () => {
  let disk: string;
  let mounted = false;
  beforeAll(async () => {
    disk = join(work, 'disk');
    await mkdir(disk);
    mounted = mountTmpfs(disk, '7m');
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [disk]);
  });

  it('a disk that fills up, then a read-only one: a clear error, out/ intact', { timeout: 120_000 }, async (ctx) => {
    if (!mounted) return ctx.skip();
    const out = join(disk, 'out');
    // About 5 MB: it fits once, not twice (the new tree is staged beside the old one).
    expect((await build(out, FIXTURE_TENANTS_DIR)).code).toBe(0);
    const before = await treeDigest(out);

    const full = await build(out, FIXTURE_TENANTS_DIR);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(
      new RegExp(
        `^${out}: cannot write \\(ENOSPC( at [^)]+)?\\): the disk is full: free some space and build again\\n`,
      ),
    );
    expect(full.stderr).not.toMatch(/^\s+at /m);
    expect(await treeDigest(out)).toBe(before);
    expect((await readdir(disk)).sort()).toEqual(['.plotwatch', 'out']);

    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    const readOnly = await build(out, FIXTURE_TENANTS_DIR);
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(
      new RegExp(
        `^${out}: cannot write \\(EROFS( at [^)]+)?\\): it is on a read-only file system: build into a writable --out\\n`,
      ),
    );
    expect(await treeDigest(out)).toBe(before);
  });
});
