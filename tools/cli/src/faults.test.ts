import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, killAfter, killedBuild, treeDigest, writeProbeTenants } from './fault-support.ts';

// Fault probes of `plotwatch build`, with the real executable: killed at many points of a
// 50-tenant build. Whatever happens, out/ is the old tree or the new one, byte for byte, and the
// next build succeeds. faults-disk.test.ts holds the others (two builds into one out/, a disk that
// fills up, a read-only out/), apart so that they run beside this one.

/** Killed builds run this many at a time, each into its own out/. */
const LANES = 2;

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
      await writeProbeTenants(oldTenants, 50, { prefix: 'probe', firstErrorRatio: 0.01 });
      await writeProbeTenants(newTenants, 50, { prefix: 'probe', firstErrorRatio: 0.02 });
      const reference = join(work, 'reference');
      // The two reference builds run at once, as the killed builds do (LANES of them at a time):
      // the new one's time is a build's time under that load, which the points are spread over.
      const started = performance.now();
      const [builtOld, builtNew] = await Promise.all([
        build(join(reference, 'old'), oldTenants),
        build(join(reference, 'new'), newTenants).then((exit) => ({ exit, took: performance.now() - started })),
      ]);
      expect(builtOld.code).toBe(0);
      expect(builtNew.exit.code).toBe(0);
      const took = builtNew.took;
      const digests = { old: await treeDigest(join(reference, 'old')), new: await treeDigest(join(reference, 'new')) };
      expect(digests.old).not.toBe(digests.new);

      // Points every took/16 from start-up on, until at least 20 kills and three after the swap: a
      // shared machine runs a build slower or faster than the timed one, so the points follow it.
      // They are taken LANES at a time, each lane killing builds into an out/ of its own.
      const seen: string[] = [];
      const after = () => seen.filter((s) => s === 'new').length;
      let next = 0;
      const lane = async (target: string) => {
        const out = join(target, 'out');
        // What the lane's last kill left: a build starts from the old tree, which a kill that left
        // out/ old (its digest says so, byte for byte) need not copy again.
        let left = 'missing';
        while (seen.length < 20 || after() < 3) {
          const point = next++;
          expect(point, `no build finished within ${point} points: ${seen.join(' ')}`).toBeLessThan(40);
          if (left !== 'old') {
            await rm(out, { recursive: true, force: true });
            await cp(join(reference, 'old'), out, { recursive: true });
          }
          const killAt = 200 + (point * took) / 16;
          await killedBuild(out, newTenants, killAfter(killAt));
          const now = await treeDigest(out);
          const which = now === digests.old ? 'old' : now === digests.new ? 'new' : `neither (${now})`;
          seen.push(which);
          left = which;
          expect(which, `killed at ${Math.round(killAt)}ms`).toMatch(/^(old|new)$/);
        }
      };
      const targets = Array.from({ length: LANES }, (_, i) => join(work, `target-${i}`));
      await Promise.all(targets.map(lane));
      console.log(`build killed at ${seen.length} points (a build: ${(took / 1000).toFixed(1)} s): ${seen.join(' ')}`);
      // Most points fell while the build ran, before its swap.
      expect(seen.filter((s) => s === 'old').length).toBeGreaterThanOrEqual(10);

      // Leftovers of the killed builds (staging directories, the lock) are not in the way of the next.
      await Promise.all(
        targets.map(async (target) => {
          const out = join(target, 'out');
          const nextBuild = await build(out, newTenants);
          expect(nextBuild.code, nextBuild.stderr).toBe(0);
          expect(await treeDigest(out)).toBe(digests.new);
          // Beside out/ only .plotwatch (the build cache, and what plotwatch test --changed reads).
          expect((await readdir(target)).sort()).toEqual(['.plotwatch', 'out']);
        }),
      );
    },
  );
});
