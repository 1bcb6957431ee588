/**
 * The worker thread of `compileInto`: builds dashboards and ConfigMaps of tenants it takes from
 * the pool, checks them once the main thread sends the series its rule files record, and writes
 * them when they pass.
 */
import { environment, type EnvironmentId } from '@plotwatch/platform';
import { parentPort, workerData } from 'node:worker_threads';
import { entryOf, type ArtifactEntry } from './artifacts.ts';
import { writeArtifacts } from './out-dir.ts';
import { sourcePathIn } from './paths.ts';
import { buildFromPool, type TenantPool } from './tenant-pool.ts';
import { validateArtifacts } from './validate.ts';

export interface DashboardWork {
  readonly pool: TenantPool;
  readonly env: EnvironmentId;
  readonly root: string;
  /** Where to write what it built. */
  readonly dir: string;
}

export interface DashboardsDone {
  readonly artifacts: readonly ArtifactEntry[];
  readonly errors: readonly string[];
  readonly findings: readonly string[];
  readonly expressions: number;
}

const { pool, env: envId, root, dir } = workerData as DashboardWork;
const env = environment(envId);
const built = buildFromPool(pool, env, sourcePathIn(root));
parentPort!.once('message', async (recorded: Set<string>) => {
  const { findings, expressions } = validateArtifacts(built.artifacts, pool.tenants, env, recorded);
  if (!built.errors.length && !findings.length) await writeArtifacts(dir, built.artifacts);
  // Only the manifest's entries go back: the bytes are on disk and cloning them would cost the main thread.
  const done: DashboardsDone = { artifacts: built.artifacts.map(entryOf), errors: built.errors, findings, expressions };
  parentPort!.postMessage(done);
});
