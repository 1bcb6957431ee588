import { budgetViolations, type Environment, type Tenant } from '@plotwatch/platform';
import { Worker } from 'node:worker_threads';
import { sha256, type Artifact } from './artifacts.ts';
import type { DashboardsDone, DashboardWork } from './dashboard-worker.ts';
import { sourcePathIn } from './paths.ts';
import { duplicateUids, grafanaArtifacts } from './producers/grafana.ts';
import { panelIndex, type Produced, type Producer } from './producers/producer.ts';
import { kubeArtifacts } from './producers/kube.ts';
import { routingArtifacts } from './producers/routing.ts';
import { ruleArtifacts } from './producers/rules.ts';
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
  return finish(input, produced, [validateArtifacts(produced.flatMap((p) => p.artifacts), input.tenants, input.env)]);
}

/**
 * The same as `compile`, on two cores: a worker thread builds, checks and serializes the dashboards
 * (and their ConfigMaps) of the label tenants but the first, which nothing else reads, while
 * this thread compiles the rest. The shared rules link to the first label tenant's panels, a
 * mimir tenant's rules to its own, so those dashboards are built here.
 */
export async function compileInParallel(input: CompileInput): Promise<CompileResult> {
  const away = input.tenants.filter((t) => t.tenancy === 'label').slice(1);
  if (away.length === 0) return compile(input);
  const awaySet = new Set(away);
  const worker = startWorker({ tenants: away, env: input.env.id, root: input.root });
  try {
    const produced = produce(input, input.tenants.filter((t) => !awaySet.has(t)));
    const here = produced.flatMap((p) => p.artifacts);
    const recorded = recordedSeries(here);
    worker.postMessage(recorded);
    const checkedHere = validateArtifacts(here, input.tenants, input.env, recorded);
    const done = await new Promise<DashboardsDone>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the dashboard worker exited (code ${code}) before it finished`)));
    });
    return finish(input, [...produced, done], [checkedHere, done]);
  } finally {
    await worker.terminate();
  }
}

/** A worker running the TypeScript module dashboard-worker.ts (through tsx, as the CLI itself runs). */
function startWorker(work: DashboardWork): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const module = new URL('./dashboard-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module)}); });`, { eval: true, workerData: work });
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

function finish({ tenants, env }: CompileInput, produced: readonly Produced[], checked: readonly Checked[]): CompileResult {
  const artifacts = produced.flatMap((p) => p.artifacts);
  const errors = [...produced.flatMap((p) => p.errors), ...duplicateUids(artifacts)];
  if (errors.length) return { ok: false, errors };
  const findings = checked.flatMap((c) => c.findings);
  const overBudget = budgetViolations(tenants);
  if (findings.length || overBudget.length) return { ok: false, errors: [...findings, ...overBudget] };
  artifacts.push(manifest(artifacts, env));
  return { ok: true, artifacts: artifacts.sort((a, b) => a.path.localeCompare(b.path)), expressions: checked.reduce((n, c) => n + c.expressions, 0) };
}

function manifest(artifacts: readonly Artifact[], env: Environment): Artifact {
  const entries = [...artifacts]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((a) => ({ path: a.path, kind: a.kind, tenant: a.tenant ?? null, persona: a.persona ?? null, sha256: a.sha256 ?? sha256(a.content), source: a.source }));
  return { path: 'manifest.json', kind: 'manifest', source: 'tools/cli/src/compile.ts', content: json({ generator: 'plotwatch', env: env.id, artifacts: entries }) };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
