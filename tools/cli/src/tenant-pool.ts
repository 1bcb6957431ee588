import type { Environment, Tenant } from '@plotwatch/platform';
import type { Artifact } from './artifacts.ts';
import { dashboardArtifacts } from './producers/grafana.ts';
import { dashboardConfigMaps } from './producers/kube.ts';

/**
 * Tenants whose dashboards nothing else in the build reads, shared by the build's threads: each
 * takes a few at a time until none are left, so a thread done with its own work helps with the
 * rest and the split follows how busy each core is.
 */
export interface TenantPool {
  readonly tenants: readonly Tenant[];
  /** An Int32: the index of the next tenant no thread has taken. Shared, not copied, between threads. */
  readonly next: SharedArrayBuffer;
}

const TAKE = 8;

export function tenantPool(tenants: readonly Tenant[]): TenantPool {
  return { tenants, next: new SharedArrayBuffer(4) };
}

/** The dashboards, and their ConfigMaps, of the tenants this thread takes from the pool until it is empty. */
export function buildFromPool(pool: TenantPool, env: Environment, sourcePath: (url: string) => string): { artifacts: Artifact[]; errors: string[] } {
  const next = new Int32Array(pool.next);
  const artifacts: Artifact[] = [];
  const errors: string[] = [];
  for (let i = Atomics.add(next, 0, TAKE); i < pool.tenants.length; i = Atomics.add(next, 0, TAKE)) {
    const tenants = pool.tenants.slice(i, i + TAKE);
    const dashboards = dashboardArtifacts(tenants, env, sourcePath, { platform: false });
    const configMaps = dashboardConfigMaps(dashboards.artifacts, tenants, env);
    artifacts.push(...dashboards.artifacts, ...configMaps.artifacts);
    errors.push(...dashboards.errors, ...configMaps.errors);
  }
  return { artifacts, errors };
}
