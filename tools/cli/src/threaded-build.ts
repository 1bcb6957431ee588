import {
  byPath,
  checkKey,
  dashboardUnit,
  dashboardUnits,
  entryOf,
  lookupsHold,
  manifest,
  panelIndex,
  problems,
  produceOne,
  restProducers,
  wrappedBy,
  recordedSeries,
  recordingPanelIndex,
  sourcePathIn,
  unitKeys,
  type Artifact,
  type ArtifactEntry,
  type CompileInput,
  type DashboardUnit,
  type PanelIndex,
  type PanelLookup,
  type RestProducer,
} from '@plotwatch/build';
import type { Tenant } from '@plotwatch/platform';
import type { CodeDigest } from './cache/code-digest.ts';
import type { UnitCache } from './cache/unit-cache.ts';
import type { DashboardJob, DashboardThread } from './dashboard-thread.ts';
import type { DashboardWork } from './dashboard-work.ts';
import { entryOfMade, keptArtifact, sortedByPath } from './kept-artifacts.ts';
import { sha256, writeArtifacts } from './out-dir.ts';
import { typeScriptWorker } from './ts-worker.ts';
import {
  checkAndWrite,
  drainPool,
  tenantPool,
  unitId,
  type BatchesDone,
  type OutFiles,
  type TenantPool,
} from './tenant-pool.ts';

export interface BuildOptions {
  /** The smallest pool (in units to build) a worker is started for (tests start one for a small build). */
  readonly workerFrom?: number;
  /**
   * The worker to hand dashboards to, kept from build to build (`plotwatch dev`'s): used for a pool
   * of its own `from` units; without it, a worker is started for this build (for a large pool).
   */
  readonly thread?: DashboardThread;
  /**
   * Tests only: this thread takes from the pool once the worker has taken its first batch, so that
   * a small pool is shared (alone, this thread empties it before a worker has loaded its modules).
   */
  readonly workerFirst?: boolean;
  /** Units an earlier build made, reused while their keys hold; what this build makes is kept there. */
  readonly cache?: { readonly units: UnitCache; readonly code: CodeDigest };
  /**
   * out/ as the last build left it, when it is patched in place: its folder and the files it
   * holds. Only then are units reused (their files are there) and only files that differ written.
   */
  readonly out?: { readonly dir: string; readonly files: OutFiles };
  /**
   * Told the rest of out/ (routing, rules, manifests) while the dashboards are still being built:
   * a part as soon as it is made, or all of it at once when it is kept. A check of it that runs in
   * another process starts then.
   */
  readonly restMade?: (artifacts: readonly Artifact[]) => void;
}

export type Built =
  | {
      ok: true;
      written: ArtifactEntry[];
      expressions: number;
      /** `worker`: how many of the rebuilt the worker thread built (0 without one). */
      units: { total: number; rebuilt: number; worker: number };
    }
  | { ok: false; errors: string[] };

/** One unit of the build on this thread: what it made (or an earlier build did), and its key. */
interface UnitResult {
  readonly key?: string;
  readonly artifacts: readonly Artifact[];
  readonly errors: readonly string[];
  /** Set when reused: the checks' key its artifacts passed under. */
  readonly checked?: string;
  readonly recorded?: ReadonlySet<string>;
  readonly lookups?: readonly PanelLookup[];
}

/**
 * What `compile` makes, written into `dir` (a staging directory the caller swaps in only when
 * this is ok), on two cores, reusing what each unchanged unit (a dashboard in one scope, or the
 * rest of out/) made before. The dashboards of the label tenants but the first are read by
 * nothing else (the shared rules link to the first one's panels, a mimir tenant's rules to its
 * own), so those to rebuild go into a pool: a worker thread (for a large pool) takes from it from
 * the start, this thread once it has built the rest; each checks, hashes and writes what it built.
 */
export async function buildInto(dir: string, input: CompileInput, options: BuildOptions = {}): Promise<Built> {
  const schemas = input.schemas ?? [input.env.grafana.schema];
  const sourcePath = sourcePathIn(input.root);
  const cache = options.cache;
  const out = options.out;
  const reuse = (key: string | undefined) => reused(cache?.units, out, key);
  const keys = cache && unitKeys(sha256, cache.code, input.env, schemas, input.tenants);
  const dashboardKey = (u: DashboardUnit) => keys?.dashboard(u.definition.source, u.tenant);
  const pooled = pooledTenants(input.tenants);

  const poolUnits = dashboardUnits([...pooled], false).map((unit) => ({
    unit,
    reused: reuse(dashboardKey(unit)),
  }));
  const rebuilt = poolUnits.filter((p) => !p.reused).map((p) => ({ ...p.unit, key: dashboardKey(p.unit) }));
  const pool = tenantPool(
    [...new Set(rebuilt.map((u) => u.tenant!))],
    rebuilt.map((u) => unitId(sourcePath(u.definition.source), u.tenant)),
  );
  const thread = options.thread ?? WORKER_PER_BUILD;
  const worker =
    rebuilt.length >= (options.workerFrom ?? thread.from)
      ? thread.start({ pool, env: input.env, schemas, root: input.root, dir, ...(out ? { present: out.files } : {}) })
      : undefined;
  try {
    const done = worker ? worker.done : Promise.resolve(undefined);
    // awaited below; if this thread throws first, the worker's exit must not be an unhandled rejection
    done.catch(() => undefined);

    // Built when a producer first asks for their panels (the rules), or after the rest: the routing
    // before them, so that amtool starts checking its config the sooner.
    let mainUnits: UnitResult[] | undefined;
    const mainBuilt = () =>
      (mainUnits ??= dashboardUnits(
        input.tenants.filter((t) => !pooled.has(t)),
        true,
      ).map((unit): UnitResult => {
        const key = dashboardKey(unit);
        return reuse(key) ?? { key, ...dashboardUnit(unit, input.env, sourcePath, schemas) };
      }));
    const panels = panelIndexOnce(() => panelIndex(mainBuilt().flatMap((m) => m.artifacts)));
    const restUnits = new Map<string, UnitResult>();
    for (const producer of restProducers) {
      const wrapped = wrappedBy(producer, restUnits);
      // With keys, every unit has one.
      const key = keys?.rest(
        producer,
        wrapped.map((u) => u.key!),
      );
      const kept = reuse(key);
      const unit =
        kept?.lookups && kept.recorded && lookupsHold(kept.lookups, panels)
          ? kept
          : restUnit(producer, input, panels, wrapped, key);
      options.restMade?.(unit.artifacts);
      restUnits.set(producer.name, unit);
    }
    const rest = [...restUnits.values()];
    const main = mainBuilt();
    const recorded = new Set(rest.flatMap((u) => [...(u.recorded ?? [])]));
    worker?.recorded(recorded);

    const checked = checkKey(sha256, recorded);
    const batches = checkAndWrite(dir, input.tenants, input.env, out?.files);
    batches.recorded(recorded);
    for (const unit of [...main, ...rest, ...poolUnits.flatMap((p) => p.reused ?? [])])
      batches.add(unit, { check: unit.checked !== checked });
    if (worker && options.workerFirst) await poolTaken(pool, done);
    await drainPool(pool, input.env, schemas, input.root, (batch) => batches.add(batch, { check: true }));
    const here = await batches.done();
    const remote = await done;
    const parts = remote ? [here, remote] : [here];
    const { errors, expressions } = problems(input, parts, () => parts);
    if (errors.length) return { ok: false, errors };
    // Sorted once (24,000 at 1,000 tenants): sorting them again, as the manifest does and with its
    // own entry among them, then takes a pass over a sorted array.
    const entries = sortedByPath(parts.flatMap((p) => p.artifacts));
    const index = manifest(entries, input.env);
    await writeArtifacts(dir, [index], { flat: out !== undefined });
    if (cache) {
      const made = [...main, ...rest].filter((u) => u.key !== undefined && u.checked === undefined);
      keep(cache.units, checked, [
        // Their entries are those the checks listed: kept by the artifact.
        ...made.map((u) => ({ ...u, key: u.key!, entries: u.artifacts.map(entryOfMade) })),
        ...pooledEntries(entries, rebuilt, sourcePath),
      ]);
      for (const u of [...main, ...rest, ...poolUnits.flatMap((p) => p.reused ?? [])])
        if (u.key !== undefined && u.checked !== undefined && u.checked !== checked)
          cache.units.put(u.key, { ...cache.units.get(u.key)!, checked });
    }
    return {
      ok: true,
      written: [...entries, entryOf(index, input.digest)].sort(byPath),
      expressions,
      units: {
        total: poolUnits.length + main.length + rest.length,
        rebuilt: [...main, ...rest].filter((u) => u.checked === undefined).length + rebuilt.length,
        worker: remote ? unitsOf(remote.artifacts) : 0,
      },
    };
  } finally {
    await worker?.end();
  }
}

/**
 * The tenants whose dashboards nothing else in the build reads: the label tenants but the first
 * (the shared rules link to its panels; a mimir tenant's rules to its own).
 */
export function pooledTenants(tenants: readonly Tenant[]): ReadonlySet<Tenant> {
  return new Set(tenants.filter((t) => t.tenancy === 'label').slice(1));
}

/**
 * A unit an earlier build made under `key`, when out/ (patched in place) still holds every file it
 * made; its files are read from there only when checked again.
 */
function reused(
  cache: UnitCache | undefined,
  out: BuildOptions['out'],
  key: string | undefined,
): (UnitResult & { key: string }) | undefined {
  const unit = key === undefined || !out ? undefined : cache?.get(key);
  if (!unit || !out || key === undefined || !unit.entries.every((e) => out.files.get(e.path) === e.sha256))
    return undefined;
  return {
    key,
    checked: unit.checked,
    errors: [],
    artifacts: unit.entries.map((entry) => keptArtifact(out.dir, entry)),
    ...(unit.recorded ? { recorded: new Set(unit.recorded) } : {}),
    ...(unit.lookups ? { lookups: unit.lookups } : {}),
  };
}

/** One producer of the rest, run: what it made, the series it records and the panels it looked up. */
function restUnit(
  producer: RestProducer,
  input: CompileInput,
  panels: PanelIndex,
  wrapped: readonly UnitResult[],
  key: string | undefined,
): UnitResult {
  const recording = recordingPanelIndex(panels);
  const { artifacts, errors } = produceOne(producer, input, recording.index, wrapped);
  return {
    ...(key ? { key } : {}),
    artifacts,
    errors,
    recorded: recordedSeries(artifacts),
    lookups: recording.lookups,
  };
}

/** A panel index made when it is first asked something. */
function panelIndexOnce(make: () => PanelIndex): PanelIndex {
  let index: PanelIndex | undefined;
  return {
    panelId: (uid, title) => (index ??= make()).panelId(uid, title),
    panelTitles: (uid) => (index ??= make()).panelTitles(uid),
  };
}

/** Once a thread has taken from the pool (its next index moved), or `done` rejects. */
async function poolTaken(pool: TenantPool, done: Promise<unknown>): Promise<void> {
  const next = new Int32Array(pool.next);
  while (Atomics.load(next, 0) === 0) await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5))]);
}

/** How many dashboard units made these entries. */
function unitsOf(entries: readonly ArtifactEntry[]): number {
  return new Set(entries.map((e) => unitId(e.source, e.tenant === undefined ? undefined : { id: e.tenant }))).size;
}

/** The manifest entries of the units the pool rebuilt, as units to keep. */
function pooledEntries(
  entries: readonly ArtifactEntry[],
  rebuilt: ReadonlyArray<DashboardUnit & { key?: string }>,
  sourcePath: (url: string) => string,
): MadeUnit[] {
  const units = new Map<string, MadeUnit>();
  for (const u of rebuilt)
    if (u.key !== undefined) units.set(unitId(sourcePath(u.definition.source), u.tenant), { key: u.key, entries: [] });
  // Pooled units are tenants' dashboards: only those tenants' entries are looked up (a tenant edit: 10 of 24,000).
  const tenants = new Set(rebuilt.map((u) => u.tenant?.id));
  for (const e of entries)
    if (e.tenant !== undefined && tenants.has(e.tenant)) units.get(unitId(e.source, { id: e.tenant }))?.entries.push(e);
  return [...units.values()];
}

interface MadeUnit {
  readonly key: string;
  readonly entries: ArtifactEntry[];
  readonly recorded?: ReadonlySet<string>;
  readonly lookups?: readonly PanelLookup[];
}

/** Keeps the units this build made in the cache's index (their files stay in out/). */
function keep(cache: UnitCache, checked: string, made: readonly MadeUnit[]): void {
  for (const u of made)
    cache.put(u.key, {
      entries: u.entries,
      checked,
      ...(u.recorded ? { recorded: [...u.recorded] } : {}),
      ...(u.lookups ? { lookups: u.lookups } : {}),
    });
}

/**
 * A worker first loads all its modules (2-3 s of CPU): for a smaller pool (in units; 200 tenants'
 * dashboards), this thread builds them faster alone, as after a dashboard edit (a unit per tenant).
 */
const WORKER_FROM = 1800;

/** A worker started for the build, running dashboard-worker.ts, and ended with it. */
const WORKER_PER_BUILD: DashboardThread = {
  from: WORKER_FROM,
  start(work: DashboardWork): DashboardJob {
    const worker = typeScriptWorker(new URL('./dashboard-worker.ts', import.meta.url), { workerData: work });
    return {
      done: new Promise<BatchesDone>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) =>
          reject(new Error(`the dashboard worker exited (code ${code}) before it finished`)),
        );
      }),
      recorded: (series) => worker.postMessage(series),
      end: async () => void (await worker.terminate()),
    };
  },
};
