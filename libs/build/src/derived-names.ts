import { folderUid, tenantTeam, type DashboardDefinition, type DashboardScope } from '@plotwatch/grafana';
import { dashboardConfigMapName } from '@plotwatch/kube';
import {
  dashboardUid,
  personas,
  platformDefaultChannel,
  platformTeamChannels,
  tenantDatasourceUid,
  tenantLocation,
  type Environment,
  type Tenant,
} from '@plotwatch/platform';
import {
  contactPointUid,
  maintenanceIntervalName,
  PLATFORM,
  PLATFORM_ROUTING_TREE,
  receiverName,
  tenantOwner,
  tenantRoutingTree,
} from '@plotwatch/routing';
import { keptPer } from './kept.ts';

/** One name the build derives, where it must be unique, and whose it is. */
export interface DerivedName {
  /** Where two equal names meet: one overwrites the other there. */
  readonly space: string;
  readonly name: string;
  /** What it names, for the message (`Operations folder`, `dashboard ops/story-api`). */
  readonly what: string;
  /** Its tenant; none for the platform's own. */
  readonly tenant?: Tenant;
}

const SPACES = {
  // Grafana keeps folders in its dashboard table: folder and dashboard uids share one namespace.
  grafanaUid: 'Grafana uid',
  team: 'Grafana team',
  datasource: 'Grafana datasource uid',
  receiver: 'Alertmanager receiver and Grafana contact point',
  contactPointUid: 'Grafana contact point uid',
  timeInterval: 'Alertmanager time interval and Grafana mute timing',
  routingTree: 'Grafana routing tree',
  configMap: 'Kubernetes ConfigMap',
} as const;

/**
 * Every per-tenant and platform name the build derives, by the same functions the producers call:
 * Grafana folder and dashboard uids (alert rule folders are the persona folders), teams, Mimir
 * datasources, receivers and contact points, maintenance intervals, routing trees, dashboard ConfigMaps.
 */
export function derivedNames(
  tenants: readonly Tenant[],
  env: Environment,
  defined: readonly DefinedDashboard[],
): DerivedName[] {
  const dashboards = definedOnce(defined);
  return [
    ...scopeNames({ kind: 'platform' }, undefined, env, dashboards),
    ...tenants.flatMap((t) => tenantNames(t, env, dashboards)),
  ];
}

/** What of a dashboard definition its names are made of. */
export type DefinedDashboard = Pick<DashboardDefinition, 'scope' | 'persona' | 'slug'>;

/** The dashboards `defined`, as one value per distinct list (a dashboard edit that renames none keeps it). */
function definedOnce(defined: readonly DefinedDashboard[]): Dashboards {
  const signature = defined.map((d) => `${d.scope}/${d.persona}/${d.slug}`).join(' ');
  if (lastDefined?.signature !== signature)
    lastDefined = { signature, list: defined.map(({ scope, persona, slug }) => ({ scope, persona, slug })) };
  return lastDefined;
}

/** The dashboards a build names, and what of them the names are made of, as one string. */
interface Dashboards {
  readonly signature: string;
  readonly list: readonly DefinedDashboard[];
}

let lastDefined: Dashboards | undefined;

/**
 * A tenant's names, kept by the tenant object while the environment and the dashboards' names are
 * the same: a long-lived build process (`plotwatch dev`) names again only the tenant an edit
 * changed. The dashboards are given (this module does not import them): a dashboard edit leaves it
 * loaded, and what it keeps kept.
 */
function tenantNames(tenant: Tenant, env: Environment, dashboards: Dashboards): readonly DerivedName[] {
  const kept = namedTenants.get(tenant);
  if (kept?.env === env && kept.dashboards === dashboards) return kept.names;
  const names = scopeNames({ kind: 'tenant', tenant }, tenant, env, dashboards);
  namedTenants.set(tenant, { env, dashboards, names });
  return names;
}

const namedTenants = new WeakMap<
  Tenant,
  {
    readonly env: Environment;
    readonly dashboards: Dashboards;
    readonly names: readonly DerivedName[];
  }
>();

function scopeNames(
  scope: DashboardScope,
  tenant: Tenant | undefined,
  env: Environment,
  dashboards: Dashboards,
): DerivedName[] {
  const names: DerivedName[] = [];
  const owned = (space: string, name: string, what: string) =>
    names.push({ space, name, what, ...(tenant ? { tenant } : {}) });
  owned(SPACES.grafanaUid, folderUid(scope), 'root folder');
  for (const persona of Object.values(personas)) {
    owned(SPACES.grafanaUid, folderUid(scope, persona.id), `${persona.title} folder`);
    owned(SPACES.team, tenant ? tenantTeam(tenant.id, persona.id) : persona.team, `${persona.id} team`);
  }
  for (const definition of dashboards.list.filter((d) => d.scope === scope.kind)) {
    const uid = dashboardUid(tenant ? tenant.id : 'platform', definition.persona, definition.slug);
    const what = `dashboard ${definition.persona}/${definition.slug}`;
    owned(SPACES.grafanaUid, uid, what);
    owned(`${SPACES.configMap} in ${env.monitoring.namespace}`, dashboardConfigMapName(uid), `${what} ConfigMap`);
  }
  const owner = tenant ? tenantOwner(tenant) : PLATFORM;
  const channels = tenant ? tenant.notifications : [...platformTeamChannels, platformDefaultChannel];
  for (const channel of channels) {
    const receiver = receiverName(owner, channel.name);
    owned(SPACES.receiver, receiver, `channel ${channel.name}`);
    owned(SPACES.contactPointUid, contactPointUid(receiver), `channel ${channel.name}`);
  }
  owned(SPACES.routingTree, tenant ? tenantRoutingTree(tenant.id) : PLATFORM_ROUTING_TREE, 'routing tree');
  if (tenant) {
    owned(SPACES.timeInterval, maintenanceIntervalName(tenant.id), 'maintenance windows');
    if (tenant.tenancy === 'mimir') owned(SPACES.datasource, tenantDatasourceUid(env, tenant), 'Mimir datasource');
  } else {
    for (const uid of [env.datasources.prometheus, env.datasources.loki, env.datasources.tempo])
      owned(SPACES.datasource, uid, 'datasource');
  }
  return names;
}

/**
 * Where a name must be unique, and the name, as one string kept by the name: a long-lived build
 * process checks the same 25,000 names (at 1,000 tenants) build after build, and a kept string
 * carries its hash along (made afresh, they took 28 ms a build).
 */
const keyOf = keptPer((n: DerivedName) => `${n.space}\u0000${n.name}`);

const ownerOf = (n: DerivedName) =>
  n.tenant ? `tenant ${n.tenant.id}'s ${n.what} (${tenantLocation(n.tenant)})` : `the platform's ${n.what}`;

/**
 * Names two owners share, each said once, naming both tenant files: published, one would overwrite
 * the other (and a tenant's teams could see another's dashboards). The tenant-id rule makes this
 * impossible for tenants; the check holds the derivations to it.
 */
export function nameClashes(names: readonly DerivedName[]): string[] {
  const seen = new Map<string, DerivedName>();
  const errors: string[] = [];
  for (const n of names) {
    const key = keyOf(n);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, n);
      continue;
    }
    const where = n.tenant
      ? tenantLocation(n.tenant)
      : (first.tenant && tenantLocation(first.tenant)) || 'libs/platform';
    const fix =
      n.tenant && first.tenant && n.tenant !== first.tenant
        ? 'rename one of the two tenants'
        : n.tenant || first.tenant
          ? 'rename the tenant'
          : 'rename one of them';
    errors.push(
      `${where}: ${n.space} "${n.name}" is both ${ownerOf(first)} and ${ownerOf(n)}: one would overwrite the other; ${fix}`,
    );
  }
  return errors;
}
