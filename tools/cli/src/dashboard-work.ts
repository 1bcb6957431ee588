/**
 * The work of `buildInto`'s dashboard thread: builds the dashboards and ConfigMaps of tenants it
 * takes from the pool, checks them once the main thread sends the series its rule files record,
 * writes those that pass, and returns its `BatchesDone`. Run by a worker started for one build
 * (dashboard-worker.ts) or by `plotwatch dev`'s worker, which stays (dev/kept-worker-thread.ts).
 */
import type { DashboardSchema, Environment } from '@plotwatch/platform';
import type { MessagePort } from 'node:worker_threads';
import { checkAndWrite, drainPool, type BatchesDone, type OutFiles, type TenantPool } from './tenant-pool.ts';

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

/**
 * `work` done on this thread. `recorded`: the series the rule files record, which the main thread
 * sends while the pool is drained (this thread yields between batches), or after. Only the
 * manifest's entries go back: the bytes are on disk and cloning them would cost the main thread.
 */
export async function runDashboardWork(
  { pool, env, schemas, root, dir, present }: DashboardWork,
  recorded: Promise<ReadonlySet<string>>,
): Promise<BatchesDone> {
  const batches = checkAndWrite(dir, pool.tenants, env, present);
  const checked = recorded.then((series) => batches.recorded(series));
  await drainPool(pool, env, schemas, root, (batch) => batches.add(batch));
  await checked;
  return batches.done();
}

/** The next message `port` receives. */
export function nextMessage<T>(port: Pick<MessagePort, 'once'>): Promise<T> {
  return new Promise((resolve) => port.once('message', resolve));
}
