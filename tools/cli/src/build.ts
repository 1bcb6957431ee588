import { ENVIRONMENTS, environment, syntheticTenants, type EnvironmentId } from '@plotwatch/platform';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Artifact } from './artifacts.ts';
import { compileInParallel, type CompileResult } from './compile.ts';
import { readTenants } from './load.ts';
import { writeOutAtomically } from './out-dir.ts';
import { DEFAULT_OUT, DEFAULT_TENANTS, REPO_ROOT } from './paths.ts';
import { UsageError } from './usage.ts';

interface Compiled {
  readonly outDir: string;
  readonly tenantCount: number;
  readonly result: CompileResult;
  readonly started: number;
}

/** Options shared by build and validate; loads tenants and compiles in memory. */
async function compileFromArgs(command: string, args: string[]): Promise<Compiled> {
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
  if (command === 'build' && synthetic > 0 && outDir === DEFAULT_OUT) throw new UsageError('--synthetic-tenants needs --out DIR: synthetic tenants never go into the committed out/');

  const loaded = await readTenants(resolve(values['tenants-dir'] ?? DEFAULT_TENANTS));
  if (!loaded.ok) return { outDir, tenantCount: 0, result: loaded, started };
  const tenants = [...loaded.tenants, ...syntheticTenants(synthetic)];
  const result = await compileInParallel({ tenants, env: environment(values.env as EnvironmentId), root: REPO_ROOT });
  return { outDir, tenantCount: tenants.length, result, started };
}

/** `plotwatch build`: tenants -> compile and check -> write atomically; prints one summary line. */
export async function build(args: string[]): Promise<number> {
  const { outDir, tenantCount, result, started } = await compileFromArgs('build', args);
  if (!result.ok) return fail('build', result.errors, `nothing written, ${outDir} left as it was`);
  await writeOutAtomically(outDir, result.artifacts);
  console.log(`plotwatch build: ${summary(result.artifacts)} for ${tenantCount} tenants -> ${outDir} in ${elapsed(started)}`);
  return 0;
}

/** `plotwatch validate`: every check over everything the build would write; writes nothing. */
export async function validate(args: string[]): Promise<number> {
  const { tenantCount, result, started } = await compileFromArgs('validate', args);
  if (!result.ok) return fail('validate', result.errors, 'fix them before building');
  console.log(`plotwatch validate: ${result.expressions} expressions in ${result.artifacts.length} artifacts for ${tenantCount} tenants, no findings, in ${elapsed(started)}`);
  return 0;
}

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)}s`;
}

function summary(artifacts: readonly Artifact[]): string {
  const counts = new Map<string, number>();
  for (const a of artifacts) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${n} ${kind}`).join(', ');
}

function fail(command: string, errors: readonly string[], consequence: string): number {
  for (const e of errors) console.error(e);
  console.error(`plotwatch ${command}: ${errors.length} problem${errors.length === 1 ? '' : 's'}; ${consequence}`);
  return 1;
}
