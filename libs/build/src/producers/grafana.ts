import { alertDomains } from '@plotwatch/alerts';
import { dashboards } from '@plotwatch/dashboards';
import {
  addPanelLinks,
  alertLinks,
  dashboardSchemaErrors,
  dashboardUid,
  folderTree,
  teams,
  tenantDatasources,
  type DashboardDefinition,
} from '@plotwatch/grafana';
import { platform, type Environment, type Tenant } from '@plotwatch/platform';
import { runbookUrl } from '@plotwatch/rules';
import type { Artifact } from '../artifacts.ts';
import type { ProducerInput, Produced } from './producer.ts';

type DashboardJson = { uid: string; panels?: Array<{ title?: string; links?: unknown[] }> } & Record<string, unknown>;

/**
 * Grafana's access model (teams, folders, the mimir tenants' datasources) and every dashboard,
 * platform-scoped once and tenant-scoped per tenant of `dashboardTenants`.
 */
export function grafanaArtifacts({ tenants, dashboardTenants = tenants, env, sourcePath }: ProducerInput): Produced {
  const personas = Object.values(platform.personas);
  const folders: Artifact = {
    path: 'grafana/folders.json',
    kind: 'grafana-folders',
    source: 'libs/grafana/src/folders.ts',
    // Datasources belong to the access model: a mimir tenant's teams may query only theirs.
    content: json({
      teams: teams(tenants, personas),
      folders: folderTree(tenants, personas),
      datasources: tenantDatasources(tenants, env, personas),
    }),
  };
  const { artifacts, errors } = dashboardArtifacts(dashboardTenants, env, sourcePath, { platform: true });
  return { artifacts: [folders, ...artifacts], errors };
}

/**
 * The dashboards of `tenants` (and with `platform` the platform's), linked to the alerts that
 * watch them and schema-checked. Uids are checked for uniqueness over all of them by compile.
 */
export function dashboardArtifacts(
  tenants: readonly Tenant[],
  env: Environment,
  sourcePath: (url: string) => string,
  { platform: withPlatform }: { platform: boolean },
): Produced {
  const errors: string[] = [];
  const artifacts: Artifact[] = [];
  for (const definition of dashboards) {
    const scopes = definition.scope === 'tenant' ? tenants : withPlatform ? [undefined] : [];
    for (const tenant of scopes) {
      const where = `${sourcePath(definition.source)}${tenant ? ` (tenant ${tenant.id})` : ''}`;
      const built = buildDashboard(definition, tenant, env);
      if ('error' in built) {
        errors.push(`${where}: ${built.error}`);
        continue;
      }
      const uid = built.json.uid;
      const problems = dashboardSchemaErrors(built.json);
      if (problems.length) {
        errors.push(...problems.map((p) => `${where}: dashboard ${uid}: ${p}`));
        continue;
      }
      const dir = tenant ? `tenants/${tenant.id}/${definition.persona}` : `platform/${definition.persona}`;
      artifacts.push({
        path: `grafana/dashboards/${dir}/${uid}.json`,
        kind: 'grafana-dashboard',
        persona: definition.persona,
        source: sourcePath(definition.source),
        content: built.content,
        document: built.json,
        ...(tenant ? { tenant: tenant.id } : {}),
      });
    }
  }
  return { artifacts, errors };
}

/** Dashboards that share a uid (each uid names one dashboard in Grafana), as errors naming both. */
export function duplicateUids(
  artifacts: ReadonlyArray<Pick<Artifact, 'path' | 'kind' | 'source' | 'tenant'>>,
): string[] {
  const seen = new Map<string, string>();
  const errors: string[] = [];
  for (const a of artifacts.filter((a) => a.kind === 'grafana-dashboard')) {
    const uid = a.path.slice(a.path.lastIndexOf('/') + 1, -'.json'.length);
    const where = `${a.source}${a.tenant ? ` (tenant ${a.tenant})` : ''}`;
    const other = seen.get(uid);
    if (other) errors.push(`${where}: dashboard uid "${uid}" is also built by ${other}; give one of them another slug`);
    else seen.set(uid, where);
  }
  return errors;
}

/**
 * Builds one dashboard in its scope's context (a platform dashboard never sees a tenant), linked
 * to its alerts: its JSON text and, parsed back from it, its JSON form (what is checked).
 */
function buildDashboard(
  definition: DashboardDefinition,
  tenant: Tenant | undefined,
  env: Environment,
): { content: string; json: DashboardJson } | { error: string } {
  try {
    const persona = platform.personas[definition.persona];
    let builder;
    if (definition.scope === 'platform') builder = definition.build({ persona, env, platform });
    else if (tenant) builder = definition.build({ tenant, persona, env, platform });
    else return { error: 'tenant-scoped dashboard built without a tenant' };
    const built = builder.build() as unknown as Partial<DashboardJson>;
    if (!built.uid) return { error: 'dashboard has no uid; set it with checkedDashboardUid()' };
    linkAlerts(built as DashboardJson, tenant, env);
    // The SDK's objects carry function-valued markers: what is written and checked is their JSON form.
    const content = json(built);
    return { content, json: JSON.parse(content) as DashboardJson };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * A pass over every dashboard: each panel an alert links to gets links to that alert's runbook
 * and rule; tenant alerts in each tenant's copy, platform alerts in the platform's. A missing
 * panel is reported by the rules producer, which resolves the same link.
 */
function linkAlerts(dashboard: DashboardJson, tenant: Tenant | undefined, env: Environment): void {
  for (const alert of alertDomains.flatMap((d) => d.alerts)) {
    const scope = alert.scope === 'platform' ? 'platform' : tenant?.id;
    const { persona, slug, panel } = alert.dashboard;
    if (scope === undefined || dashboardUid(scope, persona, slug) !== dashboard.uid) continue;
    addPanelLinks(dashboard, panel, alertLinks(alert.name, runbookUrl(alert.name, env)));
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
