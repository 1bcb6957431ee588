import { asTree, compileInput, compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { syntheticTenants } from '@plotwatch/platform';
import { readTree, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_CODE, sourceFiles } from '../cache/code-digest.ts';
import { REPO_ROOT } from '../paths.ts';
import { buildInto } from '../threaded-build.ts';
import { tenantPool } from '../tenant-pool.ts';
import { keptWorker } from './kept-worker.ts';
import { moduleVersions } from './module-graph.ts';

const tenants = [...repoTenants(), ...syntheticTenants(12)];
const worker = keptWorker();
afterAll(() => worker.end());

describe("plotwatch dev's kept dashboard worker", () => {
  it(
    'takes its share of build after build, and the files are exactly those compile makes',
    { timeout: 120_000 },
    async () => {
      const versions = await moduleVersions(REPO_ROOT, await sourceFiles(REPO_ROOT, SHARED_CODE));
      // Not ready while it loads its modules: a build then builds alone.
      const loading = worker.load(versions);
      expect(worker.thread.start(work())).toBeUndefined();
      await loading;
      const expected = asTree(compileOrThrow(tenants, 'dev', 'both'));
      for (const round of [1, 2]) {
        const dir = await writeTree([]);
        try {
          worker.at(versions);
          const result = await buildInto(dir, compileInput(tenants, 'dev', 'both'), {
            thread: worker.thread,
            workerFrom: 1,
            workerFirst: true,
          });
          if (!result.ok) throw new Error(result.errors.join('\n'));
          expect(result.units.worker, `build ${round}`).toBeGreaterThan(0);
          expect(await readTree(dir), `build ${round}`).toEqual(expected);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    },
  );

  it(
    'a job the build ends before it sent the recorded series takes no more tenants and ends',
    { timeout: 60_000 },
    async () => {
      const given = work();
      const job = worker.thread.start(given);
      expect(job).toBeDefined();
      await job!.end();
      expect(Atomics.load(new Int32Array(given.pool.next), 0)).toBeGreaterThanOrEqual(tenants.length);
    },
  );
});

/** A pool of every tenant's dashboards, for a job that is never told the recorded series. */
function work() {
  const input = compileInput(tenants, 'dev', 'both');
  return {
    pool: tenantPool(tenants, []),
    env: input.env,
    schemas: input.schemas ?? [input.env.grafana.schema],
    root: input.root,
    dir: '/nonexistent',
  };
}
