import { budgetViolations, type DashboardSchema, type Environment, type Tenant } from '@plotwatch/platform';
import { dashboards } from '@plotwatch/dashboards';
import { byPath, entryOf, type Artifact, type ArtifactEntry, type Digest } from './artifacts.ts';
import {
  dashboardArtifacts,
  dashboardUnits,
  duplicateUids,
  grafanaArtifacts,
  type DashboardUnit,
} from './producers/grafana.ts';
import { panelIndex, type PanelIndex, type Produced, type Producer } from './producers/producer.ts';
import { kubeArtifacts } from './producers/kube.ts';
import { routingArtifacts } from './producers/routing.ts';
import { ruleArtifacts } from './producers/rules.ts';
import { validateArtifacts } from './validate.ts';
import { collapseTenants } from './collapse.ts';
import { manifestBlock } from './manifest-block.ts';
import { sourcePathIn } from './source-path.ts';
import { definitionProblems } from './definitions.ts';
import { derivedNames, nameClashes } from './derived-names.ts';

export interface CompileInput {
  readonly tenants: readonly Tenant[];
  readonly env: Environment;
  /**
   * The dashboard schemas to write: `[env.grafana.schema]` unless told otherwise (`dashboardSchemas`
   * turns `--schema v1|v2|both` into an environment and this).
   */
  readonly schemas?: readonly DashboardSchema[];
  /** Repository root, to name definitions by their path in errors and in the manifest. */
  readonly root: string;
  /** The manifest's sha256 of a file's content, given by the host (Node's is native and many times faster than JS). */
  readonly digest: Digest;
}

export type CompileResult = { ok: true; artifacts: Artifact[]; expressions: number } | { ok: false; errors: string[] };

/** What the checks made of some artifacts: one message per finding, and how many expressions they read. */
export type Checked = { readonly findings: readonly string[]; readonly expressions: number };

/** A tenant field a producer's output may depend on. */
export type TenantField = Exclude<keyof Tenant, 'id' | 'tenancy' | 'source'>;

/**
 * A producer of the rest of out/ (all but the dashboards), and what its output depends on: an
 * incremental build makes it again only when one of those changed. Every producer depends on the
 * tenants' ids and tenancy (the checks of its output read them too), none on a tenant's `source`
 * (where the file is, for messages); `reads` names the other fields it reads, and reads.test.ts
 * proves that changing any field it does not name leaves its output as it was.
 */
export interface RestProducer {
  /** Names its unit in the cache. */
  readonly name: string;
  readonly produce: Producer;
  readonly reads: readonly TenantField[];
  /** The producers before it whose artifacts it is given (`earlier`), by name; a producer is given no others. */
  readonly wraps?: readonly string[];
}

/**
 * Each producer owns a part of out/; their outputs never overlap, nor the dashboard units'. The
 * dashboards come first: alerts link to their panels. Routing before the rules: a host checks the
 * Alertmanager config in another process (amtool, ~0.5 s for 1,000 tenants' config) from the moment
 * it is made. Kubernetes last: it wraps the Alertmanager config in a Secret.
 */
export const restProducers: readonly RestProducer[] = [
  { name: 'grafana', produce: grafanaArtifacts, reads: ['displayName'] },
  { name: 'routing', produce: routingArtifacts, reads: ['notifications', 'maintenanceWindows'] },
  { name: 'rules', produce: ruleArtifacts, reads: ['slo', 'thresholds'] },
  { name: 'kube', produce: kubeArtifacts, reads: [], wraps: ['routing'] },
];

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
  artifacts.push(
    manifest(
      artifacts.map((a) => entryOf(a, input.digest)),
      input.env,
    ),
  );
  return { ok: true, artifacts: artifacts.sort(byPath), expressions };
}

/**
 * The dashboards of the platform and of `dashboardTenants` (a host may build the other tenants'
 * apart, with `tenantDashboards`), then every producer in order, each seeing what the ones before
 * it made and the panels of those dashboards.
 */
export function produce(input: CompileInput, dashboardTenants: readonly Tenant[]): Produced[] {
  const { env, root } = input;
  const dashboards = dashboardArtifacts(
    dashboardUnits(dashboardTenants, true),
    env,
    sourcePathIn(root),
    input.schemas ?? [env.grafana.schema],
  );
  return [dashboards, ...produceRest(input, panelIndex(dashboards.artifacts))];
}

/**
 * Every producer of the rest in order: everything but the dashboards, which reach it only through
 * `panels` (the ids of the panels alerts link to). `made`: told each producer's artifacts as soon
 * as it has made them.
 */
export function produceRest(
  input: CompileInput,
  panels: PanelIndex,
  made?: (artifacts: readonly Artifact[]) => void,
): Produced[] {
  const produced = new Map<string, Produced>();
  for (const producer of restProducers) {
    const output = produceOne(producer, input, panels, wrappedBy(producer, produced));
    produced.set(producer.name, output);
    made?.(output.artifacts);
  }
  return [...produced.values()];
}

/** What `producer` wraps, of what the producers before it made (by name). */
export function wrappedBy<T>(producer: RestProducer, made: ReadonlyMap<string, T>): T[] {
  return (producer.wraps ?? []).map((name) => {
    const output = made.get(name);
    if (output === undefined) throw new Error(`producer ${producer.name} wraps ${name}, which does not come before it`);
    return output;
  });
}

/** What one producer of the rest makes, given what the producers it wraps made (`wrappedBy`). */
export function produceOne(
  producer: RestProducer,
  { tenants, env, schemas, root }: CompileInput,
  panels: PanelIndex,
  wrapped: readonly Pick<Produced, 'artifacts'>[],
): Produced {
  const earlier = wrapped.flatMap((p) => p.artifacts);
  return producer.produce({
    tenants,
    env,
    schemas,
    sourcePath: sourcePathIn(root),
    panels,
    earlier,
    defined: dashboards,
  });
}

/** What `--schema` asks for, if anything. */
export type SchemaChoice = DashboardSchema | 'both';

/**
 * The environment and dashboard schemas of a build: the environment's Grafana decides, unless
 * `choice` overrides it. `v1` or `v2` makes that the target's schema (its ConfigMaps carry it);
 * `both` writes both forms and leaves the ConfigMaps to the target's own.
 */
export function dashboardSchemas(
  env: Environment,
  choice?: SchemaChoice,
): { env: Environment; schemas: readonly DashboardSchema[] } {
  if (choice === undefined) return { env, schemas: [env.grafana.schema] };
  if (choice === 'both') return { env, schemas: ['v1', 'v2'] };
  return { env: { ...env, grafana: { ...env.grafana, schema: choice } }, schemas: [choice] };
}

/**
 * The tenant-scoped dashboards of `tenants` and their ConfigMaps: what `produce` leaves out for
 * the tenants not in its `dashboardTenants`, so a host can build them in batches, on other threads;
 * only the units `wanted` (all by default: a host that kept the others from an earlier build skips them).
 */
export function tenantDashboards(
  tenants: readonly Tenant[],
  env: Environment,
  root: string,
  schemas: readonly DashboardSchema[] = [env.grafana.schema],
  wanted: (unit: DashboardUnit) => boolean = () => true,
): Produced {
  return dashboardArtifacts(dashboardUnits(tenants, false).filter(wanted), env, sourcePathIn(root), schemas);
}

/**
 * What stops the build: mistakes in the platform's definitions (alone), names two owners derive
 * alike (alone), producers' errors (checks
 * run only without them), then findings and budgets; the same problem in several tenants is said once.
 */
export function problems(
  { tenants, root, env }: Pick<CompileInput, 'tenants' | 'root' | 'env'>,
  produced: ReadonlyArray<{
    readonly artifacts: ReadonlyArray<Pick<Artifact, 'path' | 'kind' | 'source' | 'tenant'>>;
    readonly errors: readonly string[];
  }>,
  checked: () => readonly Checked[],
): { errors: string[]; expressions: number } {
  // A mistake every tenant inherits is said once, alone: what the producers made of it only follows from it.
  const inherited = definitionProblems(sourcePathIn(root));
  if (inherited.length) return { errors: inherited, expressions: 0 };
  // Two owners of one name: everything else either repeats it (duplicate uids) or is moot until it is fixed.
  const clashes = nameClashes(derivedNames(tenants, env, dashboards));
  if (clashes.length) return { errors: clashes, expressions: 0 };
  const ids = tenants.map((t) => t.id);
  const errors = [
    ...new Set([...produced.flatMap((p) => p.errors), ...duplicateUids(produced.flatMap((p) => p.artifacts))]),
  ];
  if (errors.length) return { errors: collapseTenants(errors, ids), expressions: 0 };
  const checks = checked();
  // Sorted: the threads find in whatever order they ran, the report must not change between runs.
  const findings = checks.flatMap((c) => c.findings).sort();
  return {
    errors: [...collapseTenants(findings, ids), ...budgetViolations(tenants)],
    expressions: checks.reduce((n, c) => n + c.expressions, 0),
  };
}

export { sourcePathIn };

/** out/manifest.json: every other artifact, its sha256 and the definition it came from. */
export function manifest(entries: readonly ArtifactEntry[], env: Environment): Artifact {
  const head = { generator: 'plotwatch', env: env.id };
  // JSON.stringify's own bytes, an entry's block kept by the entry: a long-lived build process
  // lists the same 24,000 entry objects (at 1,000 tenants) build after build.
  const content = entries.length
    ? `${json(head).slice(0, -3)},\n  "artifacts": [\n${[...entries].sort(byPath).map(manifestBlock).join(',\n')}\n  ]\n}\n`
    : json({ ...head, artifacts: [] });
  return { path: 'manifest.json', kind: 'manifest', source: 'libs/build/src/compile.ts', content };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
