import { compile, dashboardSchemas, type CompileInput, type SchemaChoice } from '@plotwatch/build';
import { ENVIRONMENTS, environment, type EnvironmentId } from '@plotwatch/platform';
import { readTenants } from '../load.ts';
import { sha256 } from '../out-dir.ts';
import { DEFAULT_TENANTS, REPO_ROOT } from '../paths.ts';
import type { Tree } from './summarize.ts';

/** The schema choice a tree was built with, read from the dashboard folders it has. */
function schemaOf(tree: Tree): SchemaChoice | undefined {
  const paths = [...tree.keys()];
  const v1 = paths.some((p) => p.startsWith('grafana/dashboards/'));
  const v2 = paths.some((p) => p.startsWith('grafana/resources/'));
  return v1 && v2 ? 'both' : v1 ? 'v1' : v2 ? 'v2' : undefined;
}

/**
 * The files of `tree` (an out/ built from the repository's sources) that differ from what `input`
 * compiles to, in memory: empty when out/ is up to date. A compile error is a difference too.
 */
export function staleAgainst(tree: Tree, input: CompileInput): string[] {
  const result = compile(input);
  if (!result.ok) return result.errors.map((e) => `the sources do not build: ${e}`);
  const built = new Map(result.artifacts.map((a) => [a.path, a.content]));
  const stale: string[] = [];
  for (const [path, content] of tree) {
    const want = built.get(path);
    if (want === undefined) stale.push(`${path} (not generated any more)`);
    else if (want !== content) stale.push(`${path} (differs)`);
  }
  for (const path of built.keys()) if (!tree.has(path)) stale.push(`${path} (missing)`);
  return stale.sort();
}

/**
 * Whether the repository's out/ (`tree`) is what its sources (definitions, libs, tenants) build
 * now: rebuilt in memory for the environment its manifest names and the schema it has.
 */
export async function staleOut(tree: Tree): Promise<string[]> {
  const manifest = tree.get('manifest.json');
  const named = manifest ? (JSON.parse(manifest) as { env?: string }).env : undefined;
  const env = (ENVIRONMENTS as readonly string[]).includes(named ?? '') ? (named as EnvironmentId) : 'prod';
  const tenants = await readTenants(DEFAULT_TENANTS);
  if (!tenants.ok) return tenants.errors.map((e) => `the tenants do not load: ${e}`);
  const { env: resolved, schemas } = dashboardSchemas(environment(env), schemaOf(tree));
  return staleAgainst(tree, { tenants: tenants.tenants, env: resolved, schemas, root: REPO_ROOT, digest: sha256 });
}
