import { budgetViolations, type Environment, type Tenant } from '@plotwatch/platform';
import { Worker } from 'node:worker_threads';
import { entryOf, type Artifact, type ArtifactEntry } from './artifacts.ts';
import type { DashboardWork } from './dashboard-worker.ts';
import { writeArtifacts } from './out-dir.ts';
import { sourcePathIn } from './paths.ts';
import { duplicateUids, grafanaArtifacts } from './producers/grafana.ts';
import { panelIndex, type Produced, type Producer } from './producers/producer.ts';
import { kubeArtifacts } from './producers/kube.ts';
import { routingArtifacts } from './producers/routing.ts';
import { ruleArtifacts } from './producers/rules.ts';
import { checkAndWrite, drainPool, tenantPool, type BatchesDone } from './tenant-pool.ts';
import { recordedSeries, validateArtifacts } from './validate.ts';

export interface CompileInput {
  readonly tenants: readonly Tenant[];
  readonly env: Environment;
  /** Repository root, to name definitions by their path in errors and in the manifest. */
  readonly root: string;
}

export type CompileResult = { ok: true; artifacts: Artifact[]; expressions: number } | { ok: false; errors: string[] };

type Checked = { readonly findings: readonly string[]; readonly expressions: number };

/** Each producer owns a part of out/; their outputs never overlap. Dashboards come first: alerts link to their panels. */
const producers: readonly Producer[] = [grafanaArtifacts, ruleArtifacts, routingArtifacts, kubeArtifacts];

/**
 * Every artifact of every tenant, in memory: pure, so tests compile without a disk and a
 * failed build has nothing to undo. Collects all errors instead of stopping at the first.
 */
export function compile(input: CompileInput): CompileResult {
  const produced = produce(input, input.tenants);
  const artifacts = produced.flatMap((p) => p.artifacts);
  const checked = () => [validateArtifacts(artifacts, input.tenants, input.env)];
  const { errors, expressions } = problems(input, produced, checked);
  if (errors.length) return { ok: false, errors };
  artifacts.push(manifest(artifacts.map(entryOf), input.env));
  return { ok: true, artifacts: artifacts.sort(byPath), expressions };
}

/**
 * What `compile` makes, written into `dir` (a staging directory the caller swaps in only when
 * this is ok), on two cores. The dashboards of the label tenants but the first are read by
 * nothing else (the shared rules link to the first one's panels, a mimir tenant's rules to its
 * own), so they go into a pool: a worker thread (for a large pool) takes from it from the start,
 * this thread once it has compiled the rest; each checks, hashes and writes what it built.
 */
export async function compileInto(
  dir: string, input: CompileInput,
  /** The smallest pool a worker is started for (tests start one for a small build). */
  workerFrom = WORKER_FROM,
): Promise<{ ok: true; written: ArtifactEntry[]; expressions: number } | { ok: false; errors: string[] }> {
  const pool = tenantPool(input.tenants.filter((t) => t.tenancy === 'label').slice(1));
  const pooled = new Set(pool.tenants);
  const worker = pool.tenants.length >= workerFrom ? startWorker({ pool, env: input.env.id, root: input.root, dir }) : undefined;
  try {
    const done = worker ? workerDone(worker) : Promise.resolve(undefined);
    done.catch(() => undefined); // awaited below; if this thread throws first, the worker's exit must not be an unhandled rejection
    const produced = produce(input, input.tenants.filter((t) => !pooled.has(t)));
    const recorded = recordedSeries(produced.flatMap((p) => p.artifacts));
    worker?.postMessage(recorded);
    const batches = checkAndWrite(dir, input.tenants, input.env);
    batches.recorded(recorded);
    for (const p of produced) batches.add(p);
    await drainPool(pool, input.env, sourcePathIn(input.root), (batch) => batches.add(batch));
    const here = await batches.done();
    const remote = await done;
    const parts = remote ? [here, remote] : [here];
    const { errors, expressions } = problems(input, parts, () => parts);
    if (errors.length) return { ok: false, errors };
    const entries = parts.flatMap((p) => p.artifacts);
    const index = manifest(entries, input.env);
    await writeArtifacts(dir, [index]);
    return { ok: true, written: [...entries, entryOf(index)].sort(byPath), expressions };
  } finally {
    await worker?.terminate();
  }
}

/** A worker first loads all its modules (2-3 s of CPU): for fewer pooled tenants, this thread builds them faster alone. */
const WORKER_FROM = 200;

/** A worker running the TypeScript module dashboard-worker.ts (through tsx, as the CLI itself runs). */
function startWorker(work: DashboardWork): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const module = new URL('./dashboard-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module)}); });`, { eval: true, workerData: work });
}

function workerDone(worker: Worker): Promise<BatchesDone> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the dashboard worker exited (code ${code}) before it finished`)));
  });
}

function produce({ tenants, env, root }: CompileInput, dashboardTenants: readonly Tenant[]): Produced[] {
  const sourcePath = sourcePathIn(root);
  const produced: Produced[] = [];
  for (const producer of producers) {
    const earlier = produced.flatMap((p) => p.artifacts);
    produced.push(producer({ tenants, dashboardTenants, env, sourcePath, panels: panelIndex(earlier), earlier }));
  }
  return produced;
}

/** What stops the build: producers' errors first (checks run only without them), then findings and budgets. */
function problems(
  { tenants }: CompileInput,
  produced: ReadonlyArray<{ readonly artifacts: ReadonlyArray<Pick<Artifact, 'path' | 'kind' | 'source' | 'tenant'>>; readonly errors: readonly string[] }>,
  checked: () => readonly Checked[],
): { errors: string[]; expressions: number } {
  const errors = [...produced.flatMap((p) => p.errors), ...duplicateUids(produced.flatMap((p) => p.artifacts))];
  if (errors.length) return { errors, expressions: 0 };
  const checks = checked();
  // Sorted: the threads find in whatever order they ran, the report must not change between runs.
  const findings = checks.flatMap((c) => c.findings).sort();
  return { errors: [...findings, ...budgetViolations(tenants)], expressions: checks.reduce((n, c) => n + c.expressions, 0) };
}

const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);

function manifest(entries: readonly ArtifactEntry[], env: Environment): Artifact {
  const listed = [...entries]
    .sort(byPath)
    .map((a) => ({ path: a.path, kind: a.kind, tenant: a.tenant ?? null, persona: a.persona ?? null, sha256: a.sha256, source: a.source }));
  return { path: 'manifest.json', kind: 'manifest', source: 'tools/cli/src/compile.ts', content: json({ generator: 'plotwatch', env: env.id, artifacts: listed }) };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
