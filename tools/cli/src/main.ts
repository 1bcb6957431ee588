import { ENVIRONMENTS, environment, syntheticTenants, type EnvironmentId } from '@plotwatch/platform';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Artifact } from './artifacts.ts';
import { compile } from './compile.ts';
import { readTenants } from './load.ts';
import { writeOutAtomically } from './out-dir.ts';

/** The repository this CLI belongs to: defaults are relative to it, not to the caller's cwd. */
export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const DEFAULT_OUT = resolve(REPO_ROOT, 'out');
export const DEFAULT_TENANTS = resolve(REPO_ROOT, 'libs/platform/tenants');

const USAGE = `usage: plotwatch <command> [options]

commands:
  build    compile every dashboard, rule and test into out/ (atomically)

build options:
  --out DIR                 where to write (default: out/ of the repository)
  --tenants-dir DIR         tenant YAML files (default: libs/platform/tenants)
  --env ${ENVIRONMENTS.join('|')}    environment to compile for (default: prod)
  --synthetic-tenants N     add N generated tenants (needs --out: they never go into the committed out/)`;

class UsageError extends Error {}

async function build(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, 'tenants-dir': { type: 'string' }, env: { type: 'string', default: 'prod' }, 'synthetic-tenants': { type: 'string' } },
    strict: true,
  });
  const started = performance.now();
  const outDir = resolve(values.out ?? DEFAULT_OUT);
  if (!ENVIRONMENTS.includes(values.env as EnvironmentId)) throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}, got "${values.env}"`);
  const synthetic = values['synthetic-tenants'] === undefined ? 0 : Number(values['synthetic-tenants']);
  if (!Number.isInteger(synthetic) || synthetic < 0) throw new UsageError(`--synthetic-tenants must be a whole number, got "${values['synthetic-tenants']}"`);
  if (synthetic > 0 && outDir === DEFAULT_OUT) throw new UsageError('--synthetic-tenants needs --out DIR: synthetic tenants never go into the committed out/');

  const loaded = await readTenants(resolve(values['tenants-dir'] ?? DEFAULT_TENANTS));
  if (!loaded.ok) return fail(loaded.errors, outDir);
  const tenants = [...loaded.tenants, ...syntheticTenants(synthetic)];
  const result = compile({ tenants, env: environment(values.env as EnvironmentId), root: REPO_ROOT });
  if (!result.ok) return fail(result.errors, outDir);
  await writeOutAtomically(outDir, result.artifacts);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`plotwatch build: ${summary(result.artifacts)} for ${tenants.length} tenants -> ${outDir} in ${seconds}s`);
  return 0;
}

function summary(artifacts: readonly Artifact[]): string {
  const counts = new Map<string, number>();
  for (const a of artifacts) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${n} ${kind}`).join(', ');
}

function fail(errors: readonly string[], outDir: string): number {
  for (const e of errors) console.error(e);
  console.error(`plotwatch build: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing written, ${outDir} left as it was`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'build':
      return build(rest);
    case undefined:
    case '--help':
    case 'help':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`plotwatch: ${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
