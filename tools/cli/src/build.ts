import { ENVIRONMENTS, type EnvironmentId } from '@plotwatch/platform/environments';
import type { SchemaChoice } from '@plotwatch/build';
import { resolve } from 'node:path';
import { SHARED_CODE, sourceFiles } from './cache/code-digest.ts';
import { inputsDigest, isUpToDate } from './cache/up-to-date.ts';
import { recordNothingChanged } from './last-build.ts';
import { cacheDirOf, DEFAULT_OUT, DEFAULT_TENANTS, REPO_ROOT, stateDirOf } from './paths.ts';
import { parseCommand, UsageError, type CommandSpec } from './usage.ts';

// This module is what `plotwatch build` loads first: the compiler (build-run.ts) only when there is
// something to build, so a build with nothing changed answers in a fraction of a second.

const SCHEMA_CHOICES: readonly SchemaChoice[] = ['v1', 'v2', 'both'];

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

/** The options of build and validate, checked. */
export interface BuildArgs {
  readonly command: 'build' | 'validate';
  readonly outDir: string;
  readonly tenantsDir: string;
  readonly env: EnvironmentId;
  readonly synthetic: number;
  readonly schema?: SchemaChoice;
  /** Build this tenant only (all tenant files are checked first). */
  readonly tenant?: string;
  readonly noCache: boolean;
  readonly started: number;
}

function buildArgs(spec: CommandSpec<typeof OPTIONS>, args: string[]): BuildArgs | undefined {
  const parsed = parseCommand(spec, args);
  if (!parsed) return undefined;
  const { values } = parsed;
  const command = spec.name as BuildArgs['command'];
  const started = performance.now();
  const outDir = resolve(values.out ?? DEFAULT_OUT);
  if (!ENVIRONMENTS.includes(values.env as EnvironmentId))
    throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}, got "${values.env}"`);
  const synthetic = values['synthetic-tenants'] === undefined ? 0 : Number(values['synthetic-tenants']);
  if (!Number.isInteger(synthetic) || synthetic < 0)
    throw new UsageError(`--synthetic-tenants must be a whole number, got "${values['synthetic-tenants']}"`);
  const schema = values.schema as SchemaChoice | undefined;
  if (schema !== undefined && !SCHEMA_CHOICES.includes(schema))
    throw new UsageError(`--schema must be one of ${SCHEMA_CHOICES.join(', ')}, got "${values.schema}"`);
  if (command === 'build' && synthetic > 0 && outDir === DEFAULT_OUT)
    throw new UsageError('--synthetic-tenants needs --out DIR: synthetic tenants never go into the committed out/');
  const tenant = values.tenant;
  if (command === 'build' && tenant !== undefined && outDir === DEFAULT_OUT)
    throw new UsageError('--tenant needs --out DIR: an out/ of one tenant never replaces the committed out/');
  return {
    command,
    outDir,
    tenantsDir: resolve(values['tenants-dir'] ?? DEFAULT_TENANTS),
    env: values.env as EnvironmentId,
    synthetic,
    ...(schema ? { schema } : {}),
    ...(tenant !== undefined ? { tenant } : {}),
    noCache: values['no-cache'] === true,
    started,
  };
}

/**
 * `plotwatch build`: when its inputs are those of the build that wrote out/, nothing to do; else
 * tenants -> compile, check and write into a staging directory -> swap it in. One summary line.
 */
export async function build(args: string[]): Promise<number> {
  const parsed = buildArgs(BUILD, args);
  if (!parsed) return 0;
  const sources = parsed.noCache ? undefined : await sourceFiles(REPO_ROOT, SHARED_CODE);
  const inputs = sources && { digest: await inputsDigest(parsed, sources), sources };
  if (inputs && (await isUpToDate(cacheDirOf(parsed.outDir), parsed.outDir, inputs.digest))) {
    await recordNothingChanged(stateDirOf(parsed.outDir)).catch((e: Error) =>
      console.error(`plotwatch build: out/ is up to date, but that nothing changed is not recorded: ${e.message}`),
    );
    console.log(
      `plotwatch build: ${parsed.outDir} is up to date (its sources, tenants and options are those it was built from) in ${elapsed(parsed.started)}`,
    );
    return 0;
  }
  const { runBuild } = await import('./build-run.ts');
  return runBuild(parsed, inputs);
}

/** `plotwatch validate`: every check over everything the build would write; writes nothing. */
/**
 * For `plotwatch dev`'s build process, after its first build: the rest of out/ made for the tenants
 * `args` name, and dropped. What the process keeps while making it (each tenant's test cases and
 * their lines, a mimir tenant's namespaces: docs/decisions.md) is then there for the first tenant
 * edit, which otherwise makes all of it (a first build that finds out/ up to date makes nothing).
 */
export async function primeRest(args: string[]): Promise<void> {
  const parsed = buildArgs(BUILD, args);
  if (!parsed) return;
  const { makeRest } = await import('./build-run.ts');
  await makeRest(parsed);
}

export async function validate(args: string[]): Promise<number> {
  const parsed = buildArgs(VALIDATE, args);
  if (!parsed) return 0;
  const { runValidate } = await import('./build-run.ts');
  return runValidate(parsed);
}

export function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)}s`;
}
