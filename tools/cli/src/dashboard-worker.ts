/**
 * The worker thread of `buildInto`: builds dashboards and ConfigMaps of tenants it takes from
 * the pool, checks them once the main thread sends the series its rule files record, and writes
 * those that pass; posts its `BatchesDone`.
 */
import type { DashboardSchema, Environment } from '@plotwatch/platform';
import { parentPort, workerData } from 'node:worker_threads';
import { checkAndWrite, drainPool, type OutFiles, type TenantPool } from './tenant-pool.ts';

export interface DashboardWork {
  readonly pool: TenantPool;
  /** The build's environment (with the schema `--schema` chose), and the dashboard schemas it writes. */
  readonly env: Environment;
  readonly schemas: readonly DashboardSchema[];
  readonly root: string;
  /** Where to write what it built. */
  readonly dir: string;
  /** What out/ holds, when it is patched in place: a file it holds with the same bytes is not written. */
  readonly present?: OutFiles;
}

const { pool, env, schemas, root, dir, present } = workerData as DashboardWork;
const batches = checkAndWrite(dir, pool.tenants, env, present);
// Arrives while the pool is drained (it yields between batches), or after.
const recorded = new Promise<Set<string>>((resolve) => parentPort!.once('message', resolve)).then((series) =>
  batches.recorded(series),
);
await drainPool(pool, env, schemas, root, (batch) => batches.add(batch));
await recorded;
// Only the manifest's entries go back: the bytes are on disk and cloning them would cost the main thread.
parentPort!.postMessage(await batches.done());
