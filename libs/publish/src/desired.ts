import type { Folder as FolderDefinition } from '@plotwatch/grafana';
import type { AlertRuleGroup, EmbeddedContactPoint, Json, MuteTimeInterval, Route } from './grafana-types.ts';
import type { ApiChoice, Resource } from './resources.ts';

/** One line of out/manifest.json. */
export interface ManifestEntry {
  readonly path: string;
  readonly kind: string;
  readonly tenant: string | null;
  readonly persona: string | null;
  readonly sha256: string;
}

/** out/grafana/folders.json: the access model libs/grafana writes. */
export interface AccessModel {
  readonly teams?: ReadonlyArray<{ readonly name: string }>;
  readonly folders: readonly FolderDefinition[];
}

export interface DesiredDashboard {
  readonly uid: string;
  readonly folderUid: string;
  /** Of the out/ file, from the manifest: what the managed tags record. */
  readonly sha256: string;
  /** Relative to out/; read only when the dashboard is created or updated. */
  readonly path: string;
  /** Set when `path` is a resource (out/grafana/resources/): its apiVersion, e.g. dashboard.grafana.app/v2. */
  readonly apiVersion?: string;
}

/**
 * A dashboard resource of out/grafana/resources/ and where it goes: its name and folder as its
 * place in the layout says (`<folder path>/<name>.json` beside the folder's `_folder.json`), or as
 * the file says when it had to be read. Checked against the file when it is written.
 */
export interface DashboardResourceFile {
  readonly path: string;
  readonly sha256: string;
  readonly name: string;
  readonly folderUid: string;
  readonly apiVersion: string;
}

export interface ResourcePlacement {
  readonly name: string;
  readonly folderUid: string;
  readonly apiVersion: string;
}

/** A named notification policy tree of out/grafana/alerting/routing-trees/: a RoutingTree resource. */
export interface DesiredRoutingTree {
  readonly name: string;
  readonly resource: Resource;
}

/** Grafana-managed alerting, as the provisioning API takes it. */
export interface DesiredAlerting {
  readonly contactPoints: readonly EmbeddedContactPoint[];
  readonly muteTimings: readonly MuteTimeInterval[];
  readonly policy?: Route;
  /** Named trees, for Grafana with the routing-trees API (else `policy` is published). */
  readonly routingTrees?: readonly DesiredRoutingTree[];
  readonly ruleGroups: readonly AlertRuleGroup[];
}

export interface DesiredState {
  readonly teams: readonly string[];
  /** Parents before children. */
  readonly folders: readonly FolderDefinition[];
  /** What this publish writes: the classic dashboards, until `forApi` picks the resources. */
  readonly dashboards: readonly DesiredDashboard[];
  /** The dashboard resources of out/grafana/resources/ (schema v2), when the build wrote any. */
  readonly dashboardResources?: readonly DesiredDashboard[];
  readonly alerting?: DesiredAlerting;
}

/**
 * The state to publish through the chosen API: the resource API takes out/'s dashboard resources
 * when the choice says so, else the classic dashboards (wrapped as v1 resources); the legacy API
 * takes classic dashboards only, so out/ holding nothing else cannot be published through it.
 */
export function forApi(state: DesiredState, choice: ApiChoice): DesiredState {
  if (choice.mode === 'resources' && choice.dashboards === 'resource-files')
    return { ...state, dashboards: state.dashboardResources ?? [] };
  if (choice.mode === 'legacy' && !state.dashboards.length && state.dashboardResources?.length)
    throw new Error(
      `out/ has only dashboard resources (${state.dashboardResources[0]!.apiVersion}), which the legacy API cannot take (${choice.why}): build for this Grafana's schema (target.grafana.schema v1), or publish to a Grafana with the resource API`,
    );
  return state;
}

/**
 * What out/ asks Grafana to hold. The folder of a dashboard comes from out/'s layout
 * (`grafana/dashboards/platform/<persona>/` or `tenants/<tenant>/<persona>/`, the folders
 * libs/grafana names `platform-<persona>` and `tenant-<tenant>-<persona>`), and must be in
 * folders.json. Returns every problem rather than the first.
 */
export function desiredState(
  manifest: readonly ManifestEntry[],
  access: AccessModel,
  alerting?: DesiredAlerting,
  resourceFiles: readonly DashboardResourceFile[] = [],
): { state: DesiredState; errors: string[] } {
  const errors: string[] = [];
  const folderUids = new Set(access.folders.map((f) => f.uid));
  const dashboards: DesiredDashboard[] = [];
  const seen = new Map<string, string>();
  for (const entry of manifest.filter((e) => e.kind === 'grafana-dashboard' && !isResourcePath(e.path))) {
    const placed = dashboardPlacement(entry.path);
    if (!placed) {
      errors.push(
        `${entry.path}: not under grafana/dashboards/platform/<persona>/ or grafana/dashboards/tenants/<tenant>/<persona>/`,
      );
      continue;
    }
    if (!folderUids.has(placed.folderUid))
      errors.push(`${entry.path}: its folder "${placed.folderUid}" is not in grafana/folders.json`);
    const other = seen.get(placed.uid);
    if (other) errors.push(`${entry.path}: dashboard uid "${placed.uid}" is also used by ${other}`);
    seen.set(placed.uid, entry.path);
    dashboards.push({ uid: placed.uid, folderUid: placed.folderUid, sha256: entry.sha256, path: entry.path });
  }
  const dashboardResources = resourceFiles.map((file): DesiredDashboard => {
    if (!folderUids.has(file.folderUid))
      errors.push(`${file.path}: its folder "${file.folderUid}" is not in grafana/folders.json`);
    return {
      uid: file.name,
      folderUid: file.folderUid,
      apiVersion: file.apiVersion,
      sha256: file.sha256,
      path: file.path,
    };
  });
  const names = new Map<string, string>();
  for (const d of dashboardResources) {
    if (names.has(d.uid)) errors.push(`${d.path}: dashboard name "${d.uid}" is also used by ${names.get(d.uid)}`);
    names.set(d.uid, d.path);
  }
  const folders = parentsFirst(access.folders, errors);
  const teams = [
    ...new Set([
      ...(access.teams ?? []).map((t) => t.name),
      ...access.folders.flatMap((f) => f.permissions.map((p) => p.team)),
    ]),
  ].sort();
  return {
    state: {
      teams,
      folders,
      dashboards,
      ...(dashboardResources.length ? { dashboardResources } : {}),
      ...(alerting ? { alerting } : {}),
    },
    errors,
  };
}

/**
 * Where the build writes resources, in the layout Grafana's Git Sync and `gcx resources push` read:
 * `grafana/resources/<folder path>/<uid>.json` (kind `grafana-dashboard-v2` in the manifest), each
 * folder as `_folder.json` beside its dashboards (kind `grafana-folder-resource`).
 */
export const RESOURCES_DIR = 'grafana/resources/';

export function isResourcePath(path: string): boolean {
  return path.startsWith(RESOURCES_DIR);
}

/** A dashboard resource of out/ (not a folder's `_folder.json`): read at plan time for its name and folder. */
export function isDashboardResource(entry: ManifestEntry): boolean {
  return (
    isResourcePath(entry.path) &&
    entry.path.endsWith('.json') &&
    (entry.kind === 'grafana-dashboard-v2' || entry.kind === 'grafana-dashboard')
  );
}

/**
 * A dashboard resource's name, folder (its `grafana.app/folder` annotation) and apiVersion, or
 * what is wrong with it.
 */
export function resourcePlacement(json: unknown): ResourcePlacement | { problems: string[] } {
  const r = json as Partial<Resource> | null;
  const name = r?.metadata?.name;
  const folderUid = r?.metadata?.annotations?.['grafana.app/folder'];
  const problems = [
    ...(typeof r?.apiVersion === 'string' && r.apiVersion.startsWith('dashboard.grafana.app/')
      ? []
      : ['apiVersion is not dashboard.grafana.app/<version>']),
    ...(r?.kind === 'Dashboard' ? [] : ['kind is not Dashboard']),
    ...(typeof name === 'string' && name ? [] : ['metadata.name is missing']),
    ...(typeof folderUid === 'string' && folderUid ? [] : ['the grafana.app/folder annotation is missing']),
    ...(r?.spec && typeof r.spec === 'object' ? [] : ['spec is missing']),
  ];
  return problems.length ? { problems } : { name: name!, folderUid: folderUid!, apiVersion: r!.apiVersion! };
}

function dashboardPlacement(path: string): { uid: string; folderUid: string } | undefined {
  const platform = /^grafana\/dashboards\/platform\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (platform) return { uid: platform[2]!, folderUid: `platform-${platform[1]}` };
  const tenant = /^grafana\/dashboards\/tenants\/([^/]+)\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (tenant) return { uid: tenant[3]!, folderUid: `tenant-${tenant[1]}-${tenant[2]}` };
  return undefined;
}

/** Orders folders so that each comes after its parent; a parent outside folders.json is an error. */
function parentsFirst(folders: readonly FolderDefinition[], errors: string[]): FolderDefinition[] {
  const byUid = new Map(folders.map((f) => [f.uid, f]));
  const depth = (folder: FolderDefinition, seen = new Set<string>()): number => {
    if (!folder.parentUid) return 0;
    const parent = byUid.get(folder.parentUid);
    if (!parent || seen.has(folder.uid)) return 0;
    return 1 + depth(parent, seen.add(folder.uid));
  };
  for (const f of folders)
    if (f.parentUid && !byUid.has(f.parentUid))
      errors.push(`grafana/folders.json: folder "${f.uid}" has parent "${f.parentUid}", which is not in the file`);
  return [...folders].sort((a, b) => depth(a) - depth(b));
}

/**
 * Sorts the documents of out/grafana/alerting/ into provisioning resources: libs/routing writes
 * `contact-points.json` (a list), `notification-policy.json` (the tree) and `mute-timings.json`
 * (a list); anything else that is a rule group (`{ title, folderUid, rules }`) or a list of them
 * is published as rule groups. Any other document is reported, not guessed at.
 */
export function alertingFromDocuments(documents: ReadonlyArray<{ path: string; json: unknown }>): {
  alerting: DesiredAlerting;
  skipped: string[];
} {
  const contactPoints: EmbeddedContactPoint[] = [];
  const muteTimings: MuteTimeInterval[] = [];
  const ruleGroups: AlertRuleGroup[] = [];
  const routingTrees: DesiredRoutingTree[] = [];
  const skipped: string[] = [];
  let policy: Route | undefined;
  for (const { path, json } of documents) {
    const name = path
      .split('/')
      .pop()!
      .replace(/\.(json|ya?ml)$/, '');
    const list = Array.isArray(json) ? (json as Json[]) : undefined;
    if (path.includes('/routing-trees/') && isRoutingTree(json))
      routingTrees.push({ name: json.metadata.name, resource: json });
    else if (name === 'contact-points' && list) contactPoints.push(...(list as unknown as EmbeddedContactPoint[]));
    else if (name === 'mute-timings' && list) muteTimings.push(...(list as MuteTimeInterval[]));
    else if (name === 'notification-policy' && json && typeof json === 'object' && !list) policy = json as Route;
    else if ((list ?? [json]).every(isRuleGroup)) ruleGroups.push(...((list ?? [json]) as AlertRuleGroup[]));
    else
      skipped.push(
        `${path}: not contact points, mute timings, the notification policy tree, a routing tree or rule groups`,
      );
  }
  return {
    alerting: {
      contactPoints,
      muteTimings,
      ruleGroups,
      ...(policy ? { policy } : {}),
      ...(routingTrees.length ? { routingTrees } : {}),
    },
    skipped,
  };
}

function isRoutingTree(value: unknown): value is Resource {
  const tree = value as Partial<Resource> | null;
  return Boolean(
    tree &&
    tree.kind === 'RoutingTree' &&
    typeof tree.apiVersion === 'string' &&
    typeof tree.metadata?.name === 'string' &&
    tree.spec &&
    typeof tree.spec === 'object',
  );
}

function isRuleGroup(value: unknown): boolean {
  const group = value as Partial<AlertRuleGroup> | null;
  return Boolean(
    group &&
    typeof group === 'object' &&
    typeof group.title === 'string' &&
    typeof group.folderUid === 'string' &&
    Array.isArray(group.rules),
  );
}
