import { didYouMean, environment, syntheticTenants } from '@plotwatch/platform';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compile,
  dashboardSchemas,
  manifest,
  dashboardSources,
  isDashboard,
  panelIndex,
  produceRest,
  recordedSeries,
  validateArtifacts,
  type Artifact,
  type ArtifactEntry,
  type CompileInput,
} from '@plotwatch/build';
import { changesFrom } from '@plotwatch/build/proofs';
import { codeDigest } from './cache/code-digest.ts';
import { UnitCache } from './cache/unit-cache.ts';
import { outAsLeft, recordInputs, rememberOut } from './cache/up-to-date.ts';
import { ALERTMANAGER_CONFIG, amtoolRefusal } from './amtool-check.ts';
import { elapsed, type BuildArgs } from './build.ts';
import { keptDashboardThread } from './dashboard-thread.ts';
import { readManifestEntries, recordLastBuild, type ManifestEntries } from './last-build.ts';
import { entryOfMade, entryOfReused, isReused, keptArtifact } from './kept-artifacts.ts';
import { buildInto, pooledTenants, type BuildOptions } from './threaded-build.ts';
import { readTenants } from './load.ts';
import { OutDirError, replaceAtomically, sha256, stagedName, stockSpares, type Patch } from './out-dir.ts';
import type { OutFiles } from './tenant-pool.ts';
import { cacheDirOf, REPO_ROOT, stateDirOf } from './paths.ts';
import { reported } from './reported.ts';
import { UsageError } from './usage.ts';

type Loaded = { ok: true; input: CompileInput } | { ok: false; errors: string[] };

/** The tenants read and checked, and what the compiler is given. */
async function load(args: BuildArgs): Promise<Loaded> {
  const tenants = await readTenants(args.tenantsDir);
  if (!tenants.ok) return tenants;
  const all = [...tenants.tenants, ...syntheticTenants(args.synthetic)];
  const kept = args.tenant === undefined ? all : all.filter((t) => t.id === args.tenant);
  if (kept.length === 0) {
    const ids = all.map((t) => t.id);
    throw new UsageError(
      `--tenant ${args.tenant}: no such tenant${didYouMean(args.tenant!, ids)}; the tenants are ${ids.join(', ')}`,
    );
  }
  const { env, schemas } = dashboardSchemas(environment(args.env), args.schema);
  return {
    ok: true,
    input: {
      tenants: kept,
      env,
      schemas,
      root: REPO_ROOT,
      digest: sha256,
    },
  };
}

/**
 * The build proper (build.ts answers first when out/ is up to date). `inputs` (none with
 * `--no-cache`): their digest, kept with the cache after the build, and the code's files it read.
 */
export async function runBuild(
  args: BuildArgs,
  inputs: { readonly digest: string; readonly sources: readonly (readonly [string, Buffer])[] } | undefined,
): Promise<number> {
  const { outDir, started } = args;
  const loaded = await load(args);
  const cache = loaded.ok && inputs ? await openCache(cacheDirOf(outDir), loaded.input, inputs.sources) : undefined;
  let before: ManifestEntries | undefined;
  let result;
  try {
    result = loaded.ok
      ? await replaceAtomically(outDir, async (staging) => {
          // Read with out/'s lock held, once what a killed build left is cleared: out/ is whole.
          const left = await outAsLeft(cacheDirOf(outDir), outDir);
          before = left.entries;
          const out = cache && left.recorded ? { dir: outDir, files: filesOf(left.entries!) } : undefined;
          // amtool reads a changed config in its own process while this one builds the dashboards.
          let checking: Promise<string | undefined> | undefined;
          const restMade = (artifacts: readonly Artifact[]) => {
            const config = artifacts.find((a) => a.path === ALERTMANAGER_CONFIG);
            // Its entry is kept by the artifact: hashed once, here, not again when it is written.
            if (config && !isReused(config) && out?.files.get(ALERTMANAGER_CONFIG) !== entryOfMade(config).sha256)
              (checking = amtoolRefusalOf(config.content)).catch(() => undefined);
          };
          const thread = keptDashboardThread();
          const built = await buildInto(staging, loaded.input, {
            ...(cache ? { cache } : {}),
            ...(out ? { out } : {}),
            ...(thread ? { thread } : {}),
            restMade,
          });
          if (!built.ok) return built;
          const patch = out && patchOf(out.files, built.written);
          // An alertmanager config out/ already holds passed amtool when it was written.
          const config = !patch || patch.changed.includes(ALERTMANAGER_CONFIG);
          const staged = join(staging, patch ? stagedName(ALERTMANAGER_CONFIG) : ALERTMANAGER_CONFIG);
          const refusal = config ? await (checking ?? amtoolRefusal(staged)) : undefined;
          return refusal === undefined ? { ...built, ...(patch ? { patch } : {}) } : amtoolFailure(refusal);
        }).catch((e: unknown) => {
          // The disk, not the sources: a full or read-only disk, another build holding out/.
          if (e instanceof OutDirError) return { ok: false as const, errors: [e.message] };
          throw e;
        })
      : loaded;
  } catch (e) {
    await cache?.units.release();
    throw e;
  }
  if (!result.ok) {
    await cache?.units.release();
    return fail('build', result.errors, `nothing written, ${outDir} left as it was`);
  }
  const written = result.written.filter((e) => e.kind !== 'manifest');
  const manifest = result.written.find((e) => e.kind === 'manifest')!;
  await rememberOut(outDir, written, manifest.sha256).catch(() => undefined);
  const units = 'units' in result ? ` (${result.units.rebuilt} of ${result.units.total} units rebuilt)` : '';
  await recordLastBuild(stateDirOf(outDir), before, written, 'patch' in result ? result.patch : undefined).catch(
    (e: Error) =>
      console.error(`plotwatch build: out/ written, but not what changed (plotwatch test --changed): ${e.message}`),
  );
  console.log(
    `plotwatch build: ${summary(result.written)} for ${loaded.ok ? loaded.input.tenants.length : 0} tenants -> ${outDir}${units} in ${elapsed(started)}`,
  );
  // Said: what follows only speeds up later builds (dev answers before it: 0.1-0.2 s at 1,000 tenants).
  reported(0);
  if (cache) {
    await cache.units.save().catch((e: unknown) => warnCache(e));
    if (inputs)
      await recordInputs(cacheDirOf(outDir), inputs.digest, manifest.sha256).catch((e: unknown) => warnCache(e));
    await cache.units.release();
  }
  return 0;
}

const filesOf = (entries: ManifestEntries): OutFiles => new Map(entries.map((e) => [e.path, e.sha256]));

/** What patching out/ into what a build wrote takes: the files new or changed (the manifest among them), and those gone. */
const patchOf = (files: OutFiles, written: readonly ArtifactEntry[]): Patch => changesFrom(files, written);

/**
 * The cache and the digests of the code its units depend on; none (said why) when another build
 * holds it or it cannot be opened: the build then makes every unit.
 */
async function openCache(
  dir: string,
  input: CompileInput,
  sources: readonly (readonly [string, Buffer])[],
): Promise<NonNullable<BuildOptions['cache']> | undefined> {
  try {
    const units = await UnitCache.open(dir);
    if ('busy' in units) {
      console.error(`plotwatch build: ${units.busy}; building without the cache`);
      return undefined;
    }
    return { units, code: await codeDigest(input.root, dashboardSources(), sources) };
  } catch (e) {
    warnCache(e);
    return undefined;
  }
}

function warnCache(e: unknown): void {
  console.error(
    `plotwatch build: the build cache could not be used (${(e as Error).message}); out/ is complete without it`,
  );
}

/**
 * The rest of out/ for `args`' tenants, made and dropped: see `primeRest`. Its alerts link to the
 * dashboards out/ holds, read from there by their sha as the next build reads them (its panel
 * lookups then parse none of them again). Then the manifest entries of what the next build lists,
 * made as it makes them, and spares for its first patch (`stockSpares`). Writes nothing in out/; a
 * problem is the next build's to report.
 */
export async function makeRest(args: BuildArgs): Promise<void> {
  const loaded = await load(args).catch(() => undefined);
  const entries = loaded?.ok ? await readManifestEntries(args.outDir) : undefined;
  if (!loaded?.ok || !entries) return;
  const { input } = loaded;
  const pooled = new Set([...pooledTenants(input.tenants)].map((t) => t.id));
  const linked = entries.filter((e) => isDashboard(e) && !(e.tenant && pooled.has(e.tenant)));
  const rest = produceRest(input, panelIndex(linked.map((e) => keptArtifact(args.outDir, e))));
  // Checked as the build checks it: each rule file's findings are kept too.
  const artifacts = rest.flatMap((p) => p.artifacts);
  validateArtifacts(artifacts, input.tenants, input.env, { recorded: recordedSeries(artifacts) });
  // The entries the next build lists, and their blocks of its manifest: of what it will make again
  // the same (a tenant's mimir namespaces, its routing tree), and of every unit it will reuse
  // (24,000 files at 1,000 tenants, ~0.3 s when the first edit makes them).
  const made = artifacts.map(entryOfMade);
  const reused = (await UnitCache.peek(cacheDirOf(args.outDir))).flatMap((unit) =>
    unit.entries.map((entry) => entryOfReused(keptArtifact(args.outDir, entry))),
  );
  manifest([...made, ...reused], input.env);
  // Spares for the largest patch a dashboard edit makes: its definition's files, and the manifest.
  await stockSpares(args.outDir, mostFilesOfADashboard(entries) + 1);
}

/** The most files one dashboard definition makes (its dashboards and their ConfigMaps, every tenant's). */
function mostFilesOfADashboard(entries: ManifestEntries): number {
  const dashboards = new Set(entries.filter(isDashboard).map((e) => e.source));
  const files = new Map<string, number>();
  for (const { source } of entries) if (dashboards.has(source)) files.set(source, (files.get(source) ?? 0) + 1);
  return Math.max(0, ...files.values());
}

export async function runValidate(args: BuildArgs): Promise<number> {
  const { started } = args;
  const loaded = await load(args);
  const compiled = loaded.ok ? compile(loaded.input) : loaded;
  const config = compiled.ok ? compiled.artifacts.find((a) => a.path === ALERTMANAGER_CONFIG) : undefined;
  const refusal = config ? await amtoolRefusalOf(config.content) : undefined;
  const result = refusal === undefined ? compiled : amtoolFailure(refusal);
  if (!result.ok) return fail('validate', result.errors, 'fix them before building');
  console.log(
    `plotwatch validate: ${result.expressions} expressions in ${result.artifacts.length} artifacts for ${loaded.ok ? loaded.input.tenants.length : 0} tenants, no findings, in ${elapsed(started)}`,
  );
  return 0;
}

function amtoolFailure(refusal: string): { ok: false; errors: string[] } {
  return {
    ok: false,
    errors: [
      `${ALERTMANAGER_CONFIG} (generated): amtool check-config refuses it: ${refusal}; ` +
        'the tenant files passed their checks, so they miss this one: fix what it names and report it',
    ],
  };
}

/**
 * amtool reads files: a config not yet in out/ goes through a scratch one. Written and handed to
 * amtool at once, with synchronous calls: the build goes on computing without yielding for
 * hundreds of milliseconds, and amtool (0.2 s for 1,000 tenants' 2.6 MB) runs meanwhile.
 */
function amtoolRefusalOf(configYaml: string): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'plotwatch-validate-'));
  const removed = () => rm(dir, { recursive: true, force: true });
  try {
    writeFileSync(join(dir, 'alertmanager.yaml'), configYaml);
  } catch (e) {
    return removed().then(() => Promise.reject(e as Error));
  }
  return amtoolRefusal(join(dir, 'alertmanager.yaml')).finally(removed);
}

function summary(artifacts: readonly ArtifactEntry[]): string {
  const counts = new Map<string, number>();
  for (const a of artifacts) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

function fail(command: string, errors: readonly string[], consequence: string): number {
  for (const e of errors) console.error(e);
  console.error(`plotwatch ${command}: ${errors.length} problem${errors.length === 1 ? '' : 's'}; ${consequence}`);
  return 1;
}
