import {
  byPath,
  entryOf,
  manifest,
  problems,
  produce,
  recordedSeries,
  type ArtifactEntry,
  type CompileInput,
} from '@plotwatch/build';
import { Worker } from 'node:worker_threads';
import type { DashboardWork } from './dashboard-worker.ts';
import { writeArtifacts } from './out-dir.ts';
import { checkAndWrite, drainPool, tenantPool, type BatchesDone } from './tenant-pool.ts';

/**
 * What `compile` makes, written into `dir` (a staging directory the caller swaps in only when
 * this is ok), on two cores. The dashboards of the label tenants but the first are read by
 * nothing else (the shared rules link to the first one's panels, a mimir tenant's rules to its
 * own), so they go into a pool: a worker thread (for a large pool) takes from it from the start,
 * this thread once it has compiled the rest; each checks, hashes and writes what it built.
 */
export async function buildInto(
  dir: string,
  input: CompileInput,
  /** The smallest pool a worker is started for (tests start one for a small build). */
  workerFrom = WORKER_FROM,
): Promise<{ ok: true; written: ArtifactEntry[]; expressions: number } | { ok: false; errors: string[] }> {
  const schemas = input.schemas ?? [input.env.grafana.schema];
  const pool = tenantPool(input.tenants.filter((t) => t.tenancy === 'label').slice(1));
  const pooled = new Set(pool.tenants);
  const worker =
    pool.tenants.length >= workerFrom
      ? startWorker({ pool, env: input.env, schemas: schemas, root: input.root, dir })
      : undefined;
  try {
    const done = worker ? workerDone(worker) : Promise.resolve(undefined);
    // awaited below; if this thread throws first, the worker's exit must not be an unhandled rejection
    done.catch(() => undefined);
    const produced = produce(
      input,
      input.tenants.filter((t) => !pooled.has(t)),
    );
    const recorded = recordedSeries(produced.flatMap((p) => p.artifacts));
    worker?.postMessage(recorded);
    const batches = checkAndWrite(dir, input.tenants, input.env);
    batches.recorded(recorded);
    for (const p of produced) batches.add(p);
    await drainPool(pool, input.env, schemas, input.root, (batch) => batches.add(batch));
    const here = await batches.done();
    const remote = await done;
    const parts = remote ? [here, remote] : [here];
    const { errors, expressions } = problems(input, parts, () => parts);
    if (errors.length) return { ok: false, errors };
    const entries = parts.flatMap((p) => p.artifacts);
    const index = manifest(entries, input.env);
    await writeArtifacts(dir, [index]);
    return { ok: true, written: [...entries, entryOf(index, input.digest)].sort(byPath), expressions };
  } finally {
    await worker?.terminate();
  }
}

/**
 * A worker first loads all its modules (2-3 s of CPU): for fewer pooled tenants, this thread builds them faster alone.
 */
const WORKER_FROM = 200;

/** A worker running the TypeScript module dashboard-worker.ts (through tsx, as the CLI itself runs). */
function startWorker(work: DashboardWork): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const module = new URL('./dashboard-worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module)}); });`,
    { eval: true, workerData: work },
  );
}

function workerDone(worker: Worker): Promise<BatchesDone> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the dashboard worker exited (code ${code}) before it finished`)));
  });
}
