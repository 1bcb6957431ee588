import { FIXTURE_TENANTS_DIR } from '@plotwatch/testing';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  build,
  digestOf,
  killedBuild,
  leftovers,
  treeDigest,
  watchNames,
  writeProbeTenants,
  type Trigger,
} from './fault-support.ts';
import { outAsLeft } from './cache/up-to-date.ts';
import { writeArtifacts } from './out-dir.ts';
import { cacheDirOf } from './paths.ts';
import { compiledTree, plotwatchHere } from './test-support.ts';

// Fault probes of `plotwatch build`, with the real executable: two builds into one out/, a disk
// that fills up, a read-only out/ (faults.test.ts kills builds). Whatever happens, out/ is whole.

/** Tenants of the patch probe's trees (the two-builds probe builds the old ones). */
const TENANTS = 10;

let work: string;
/** The patch probe's tenants: the old ones, and the new ones, other display names (every tenant's dashboards change). */
let oldTenants: string;
let newTenants: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-faults-'));
  [oldTenants, newTenants] = [join(work, 'patch-old'), join(work, 'patch-new')];
  await writeProbeTenants(oldTenants, TENANTS, { prefix: 'patch' });
  await writeProbeTenants(newTenants, TENANTS, { prefix: 'patch', suffix: ' (renamed)' });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

/**
 * A target built from the old tenants by the CLI, with its cache (the next build patches its out/):
 * the two-builds probe leaves one; the patch probe starts from it, or builds one when that probe
 * did not pass (or run).
 */
let builtOld: string | undefined;

/** out/ as a build of the fixture tenants writes it (compiled in this process, once). */
let fixtureTree: Promise<Map<string, string>> | undefined;
const fixtureOut = () => (fixtureTree ??= compiledTree(FIXTURE_TENANTS_DIR));

/** Writes `tree` as `out`, as a build would leave it; its digest. */
async function writeOut(out: string, tree: ReadonlyMap<string, string>): Promise<string> {
  await writeArtifacts(
    out,
    [...tree].map(([path, content]) => ({ path, content })),
  );
  const digest = digestOf(tree);
  expect(await treeDigest(out)).toBe(digest);
  return digest;
}

describe('plotwatch build under faults', () => {
  it(
    'two builds at once into one out/: one writes it, the other says so; out/ is whole',
    { timeout: 120_000 },
    async () => {
      const target = join(work, 'together');
      const out = join(target, 'out');
      // out/ as a build writes it (compiled in this process), with no cache beside it: neither
      // build finds out/ up to date, both write.
      const before = await writeOut(out, await compiledTree(oldTenants));
      const [a, b] = await Promise.all([build(out, oldTenants), build(out, oldTenants)]);
      const codes = [a.code, b.code].sort();
      expect(codes[0]).toBe(0);
      for (const run of [a, b].filter((r) => r.code !== 0))
        expect(run.stderr).toMatch(/another plotwatch build \(pid \d+\) is writing it; run again when it has finished/);
      expect(await treeDigest(out)).toBe(before);
      expect((await readdir(target)).sort()).toEqual(['.plotwatch', 'out']);
      builtOld = target; // with the cache the build that wrote out/ kept
    },
  );
});

/**
 * The steps of a build that patches out/ in place (out-dir.ts, `patch`), each an event beside out/
 * that a kill is aimed at: its staging folder made (the changed files staged there); the journal
 * being written (the commit, a rename, follows); the journal committed (the files move in, a few
 * milliseconds); the journal removed (out/ new, the staging folder and the lock going). Two lanes,
 * each killing its builds one after another in one copy of the snapshot: what a kill left is there
 * for the next build of the lane, which clears it before its own step is reached.
 */
const PATCH_LANES = [
  ['staging', 'committed'],
  ['committing', 'finished'],
] as const;
type PatchStep = (typeof PATCH_LANES)[number][number];

function aimedAtPatch(step: PatchStep, target: string): Trigger {
  return (kill, pid) => {
    const journal = join(target, '.out.journal');
    // A journal an earlier kill committed is carried out first: its removal is a finish too.
    let committed = existsSync(journal);
    return watchNames(target, (name) => {
      if (name === '.out.journal') {
        const present = existsSync(journal);
        if (present && !committed) {
          committed = true;
          if (step === 'committed') kill();
        } else if (!present && committed && step === 'finished') kill();
      } else if (
        (step === 'staging' && name === `.out.staging-${pid}`) ||
        (step === 'committing' && name === `.out.journal-${pid}`)
      )
        kill();
    });
  };
}

describe('plotwatch build killed while it patches out/ in place', () => {
  it(
    'killed -9 at each step of an incremental build: out/ is old, new, or mid-update with a journal the next build finishes',
    { timeout: 300_000 },
    async () => {
      // A target built from the old tenants, with its cache: the next build patches its out/. The
      // two-builds probe's winner may have built without the cache (the other build held its lock
      // then): out/ is then not recorded, and every build here would replace it whole, never
      // reaching a journal (each aim at "committing" missed, once).
      let snapshot = builtOld;
      if (
        snapshot === undefined ||
        !(await outAsLeft(cacheDirOf(join(snapshot, 'out')), join(snapshot, 'out'))).recorded
      ) {
        snapshot = join(work, 'patch-snapshot');
        expect((await build(join(snapshot, 'out'), oldTenants)).code).toBe(0);
      }
      // The new tree: what a build writes, compiled in this process.
      const digests = { old: await treeDigest(join(snapshot, 'out')), new: digestOf(await compiledTree(newTenants)) };
      expect(digests.old).not.toBe(digests.new);

      const seen: string[] = [];
      const lane = async (target: string, steps: readonly PatchStep[]) => {
        await cp(snapshot, target, { recursive: true });
        const out = join(target, 'out');
        for (const step of steps) {
          let { killed } = await killedBuild(out, newTenants, aimedAtPatch(step, target));
          // A kill aimed at a moment milliseconds long (a journal written, then committed) may come too
          // late on a loaded machine: that build patched out/ to the end. The lane then starts again
          // from the snapshot and aims again, five times at most (a full suite's load once missed three).
          for (let again = 0; !killed && again < 5; again++) {
            expect(await treeDigest(out), `${step}: missed, and out/ is not the new tree`).toBe(digests.new);
            seen.push(`${step}: missed, aimed again`);
            await rm(target, { recursive: true, force: true });
            await cp(snapshot, target, { recursive: true });
            ({ killed } = await killedBuild(out, newTenants, aimedAtPatch(step, target)));
          }
          expect(killed, `${step}: the build ended before it got there`).toBe(true);
          const now = await treeDigest(out);
          const pending = (await readdir(target)).includes('.out.journal');
          // With the journal committed, out/ may still look old (no file moved yet): the journal decides.
          const which = pending
            ? 'journal'
            : now === digests.old
              ? 'old'
              : now === digests.new
                ? 'new'
                : `neither (${now})`;
          const left = await leftovers(target);
          seen.push(`${step}: ${which} (${left})`);
          expect(which, `killed at ${step}, leaving ${left}`).toMatch(
            step === 'finished' ? /^new$/ : step === 'staging' ? /^old$/ : /^(old|new|journal)$/,
          );
        }
      };
      const targets = PATCH_LANES.map((_, i) => join(work, `patch-${i}`));
      await Promise.all(PATCH_LANES.map((steps, i) => lane(targets[i]!, steps)));
      // Whatever the last kill of a lane left, the next build ends with the new tree and nothing
      // beside it. In this process (what it finishes is out-dir's, not the executable's), once no
      // lane is aiming a kill: a build here holds this thread, and a kill would land late.
      for (const target of targets) {
        const out = join(target, 'out');
        const next = await plotwatchHere('build', '--out', out, '--tenants-dir', newTenants);
        expect(next.ok, next.output).toBe(true);
        expect(await treeDigest(out)).toBe(digests.new);
        expect((await readdir(target)).sort()).toEqual(['.plotwatch', 'out']);
      }
      console.log(`patch killed at:\n  ${seen.join('\n  ')}`);
      // A kill at the journal's commit lands before the moves end (they take milliseconds).
      expect(seen.some((s) => s.includes(': journal'))).toBe(true);
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
    // About 5 MB, as a build writes it: it fits once, not twice (the new tree is staged beside the old one).
    const before = await writeOut(out, await fixtureOut());
    const beside = (await readdir(disk)).sort();

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
    // Nothing left beside out/ (no staging folder).
    expect((await readdir(disk)).sort()).toEqual(beside);

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
