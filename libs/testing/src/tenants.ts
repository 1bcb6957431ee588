import { loadTenants, type SourceFile, type Tenant } from '@plotwatch/platform';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repository's tenants dir. A test that reads it must hold for whatever tenants it holds (one
 * more, one fewer, another tier or tenancy): derive counts, names and values from it, or use
 * `fixtureTenants()` when the test needs particular tenants.
 */
export const TENANTS_DIR = join(import.meta.dirname, '../../platform/tenants');

/**
 * Fixed tenants for tests that need particular ones (names, tiers, overrides): a copy of the demo
 * tenants as they were, which no change to libs/platform/tenants affects. Build with them through
 * `--tenants-dir FIXTURE_TENANTS_DIR` or `compileOrThrow(fixtureTenants())`.
 */
export const FIXTURE_TENANTS_DIR = join(import.meta.dirname, '__fixtures__/tenants');

function tenantFiles(dir: string): SourceFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
}

function tenantsOf(files: SourceFile[]): Tenant[] {
  const result = loadTenants(files);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.tenants;
}

/** The repository's demo tenant files (libs/platform/tenants), as the build reads them. */
export function demoTenantFiles(): SourceFile[] {
  return tenantFiles(TENANTS_DIR);
}

/** The repository's demo tenants, loaded as the build loads them. */
export function demoTenants(): Tenant[] {
  return tenantsOf(demoTenantFiles());
}

/** The fixed tenants of FIXTURE_TENANTS_DIR (aurora-books, inkwell, lanternfish, mythweaver, tinytales). */
export function fixtureTenants(): Tenant[] {
  return tenantsOf(tenantFiles(FIXTURE_TENANTS_DIR));
}
