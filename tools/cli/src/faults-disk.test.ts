import { FIXTURE_TENANTS_DIR } from '@plotwatch/testing';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, treeDigest } from './fault-support.ts';

// Fault probes of `plotwatch build`, with the real executable: two builds into one out/, a disk
// that fills up, a read-only out/ (faults.test.ts kills builds). Whatever happens, out/ is whole.

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-faults-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('plotwatch build under faults', () => {
  it(
    'two builds at once into one out/: one writes it, the other says so; out/ is whole',
    { timeout: 120_000 },
    async () => {
      const target = join(work, 'together');
      const out = join(target, 'out');
      expect((await build(out, FIXTURE_TENANTS_DIR)).code).toBe(0);
      const before = await treeDigest(out);
      // Without the cache: with it, both would find out/ up to date and write nothing.
      const [a, b] = await Promise.all([
        build(out, FIXTURE_TENANTS_DIR, '--no-cache'),
        build(out, FIXTURE_TENANTS_DIR, '--no-cache'),
      ]);
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

    // Without the cache: with it, the build would find out/ up to date and write nothing.
    const full = await build(out, FIXTURE_TENANTS_DIR, '--no-cache');
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
    const readOnly = await build(out, FIXTURE_TENANTS_DIR, '--no-cache');
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(
      new RegExp(
        `^${out}: cannot write \\(EROFS( at [^)]+)?\\): it is on a read-only file system: build into a writable --out\\n`,
      ),
    );
    expect(await treeDigest(out)).toBe(before);
  });
});
