import { loadTenants, type SourceFile, type TenantLoad } from '@plotwatch/platform';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Reads every `*.yaml` in the tenants folder and validates them together. */
export async function readTenants(tenantsDir: string, cwd = process.cwd()): Promise<TenantLoad> {
  const names = await readdir(tenantsDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (!names)
    return {
      ok: false,
      errors: [
        `${relative(cwd, tenantsDir) || tenantsDir}: no such folder; pass --tenants-dir with the folder of tenant YAML files`,
      ],
    };
  const files: SourceFile[] = await Promise.all(
    names
      .filter((n) => /\.ya?ml$/.test(n))
      .map(async (n) => ({
        path: relative(cwd, join(tenantsDir, n)),
        text: await readFile(join(tenantsDir, n), 'utf8'),
      })),
  );
  if (files.length === 0)
    return { ok: false, errors: [`${relative(cwd, tenantsDir)}: no tenant files (*.yaml) found`] };
  return loadTenants(files);
}
