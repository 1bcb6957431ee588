import { loadTenants, type SourceFile, type Tenant } from '@plotwatch/platform';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TENANTS_DIR = join(import.meta.dirname, '../../platform/tenants');

/** The repository's demo tenant files (libs/platform/tenants), as the build reads them. */
export function demoTenantFiles(): SourceFile[] {
  return readdirSync(TENANTS_DIR).map((f) => ({ path: f, text: readFileSync(join(TENANTS_DIR, f), 'utf8') }));
}

/** The repository's demo tenants, loaded as the build loads them. */
export function demoTenants(): Tenant[] {
  const result = loadTenants(demoTenantFiles());
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.tenants;
}
