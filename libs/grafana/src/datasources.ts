import { tenantDatasourceUid, type Environment, type Persona, type Tenant } from '@plotwatch/platform';
import { adminTeam, tenantTeam } from './folders.ts';

/** Mimir's query frontend, in-cluster (the mimir-distributed chart's service), Prometheus API under /prometheus. */
export const MIMIR_QUERY_FRONTEND_URL = 'http://mimir-query-frontend.mimir.svc:8080/prometheus';
/** The header Mimir reads the tenant (its org) from. */
export const MIMIR_TENANT_HEADER = 'X-Scope-OrgID';

/** A Grafana datasource as provisioned; secrets only as `$__file{...}` references Grafana resolves at load time. */
export interface DatasourceDefinition {
  readonly uid: string;
  readonly name: string;
  readonly type: 'prometheus';
  readonly access: 'proxy';
  readonly url: string;
  readonly editable: false;
  readonly jsonData: Readonly<Record<string, unknown>>;
  readonly secureJsonData: Readonly<Record<string, string>>;
  /** Who may query it (Grafana's datasource permissions): the tenant's teams, and platform ops. */
  readonly permissions: ReadonlyArray<{ readonly team: string; readonly permission: 'Query' | 'Admin' }>;
}

/** Where the org id of a tenant is mounted: whoever holds it reads the tenant's data, so it is treated as a secret. */
export function mimirOrgIdFile(tenantId: string): string {
  return `/etc/grafana/secrets/mimir/${tenantId}/org-id`;
}

/**
 * The datasource of a tenant in mimir mode: Prometheus-type, on Mimir's query frontend, sending
 * the tenant's org id as X-Scope-OrgID; exemplars link to Tempo. Its dashboards default to it.
 */
export function mimirDatasource(tenant: Tenant, env: Environment, personas: readonly Persona[]): DatasourceDefinition {
  if (tenant.tenancy !== 'mimir')
    throw new Error(
      `tenant ${tenant.id} is in ${tenant.tenancy} mode: it queries the shared Prometheus, not a datasource of its own`,
    );
  const uid = tenantDatasourceUid(env, tenant);
  return {
    uid,
    name: uid,
    type: 'prometheus',
    access: 'proxy',
    url: MIMIR_QUERY_FRONTEND_URL,
    editable: false,
    jsonData: {
      httpMethod: 'POST',
      timeInterval: env.scrapeInterval,
      httpHeaderName1: MIMIR_TENANT_HEADER,
      exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: env.datasources.tempo }],
    },
    secureJsonData: { httpHeaderValue1: `$__file{${mimirOrgIdFile(tenant.id)}}` },
    permissions: [
      { team: adminTeam(personas), permission: 'Admin' },
      ...personas.map((p) => ({ team: tenantTeam(tenant.id, p.id), permission: 'Query' as const })),
    ],
  };
}

/** Every mimir-mode tenant's datasource. */
export function tenantDatasources(
  tenants: readonly Tenant[],
  env: Environment,
  personas: readonly Persona[],
): DatasourceDefinition[] {
  return tenants.filter((t) => t.tenancy === 'mimir').map((t) => mimirDatasource(t, env, personas));
}
