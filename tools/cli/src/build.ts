import { didYouMean, ENVIRONMENTS, environment, syntheticTenants, type EnvironmentId } from '@plotwatch/platform';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  compile,
  dashboardSchemas,
  dashboardSources,
  type ArtifactEntry,
  type CompileInput,
  type SchemaChoice,
} from '@plotwatch/build';
import { codeDigest } from './cache/code-digest.ts';
import { UnitCache } from './cache/unit-cache.ts';
import { ALERTMANAGER_CONFIG, amtoolRefusal } from './amtool-check.ts';
import { readManifestEntries, recordLastBuild, stateDirOf } from './last-build.ts';
import { buildInto, type BuildOptions } from './threaded-build.ts';
import { readTenants } from './load.ts';
import { CacheBlobMissing, OutDirError, replaceAtomically, sha256 } from './out-dir.ts';
import { DEFAULT_OUT, DEFAULT_TENANTS, REPO_ROOT } from './paths.ts';
import { parseCommand, UsageError, type CommandSpec } from './usage.ts';

const SCHEMA_CHOICES: readonly SchemaChoice[] = ['v1', 'v2', 'both'];

interface Loaded {
  readonly outDir: string;
  readonly noCache: boolean;
  readonly loaded: { ok: true; input: CompileInput } | { ok: false; errors: string[] };
  readonly started: number;
}

const OPTIONS = {
  out: { type: 'string', value: 'DIR', description: 'where to write (default: out/ of the repository)' },
  'tenants-dir': { type: 'string', value: 'DIR', description: 'tenant YAML files (default: libs/platform/tenants)' },
  env: { type: 'string', value: ENVIRONMENTS.join('|'), default: 'prod', description: 'environment to compile for' },
  'synthetic-tenants': {
    type: 'string',
    value: 'N',
    description: 'add N generated tenants (needs --out: they never go into the committed out/)',
  },
  tenant: {
    type: 'string',
    value: 'ID',
    description:
      'after every tenant file is validated, build only this tenant (needs --out: one tenant never goes into the committed out/)',
  },
  'no-cache': {
    type: 'boolean',
    description: 'build every unit afresh: reuse nothing from .plotwatch/cache beside --out, and keep nothing there',
  },
  schema: {
    type: 'string',
    value: SCHEMA_CHOICES.join('|'),
    description:
      "dashboard schema to write (default: the environment's Grafana: v2 for 13+, v1 below);\nv1: grafana/dashboards/ (classic JSON), v2: grafana/resources/ (Git Sync / gcx layout)",
  },
} as const satisfies CommandSpec['options'];

export const BUILD: CommandSpec<typeof OPTIONS> = {
  name: 'build',
  summary:
    'compile and check every dashboard, rule and test, then write out/ (atomically: a failed build leaves it as it was)',
  options: OPTIONS,
  examples: [
    'plotwatch build',
    'plotwatch build --env staging --schema both --out /tmp/out',
    'plotwatch build --tenant aurora-books --out /tmp/aurora',
  ],
};

export const VALIDATE: CommandSpec<typeof OPTIONS> = {
  name: 'validate',
  summary: 'run every check over everything the build would write; writes nothing',
  options: OPTIONS,
  examples: ['plotwatch validate --tenants-dir ./my-tenants'],
};

/** Options shared by build and validate; loads and checks the tenants. */
async function loadFromArgs(spec: CommandSpec<typeof OPTIONS>, args: string[]): Promise<Loaded | undefined> {
  const parsed = parseCommand(spec, args);
  if (!parsed) return undefined;
  const { values } = parsed;
  const command = spec.name;
  const started = performance.now();
  const outDir = resolve(values.out ?? DEFAULT_OUT);
  if (!ENVIRONMENTS.includes(values.env as EnvironmentId))
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}, got "${values.env}"`);
  const synthetic = values['synthetic-tenants'] === undefined ? 0 : Number(values['synthetic-tenants']);
  if (!Number.isInteger(synthetic) || synthetic < 0)
    throw new UsageError(`--synthetic-tenants must be a whole number, got "${values['synthetic-tenants']}"`);
  const choice = values.schema as SchemaChoice | undefined;
  if (choice !== undefined && !SCHEMA_CHOICES.includes(choice))
    throw new UsageError(`--schema must be one of ${SCHEMA_CHOICES.join(', ')}, got "${values.schema}"`);
  if (command === 'build' && synthetic > 0 && outDir === DEFAULT_OUT)
    throw new UsageError('--synthetic-tenants needs --out DIR: synthetic tenants never go into the committed out/');
  const only = values.tenant;
  if (command === 'build' && only !== undefined && outDir === DEFAULT_OUT)
    throw new UsageError('--tenant needs --out DIR: an out/ of one tenant never replaces the committed out/');

  const tenants = await readTenants(resolve(values['tenants-dir'] ?? DEFAULT_TENANTS));
  const noCache = values['no-cache'] === true;
  if (!tenants.ok) return { outDir, noCache, loaded: tenants, started };
  const all = [...tenants.tenants, ...syntheticTenants(synthetic)];
  const kept = only === undefined ? all : all.filter((t) => t.id === only);
  if (kept.length === 0)
    throw new UsageError(
      `--tenant ${only}: no such tenant${didYouMean(
        only!,
        all.map((t) => t.id),
      )}; the tenants are ${all.map((t) => t.id).join(', ')}`,
    );
  const { env, schemas } = dashboardSchemas(environment(values.env as EnvironmentId), choice);
  const input = {
    tenants: kept,
    env,
    schemas,
    root: REPO_ROOT,
    digest: sha256,
  };
  return { outDir, noCache, loaded: { ok: true, input }, started };
}

/**
 * `plotwatch build`: tenants -> compile, check and write into a staging directory -> swap it in;
 * prints one summary line.
 */
export async function build(args: string[]): Promise<number> {
  const fromArgs = await loadFromArgs(BUILD, args);
  if (!fromArgs) return 0;
  const { outDir, loaded, started, noCache } = fromArgs;
  const before = await readManifestEntries(outDir);
  const cache = loaded.ok && !noCache ? await openCache(cacheDirOf(outDir), loaded.input) : undefined;
  const result = loaded.ok
    ? await replaceAtomically(outDir, async (staging) => {
        const built = await buildInto(staging, loaded.input, cache && { cache }).catch(async (e: unknown) => {
          // A blob gone from the cache: the cache is emptied and the build starts again, filling it anew.
          if (!(e instanceof CacheBlobMissing) || !cache) throw e;
          console.error(`plotwatch build: ${e.message}; emptying the cache and building every unit again`);
          await cache.units.forget();
          await rm(staging, { recursive: true, force: true });
          return buildInto(staging, loaded.input, { cache });
        });
        const refusal = built.ok ? await amtoolRefusal(join(staging, ALERTMANAGER_CONFIG)) : undefined;
        return refusal === undefined ? built : amtoolFailure(refusal);
      })
        .then(async (r) => {
          if (r.ok) await cache?.units.save().catch((e: unknown) => warnCache(e));
          return r;
        })
        .finally(() => cache?.units.release())
        .catch((e: unknown) => {
          // The disk, not the sources: a full or read-only disk, another build holding out/.
          if (e instanceof OutDirError) return { ok: false as const, errors: [e.message] };
          throw e;
        })
    : loaded;
  if (!result.ok) return fail('build', result.errors, `nothing written, ${outDir} left as it was`);
  const units = 'units' in result ? ` (${result.units.rebuilt} of ${result.units.total} units rebuilt)` : '';
  await recordLastBuild(stateDirOf(outDir), before, (await readManifestEntries(outDir)) ?? []).catch((e: Error) =>
    console.error(`plotwatch build: out/ written, but not what changed (plotwatch test --changed): ${e.message}`),
  );
  console.log(
    `plotwatch build: ${summary(result.written)} for ${loaded.ok ? loaded.input.tenants.length : 0} tenants -> ${outDir}${units} in ${elapsed(started)}`,
  );
  return 0;
}

/** The build cache of an out/ folder: `.plotwatch/cache` beside it (the repository's, for the default out/). */
export function cacheDirOf(outDir: string): string {
  return join(stateDirOf(outDir), 'cache');
}

/**
 * The cache and the digests of the code its units depend on; none (said why) when another build
 * holds it or it cannot be opened: the build then makes every unit.
 */
async function openCache(dir: string, input: CompileInput): Promise<NonNullable<BuildOptions['cache']> | undefined> {
  try {
    const units = await UnitCache.open(dir);
    if ('busy' in units) {
      console.error(`plotwatch build: ${units.busy}; building without the cache`);
      return undefined;
    }
    return { units, code: await codeDigest(input.root, dashboardSources()) };
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

/** `plotwatch validate`: every check over everything the build would write; writes nothing. */
export async function validate(args: string[]): Promise<number> {
  const fromArgs = await loadFromArgs(VALIDATE, args);
  if (!fromArgs) return 0;
  const { loaded, started } = fromArgs;
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

/** amtool reads files: the config of a build that writes nothing goes through a scratch one. */
async function amtoolRefusalOf(configYaml: string): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-validate-'));
  try {
    await writeFile(join(dir, 'alertmanager.yaml'), configYaml);
    return await amtoolRefusal(join(dir, 'alertmanager.yaml'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)}s`;
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
