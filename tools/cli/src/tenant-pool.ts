import type { DashboardSchema, Environment, Tenant } from '@plotwatch/platform';
import {
  cleanCache,
  tenantDashboards,
  validateArtifacts,
  sourcePathIn,
  type Artifact,
  type ArtifactEntry,
  type DashboardUnit,
  type Produced,
} from '@plotwatch/build';
import { entryOfMade, entryOfReused, isReused } from './kept-artifacts.ts';
import { artifactWriter } from './out-dir.ts';

/**
 * Tenants whose dashboards nothing else in the build reads, shared by the build's threads: each
 * takes a few at a time until none are left, so a thread done with its own work helps with the
 * rest and the split follows how busy each core is.
 */
export interface TenantPool {
  readonly tenants: readonly Tenant[];
  /** The units to build (`unitId`s): the others are reused from an earlier build. */
  readonly units: readonly string[];
  /** An Int32: the index of the next tenant no thread has taken. Shared, not copied, between threads. */
  readonly next: SharedArrayBuffer;
}

const TAKE = 8;

export function tenantPool(tenants: readonly Tenant[], units: readonly string[]): TenantPool {
  return { tenants, units, next: new SharedArrayBuffer(4) };
}

/** A dashboard unit's name among threads: its definition's path and its tenant. */
export function unitId(source: string, tenant: Pick<Tenant, 'id'> | undefined): string {
  return `${source} ${tenant?.id ?? ''}`;
}

/**
 * Takes tenants from the pool until it is empty and hands each batch of their dashboards and
 * ConfigMaps to `batch`. Yields between batches, so that writes in flight and messages progress.
 */
export async function drainPool(
  pool: TenantPool,
  env: Environment,
  schemas: readonly DashboardSchema[],
  root: string,
  batch: (built: Produced) => void,
): Promise<void> {
  const next = new Int32Array(pool.next);
  const units = new Set(pool.units);
  const sourcePath = sourcePathIn(root);
  const wanted = (u: DashboardUnit) => units.has(unitId(sourcePath(u.definition.source), u.tenant));
  for (let i = Atomics.add(next, 0, TAKE); i < pool.tenants.length; i = Atomics.add(next, 0, TAKE)) {
    batch(tenantDashboards(pool.tenants.slice(i, i + TAKE), env, root, schemas, wanted));
    await new Promise(setImmediate);
  }
}

/**
 * What one thread made of its batches: manifest entries (the bytes are on disk), problems, and how
 * many expressions it checked.
 */
export interface BatchesDone {
  readonly artifacts: readonly ArtifactEntry[];
  readonly errors: readonly string[];
  readonly findings: readonly string[];
  readonly expressions: number;
}

/** The files out/ holds now, by path: their sha256 (a patched out/ is written only where they differ). */
export type OutFiles = ReadonlyMap<string, string>;

/**
 * Checks batches of artifacts as they come (once the series the rule files record are known),
 * writes those that pass into `dir` and keeps their manifest entries. After the first problem
 * nothing more is written: the build fails and `dir` is removed. A batch reused from an earlier
 * build is checked again only when told (it passed the same checks then). When out/ is patched in
 * place (`present`: what it holds), a file it already holds with the same bytes is not written, and
 * the others are staged flat (`stagedName`).
 */
export function checkAndWrite(dir: string, tenants: readonly Tenant[], env: Environment, present?: OutFiles) {
  const writer = artifactWriter(dir, { flat: present !== undefined });
  const entries: ArtifactEntry[] = [];
  const errors: string[] = [];
  const findings: string[] = [];
  let expressions = 0;
  let unchecked: Artifact[] = [];
  let passed: Artifact[] = [];
  let recorded: ReadonlySet<string> | undefined;
  const isClean = cleanCache();
  const check = () => {
    const artifacts = [...unchecked, ...passed];
    const checked = unchecked.length
      ? validateArtifacts(unchecked, tenants, env, { recorded: recorded!, isClean })
      : { findings: [], expressions: 0 };
    unchecked = [];
    passed = [];
    findings.push(...checked.findings);
    expressions += checked.expressions;
    const made = artifacts.map((a) => (isReused(a) ? entryOfReused(a) : entryOfMade(a)));
    entries.push(...made);
    if (!errors.length && !findings.length)
      writer.add(artifacts.filter((a, i) => !isReused(a) && present?.get(a.path) !== made[i]!.sha256));
  };
  return {
    add(
      batch: { readonly artifacts: readonly Artifact[]; readonly errors: readonly string[] },
      { check: checkAgain }: { check: boolean } = { check: true },
    ): void {
      errors.push(...batch.errors);
      for (const a of batch.artifacts) (checkAgain ? unchecked : passed).push(a);
      if (recorded) check();
    },
    recorded(series: ReadonlySet<string>): void {
      recorded = series;
      check();
    },
    async done(): Promise<BatchesDone> {
      if (!recorded) throw new Error('checkAndWrite: done before the recorded series were given');
      await writer.finished();
      return { artifacts: entries, errors, findings, expressions };
    },
  };
}
