import { ENVIRONMENTS, environment, syntheticTenants, type EnvironmentId } from '@plotwatch/platform';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Artifact } from './artifacts.ts';
import { compile } from './compile.ts';
import { readTenants } from './load.ts';
import { writeOutAtomically } from './out-dir.ts';
import { DEFAULT_OUT, DEFAULT_TENANTS, REPO_ROOT } from './paths.ts';
import { UsageError } from './usage.ts';

/** `plotwatch build`: tenants -> compile -> write atomically; prints one summary line. */
export async function build(args: string[]): Promise<number> {
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
