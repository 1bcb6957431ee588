import { platform, environment, loadTenants, type SourceFile, type Tenant } from '@plotwatch/platform';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from './artifacts.ts';
import { compile } from './compile.ts';
import { DEFAULT_TENANTS, REPO_ROOT } from './paths.ts';

/** The repository's own tenants, loaded the way the build loads them. */
export function repoTenants(): Tenant[] {
  const files: SourceFile[] = readdirSync(DEFAULT_TENANTS).map((f) => ({ path: f, text: readFileSync(join(DEFAULT_TENANTS, f), 'utf8') }));
  const result = loadTenants(files);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.tenants;
}

export function compileOrThrow(tenants: readonly Tenant[] = repoTenants()): Artifact[] {
  const result = compile({ tenants, env: environment('prod'), root: REPO_ROOT });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.artifacts;
}

export function asTree(artifacts: readonly Artifact[]): Map<string, string> {
  return new Map(artifacts.map((a) => [a.path, a.content]));
}

export { platform };
