import { alertDomains } from '@plotwatch/alerts';
import { dashboards } from '@plotwatch/dashboards';
import {
  addPanelLinks,
  alertLinks,
  dashboardResource,
  dashboardSchemaErrors,
  dashboardUid,
  dashboardV2SchemaErrors,
  folderDirectory,
  folderResource,
  folderResourceErrors,
  folderTree,
  folderUid,
  teams,
  tenantDatasources,
  toSchemaV2,
  type ClassicDashboard,
  type DashboardDefinition,
  type DashboardScope,
  type Folder,
} from '@plotwatch/grafana';
import {
  platform,
  positionOf,
  thrownIn,
  type DashboardSchema,
  type Environment,
  type Persona,
  type Tenant,
} from '@plotwatch/platform';
import { runbookUrl } from '@plotwatch/rules';
import { DASHBOARD_KINDS, dashboardUidOf, type Artifact } from '../artifacts.ts';
import { dashboardConfigMaps } from './kube.ts';
import { definedAt, schemasOf, type ProducerInput, type Produced } from './producer.ts';

type DashboardJson = { uid: string; panels?: Array<{ title?: string; links?: unknown[] }> } & Record<string, unknown>;

/** Where the resources of schema v2 go: the layout Git Sync and `gcx resources push` read. */
export const RESOURCES_DIR = 'grafana/resources';
/** A folder's resource file, in its own directory: Git Sync's folder metadata file. */
export const FOLDER_FILE = '_folder.json';

/**
 * Grafana's access model: teams, folders (and with schema v2 their resource files), the mimir
 * tenants' datasources. The dashboards are units of their own (`dashboardUnit`).
 */
export function grafanaArtifacts(input: ProducerInput): Produced {
  const { tenants, env } = input;
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
  const resources = schemasOf(input).includes('v2')
    ? folderResources(tenants, personas)
    : { artifacts: [], errors: [] };
  return { artifacts: [folders, ...resources.artifacts], errors: resources.errors };
}

/**
 * Every folder as a resource, `<its directory>/_folder.json`: Git Sync reads a directory's folder
 * uid and title from it (without one, it derives an unstable uid from the path), `gcx resources
 * push` pushes it as the Folder it is, parents first (by the folder annotation).
 */
function folderResources(tenants: readonly Tenant[], personas: readonly Persona[]): Produced {
  const tree = new Map(folderTree(tenants, personas).map((f) => [f.uid, f]));
  const scopes: DashboardScope[] = [
    { kind: 'platform' },
    ...tenants.map((tenant) => ({ kind: 'tenant' as const, tenant })),
  ];
  const artifacts: Artifact[] = [];
  const errors: string[] = [];
  for (const scope of scopes) {
    for (const persona of [undefined, ...personas.map((p) => p.id)]) {
      const folder: Folder | undefined = tree.get(folderUid(scope, persona));
      if (!folder) {
        errors.push(`libs/grafana/src/folders.ts: folder ${folderUid(scope, persona)} is not in the folder tree`);
        continue;
      }
      const resource = folderResource(folder);
      const problems = folderResourceErrors(resource);
      if (problems.length) {
        errors.push(...problems.map((p) => `libs/grafana/src/folders.ts: folder ${folder.uid}: ${p}`));
        continue;
      }
      artifacts.push({
        path: `${RESOURCES_DIR}/${folderDirectory(scope, persona)}/${FOLDER_FILE}`,
        kind: 'grafana-folder-resource',
        source: 'libs/grafana/src/folders.ts',
        content: json(resource),
        document: resource,
        ...(scope.kind === 'tenant' ? { tenant: scope.tenant.id } : {}),
        ...(persona ? { persona } : {}),
      });
    }
  }
  return { artifacts, errors };
}

/** Where each dashboard definition was written (its module's URL): what a host hashes to know it changed. */
export function dashboardSources(): string[] {
  return dashboards.map((d) => d.source);
}

/** One dashboard definition in one scope: a tenant's copy, or the platform's (no tenant). */
export interface DashboardUnit {
  readonly definition: DashboardDefinition;
  readonly tenant?: Tenant;
}

/**
 * The dashboard units of `tenants` (and with `platform` the platform's), definition by definition:
 * the order their errors are reported in.
 */
export function dashboardUnits(tenants: readonly Tenant[], withPlatform: boolean): DashboardUnit[] {
  return dashboards.flatMap((definition): DashboardUnit[] =>
    definition.scope === 'tenant'
      ? tenants.map((tenant) => ({ definition, tenant }))
      : withPlatform
        ? [{ definition }]
        : [],
  );
}

/**
 * One dashboard, linked to the alerts that watch it and schema-checked, in every schema written,
 * with its ConfigMap: all that depends on its definition and its tenant alone, so a build may
 * reuse it while they are unchanged. Uids are checked for uniqueness over all of them by compile.
 */
export function dashboardUnit(
  { definition, tenant }: DashboardUnit,
  env: Environment,
  sourcePath: (url: string) => string,
  schemas: readonly DashboardSchema[],
): Produced {
  const where = `${definedAt(definition, definition.source, sourcePath)}${tenant ? ` (tenant ${tenant.id})` : ''}`;
  const built = buildDashboard(definition, tenant, env, schemas.includes('v1'));
  if ('error' in built) {
    // The line in the definition that called what threw (a selector() of an unknown metric), when the stack has it.
    const at = thrownIn(built.thrown, positionOf(definition)?.url ?? definition.source);
    const line = at ? `${sourcePath(at.url)}:${at.line}${tenant ? ` (tenant ${tenant.id})` : ''}` : where;
    return { artifacts: [], errors: [`${line}: ${built.error}`] };
  }
  const uid = built.json.uid;
  const problems = dashboardSchemaErrors(built.json);
  if (problems.length) return { artifacts: [], errors: problems.map((p) => `${where}: dashboard ${uid}: ${p}`) };
  const common = {
    persona: definition.persona,
    source: sourcePath(definition.source),
    definedAt: definedAt(definition, definition.source, sourcePath),
    ...(tenant ? { tenant: tenant.id } : {}),
  };
  const artifacts: Artifact[] = [];
  if (schemas.includes('v1')) {
    const dir = tenant ? `tenants/${tenant.id}/${definition.persona}` : `platform/${definition.persona}`;
    artifacts.push({
      path: `grafana/dashboards/${dir}/${uid}.json`,
      kind: DASHBOARD_KINDS.v1,
      content: built.content!,
      document: built.json,
      ...common,
    });
  }
  if (schemas.includes('v2')) {
    const scope: DashboardScope = tenant ? { kind: 'tenant', tenant } : { kind: 'platform' };
    const v2 = buildV2(built.json, folderUid(scope, definition.persona));
    if ('errors' in v2)
      return { artifacts, errors: v2.errors.map((e) => `${where}: dashboard ${uid} (schema v2): ${e}`) };
    artifacts.push({
      path: `${RESOURCES_DIR}/${folderDirectory(scope, definition.persona)}/${uid}.json`,
      kind: DASHBOARD_KINDS.v2,
      content: v2.content,
      document: v2.resource,
      ...common,
    });
  }
  const configMaps = dashboardConfigMaps(artifacts, tenant ? [tenant] : [], env);
  return { artifacts: [...artifacts, ...configMaps.artifacts], errors: configMaps.errors };
}

/** The units of `units`, one after the other, as one. */
export function dashboardArtifacts(
  units: readonly DashboardUnit[],
  env: Environment,
  sourcePath: (url: string) => string,
  schemas: readonly DashboardSchema[],
): Produced {
  const built = units.map((unit) => dashboardUnit(unit, env, sourcePath, schemas));
  return { artifacts: built.flatMap((b) => b.artifacts), errors: built.flatMap((b) => b.errors) };
}

/** Dashboards that share a uid (each uid names one dashboard in Grafana), as errors naming both. */
export function duplicateUids(
  artifacts: ReadonlyArray<Pick<Artifact, 'path' | 'kind' | 'source' | 'tenant'>>,
): string[] {
  const seen = new Map<string, string>();
  const errors: string[] = [];
  // Each schema's form of a dashboard has its uid: uids are unique within each form.
  for (const a of artifacts.filter((a) => a.kind === DASHBOARD_KINDS.v1 || a.kind === DASHBOARD_KINDS.v2)) {
    const uid = dashboardUidOf(a);
    const where = `${a.source}${a.tenant ? ` (tenant ${a.tenant})` : ''}`;
    const key = `${a.kind} ${uid}`;
    const other = seen.get(key);
    if (other) errors.push(`${where}: dashboard uid "${uid}" is also built by ${other}; give one of them another slug`);
    else seen.set(key, where);
  }
  return errors;
}

/**
 * Builds one dashboard in its scope's context (a platform dashboard never sees a tenant), linked
 * to its alerts: its JSON form (what is checked and converted) and, `withContent` (when the
 * classic form is written), its JSON text.
 */
function buildDashboard(
  definition: DashboardDefinition,
  tenant: Tenant | undefined,
  env: Environment,
  withContent: boolean,
): { content?: string; json: DashboardJson } | { error: string; thrown?: unknown } {
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
    if (!withContent) return { json: JSON.parse(JSON.stringify(built)) as DashboardJson };
    const content = json(built);
    return { content, json: JSON.parse(content) as DashboardJson };
  } catch (e) {
    return { error: (e as Error).message, thrown: e };
  }
}

/**
 * A classic dashboard's schema v2 resource in its folder, checked against Grafana's v2 schema:
 * converted from the JSON form written (and checked) for v1, so both come from the same pass.
 */
function buildV2(
  classic: DashboardJson,
  folder: string,
): { content: string; resource: ReturnType<typeof dashboardResource> } | { errors: string[] } {
  try {
    const resource = dashboardResource(classic.uid, folder, toSchemaV2(classic as unknown as ClassicDashboard));
    const problems = dashboardV2SchemaErrors(resource);
    return problems.length ? { errors: problems } : { content: json(resource), resource };
  } catch (e) {
    return { errors: [(e as Error).message] };
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
