import { accessSync, constants, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  build,
  digestOf,
  killedBuild,
  leftovers,
  treeDigest,
  watchFiles,
  watchNames,
  writeProbeTenants,
  type Trigger,
} from './fault-support.ts';
import { writeArtifacts } from './out-dir.ts';
import { compiledTree } from './test-support.ts';

// Fault probes of `plotwatch build`, with the real executable: killed (-9) at each step of a build
// that touches the disk. Whatever happens, out/ is the old tree or the new one, byte for byte, and
// the next build succeeds. faults-disk.test.ts holds the others (two builds into one out/, a build
// killed while it patches out/, a disk that fills up, a read-only out/), apart so that they run
// beside this one.

/**
 * Tenants of the probe's trees (the last in mimir mode): every kind of file of out/, in a build of
 * about a second; enough files that a kill at half of them lands before the last is staged.
 */
const TENANTS = 3;

/**
 * The steps of a build that writes a whole new tree (out/ not the one its cache recorded), in their
 * order, each an event beside out/ that a kill is aimed at (out-dir.ts, `replaceAtomically`): its
 * lock taken; its staging folder made; half the new tree's files staged; the manifest, the last
 * file, staged (the build waits for amtool's check of the config, then swaps); out/ renamed away (the first of
 * the swap's two renames); the staging folder renamed to out/ (the second; the old tree is being
 * removed); the lock let go (the build cache is being saved). Nothing touches the disk before the
 * lock but the cache's folder: a kill while modules load changes nothing.
 */
const STEPS = ['locked', 'staging', 'half-staged', 'staged', 'swapping', 'swapped', 'unlocked'] as const;
type Step = (typeof STEPS)[number];
/** Steps after the swap: the new tree is in place, so a kill there must leave it. */
const AFTER_SWAP: ReadonlySet<Step> = new Set(['swapped', 'unlocked']);

/**
 * The steps' lanes: killed builds run two at a time, each lane into its own out/. A kill between
 * the swap's renames may leave no out/ (the old tree in the previous folder), which a build must
 * put back: that step ends its lane, so the lane's last build is the one that checks it.
 */
const LANES: ReadonlyArray<readonly Step[]> = [
  ['locked', 'half-staged', 'swapped', 'unlocked'],
  ['staging', 'staged', 'swapping'],
];

/** Kills the build writing `target`/out when `step` happens; `files`: how many the new tree holds. */
function aimedAt(step: Step, target: string, files: number): Trigger {
  return (kill, pid) => {
    const lockFile = join(target, '.out.lock');
    const [staging, previous] = [`.out.staging-${pid}`, `.out.previous-${pid}`];
    const ownsLock = () => {
      try {
        return readFileSync(lockFile, 'utf8').trim() === String(pid);
      } catch {
        return false;
      }
    };
    let locked = false;
    let swapping = false;
    let staged = 0;
    const closers: Array<() => void> = [];
    const onStaged = (path: string) => {
      staged++;
      if (step === 'staged' ? path === 'manifest.json' : staged >= files / 2) kill();
    };
    closers.push(
      watchNames(target, (name) => {
        if (name === '.out.lock') {
          // An earlier killed build's lock (its pid) may be there first: this build takes it over.
          if (!locked && ownsLock()) {
            locked = true;
            if (step === 'locked') kill();
          } else if (locked && step === 'unlocked' && !ownsLock()) kill();
        } else if (name === staging && !swapping) {
          if (step === 'staging') kill();
          else if ((step === 'half-staged' || step === 'staged') && closers.length === 1)
            closers.push(watchFiles(join(target, staging), onStaged));
        } else if (name === previous) {
          swapping = true;
          if (step === 'swapping') kill();
        } else if (name === 'out' && swapping && step === 'swapped') kill();
      }),
    );
    return () => closers.forEach((close) => close());
  };
}

/**
 * amtool checks the config while the dashboards are built, and is often done before the manifest is
 * staged: the swap then follows at once, faster than a watcher on a loaded machine can kill. For
 * the `staged` step, the build runs with an amtool that waits a second before the real one starts,
 * so that the build waits between the manifest and the swap, as it does whenever amtool is slower.
 */
async function slowAmtoolEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const path = process.env.PATH ?? '';
  const real = path
    .split(delimiter)
    .map((d) => join(d, 'amtool'))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!real)
    throw new Error('amtool is not installed: npm test installs it (tools/scripts/ensure-prometheus-tools.sh)');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'amtool'), `#!/bin/sh\nsleep 1\nexec ${JSON.stringify(real)} "$@"\n`);
  await chmod(join(dir, 'amtool'), 0o755);
  return { ...process.env, PATH: `${dir}${delimiter}${path}` };
}

let work: string;
let slowAmtool: NodeJS.ProcessEnv;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-faults-'));
  slowAmtool = await slowAmtoolEnv(join(work, 'slow-amtool'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('plotwatch build under faults', () => {
  it(
    'killed -9 at each step of a build that touches the disk: out/ is the old tree or the new one, and the next build succeeds',
    { timeout: 300_000 },
    async () => {
      const [oldTenants, newTenants] = [join(work, 'tenants-old'), join(work, 'tenants-new')];
      await writeProbeTenants(oldTenants, TENANTS, { prefix: 'probe', firstErrorRatio: 0.01 });
      await writeProbeTenants(newTenants, TENANTS, { prefix: 'probe', firstErrorRatio: 0.02 });
      // The references: what a build writes, compiled in this process; the old tree on disk, where
      // each lane starts from.
      const [oldTree, newTree] = await Promise.all([compiledTree(oldTenants), compiledTree(newTenants)]);
      const digests = { old: digestOf(oldTree), new: digestOf(newTree) };
      expect(digests.old).not.toBe(digests.new);
      const oldOut = join(work, 'old');
      await writeArtifacts(
        oldOut,
        [...oldTree].map(([path, content]) => ({ path, content })),
      );
      expect(await treeDigest(oldOut)).toBe(digests.old);
      const files = newTree.size;

      // Each lane kills builds one after another into one out/, which starts from the old tree; what
      // a kill left beside it (a lock, staging and previous folders, a half-saved cache) stays for
      // the next build of the lane, which clears it.
      const seen: string[] = [];
      let before = 0;
      const lane = async (target: string, steps: readonly Step[]) => {
        const out = join(target, 'out');
        await cp(oldOut, out, { recursive: true });
        for (const step of steps) {
          const env = step === 'staged' ? slowAmtool : undefined;
          const { killed } = await killedBuild(out, newTenants, aimedAt(step, target, files), env);
          expect(killed, `${step}: the build ended before it got there`).toBe(true);
          const now = await treeDigest(out);
          const left = await leftovers(target);
          let which = now === digests.old ? 'old' : now === digests.new ? 'new' : `neither (${now})`;
          // Between the swap's two renames there is no out/ (Node has no atomic exchange): the old
          // tree waits whole in the previous folder, and the next build puts it back.
          const previous = (await readdir(target)).find((n) => n.startsWith('.out.previous-'));
          if (step === 'swapping' && now === 'missing' && previous)
            which = (await treeDigest(join(target, previous))) === digests.old ? 'old, not yet back' : which;
          seen.push(`${step}: ${which} (${left})`);
          if (which === 'old') before++;
          expect(which, `killed at ${step}, leaving ${left}`).toMatch(
            AFTER_SWAP.has(step) ? /^new$/ : /^(old|new|old, not yet back)$/,
          );
          // The lane's last build, below, is the next build of what its last kill left, as it left it.
          if (step === steps.at(-1)) break;
          if (which === 'old, not yet back') {
            const next = await build(out, newTenants);
            expect(next.code, next.stderr).toBe(0);
            expect(await treeDigest(out)).toBe(digests.new);
          }
          if (which !== 'old') {
            await rm(out, { recursive: true, force: true });
            await cp(oldOut, out, { recursive: true });
          }
        }
        // Leftovers of the lane's last kill are not in the way of the next build either (a swap cut
        // between its renames: the old tree is put back, then replaced).
        const next = await build(out, newTenants);
        expect(next.code, next.stderr).toBe(0);
        expect(await treeDigest(out)).toBe(digests.new);
        // Beside out/ only .plotwatch (the build cache, and what plotwatch test --changed reads).
        expect((await readdir(target)).sort()).toEqual(['.plotwatch', 'out']);
      };
      expect(LANES.flat().sort()).toEqual([...STEPS].sort());
      await Promise.all(LANES.map((steps, i) => lane(join(work, `target-${i}`), steps)));
      console.log(`build of ${TENANTS} tenants (${files} files) killed at:\n  ${seen.join('\n  ')}`);
      // Kills landed before the swap too (the steps after it must leave the new tree, above).
      expect(before, seen.join('\n')).toBeGreaterThanOrEqual(2);
    },
  );
});
