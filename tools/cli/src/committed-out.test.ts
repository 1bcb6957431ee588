import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleFiles } from './out-dir.ts';
import { DEFAULT_OUT } from './paths.ts';
import { compileOrThrow, repoTenants } from '@plotwatch/build/testing';

/** The tenants out/manifest.json was built for. */
async function builtTenants(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(DEFAULT_OUT, 'manifest.json'), 'utf8')) as {
    artifacts: Array<{ tenant: string | null }>;
  };
  return [...new Set(manifest.artifacts.flatMap((a) => (a.tenant ? [a.tenant] : [])))].sort();
}

// The one test that depends on the tenants: out/ is committed, so a tenant added (or removed) in
// libs/platform/tenants fails it, as it should, until out/ is rebuilt and committed with it.
describe('the committed out/', () => {
  it('is exactly what a fresh build of the repo writes (run `npx nx run build-all` and commit out/ if not)', async () => {
    const tenants = repoTenants().map((t) => t.id);
    const built = await builtTenants();
    const added = tenants.filter((t) => !built.includes(t));
    const removed = built.filter((t) => !tenants.includes(t));
    expect(
      { added, removed },
      `out/ is stale: it was built for other tenants than libs/platform/tenants holds ` +
        `(added since: ${added.join(', ') || 'none'}; removed since: ${removed.join(', ') || 'none'}). ` +
        'Expected right after adding a tenant: run `npx nx run build-all` and commit out/ with the tenant file.',
    ).toEqual({ added: [], removed: [] });
    const stale = await staleFiles(DEFAULT_OUT, compileOrThrow());
    expect(
      stale,
      `out/ is stale (run \`npx nx run build-all\` and commit out/); these files differ from a fresh build:\n${stale.join('\n')}`,
    ).toEqual([]);
  });
});
