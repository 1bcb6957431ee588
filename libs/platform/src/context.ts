import { catalog, type MetricSpec } from './catalog.ts';
import { environments, type Environment, type EnvironmentId } from './environments.ts';
import { personas, type Persona } from './personas.ts';
import { services, type Service } from './services.ts';
import type { Tenant } from './tenants.ts';

/** The platform as one typed value, passed down instead of imported piecemeal by definitions. */
export interface Platform {
  readonly catalog: readonly MetricSpec[];
  readonly services: readonly Service[];
  readonly personas: typeof personas;
  readonly environments: typeof environments;
}

export const platform: Platform = { catalog, services, personas, environments };

/** What a definition is a pure function of. */
export interface DefinitionContext {
  readonly tenant: Tenant;
  readonly persona: Persona;
  readonly env: Environment;
  readonly platform: Platform;
}

export function environment(id: EnvironmentId): Environment {
  return environments[id];
}

/** The datasource a tenant's dashboards query: the shared Prometheus, or its own Mimir org. */
export function tenantDatasourceUid(env: Environment, tenant: Tenant): string {
  return tenant.tenancy === 'mimir' ? `${env.datasources.mimirPrefix}-${tenant.id}` : env.datasources.prometheus;
}
