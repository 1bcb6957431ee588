import type { DesiredState } from './desired.ts';
import type { GrafanaClient } from './grafana-client.ts';
import type {
  AlertRuleGroup,
  DashboardACLInfoDTO,
  EmbeddedContactPoint,
  Hit,
  Json,
  MuteTimeInterval,
  Route,
} from './grafana-types.ts';
import { mapConcurrent } from './pool.ts';
import {
  CONTENT_ANNOTATION,
  FOLDER_ANNOTATION,
  GENERATION_ANNOTATION,
  isStatus,
  MANAGED_SELECTOR,
  SOURCE_ANNOTATION,
  type ApiMode,
  type Resource,
  type ResourceApis,
  type ResourceClient,
} from './resources.ts';
import { contentSha256, editedSincePublish, isManaged, listedAsPublished, stampOf } from './stamp.ts';

export interface ObservedDashboard {
  readonly uid: string;
  readonly title: string;
  readonly folderUid?: string;
  readonly tags: readonly string[];
  /** Listed by the resource API, which lists only what carries plotwatch's label: its metadata. */
  readonly resource?: ObservedResource;
}

/** What a resource list shows of an object plotwatch wrote. */
export interface ObservedResource {
  readonly resourceVersion: string;
  readonly generation: number;
  /** The generation plotwatch's last write left it at (its annotation); another one now means an edit since. */
  readonly publishedGeneration?: number;
  /** The sha256 of the out/ file it was published from (its annotation). */
  readonly sourceSha256?: string;
  /** The sha256 of the spec plotwatch sent (its annotation). */
  readonly contentSha256?: string;
  /** As listed (not copied). */
  readonly spec: Json;
}

/**
 * Whether a listed resource is as plotwatch's last write left it: its generation is the one our
 * write left (Grafana raises it on any change of spec or folder), or, should that record be off
 * (Grafana did not raise it for a write that changed nothing), its spec still hashes to what we sent.
 */
export function untouchedSincePublish(r: ObservedResource): boolean {
  return (
    r.generation === r.publishedGeneration ||
    (r.contentSha256 !== undefined && contentSha256(r.spec) === r.contentSha256)
  );
}

/**
 * What only a GET of the whole dashboard tells through the legacy API (and the resource list
 * itself): its version and whether it was edited since we published it.
 */
export interface StoredDashboard {
  /** The legacy API's version, or the resource's generation. */
  readonly version: number;
  readonly editedSincePublish: boolean;
  /** The out/ file's sha256 its stamp records, if it has one. */
  readonly publishedFrom?: string;
  /** Through the resource API: sent back with an update, so that Grafana refuses (409) if someone wrote in between. */
  readonly resourceVersion?: string;
}

export interface ObservedFolder {
  readonly uid: string;
  readonly title: string;
  readonly parentUid?: string;
  /** Through the resource API. */
  readonly resourceVersion?: string;
  /**
   * Through the resource API with --prune, for managed folders out/ no longer has: what the folder
   * holds, subfolders included (dashboards, folders and anything else), by resource.
   */
  readonly holds?: Readonly<Record<string, number>>;
}

export interface ObservedRoutingTree {
  readonly name: string;
  readonly spec: Json;
  readonly resourceVersion?: string;
}

export interface ObservedAlerting {
  readonly contactPoints: readonly EmbeddedContactPoint[];
  readonly muteTimings: readonly MuteTimeInterval[];
  readonly policy?: Route;
  /** By `ruleGroupKey`. */
  readonly ruleGroups: ReadonlyMap<string, AlertRuleGroup>;
  /** Present when the named trees are published (Grafana has the routing-trees API): every tree, by name. */
  readonly routingTrees?: ReadonlyMap<string, ObservedRoutingTree>;
}

export interface ObservedState {
  /** The API the state was read through (legacy when absent). */
  readonly api?: ApiMode;
  /** Team name to id. */
  readonly teams: ReadonlyMap<string, number>;
  readonly folders: ReadonlyMap<string, ObservedFolder>;
  /** The permissions set on each desired folder that exists (not the inherited ones). */
  readonly permissions: ReadonlyMap<string, readonly DashboardACLInfoDTO[]>;
  /**
   * Every dashboard, managed or not, as search shows it (legacy API), or every managed one, as the
   * resource list shows it (resource API; folders likewise).
   */
  readonly dashboards: ReadonlyMap<string, ObservedDashboard>;
  /** Only the dashboards whose plan depends on their content (see `dashboardsToInspect`). */
  readonly stored: ReadonlyMap<string, StoredDashboard>;
  readonly alerting?: ObservedAlerting;
}

export function ruleGroupKey(group: AlertRuleGroup): string {
  return `${group.folderUid ?? ''}/${group.title ?? ''}`;
}

/**
 * Reads what the plan needs and nothing more: three paged searches (folders, dashboards, teams),
 * the permissions of each desired folder, and the full JSON only of dashboards that would change,
 * be pruned, or show a change in Grafana. A dashboard whose search hit shows it as published from
 * the same out/ file (title and tags included) into the same folder is not fetched, so a re-run
 * with nothing to do costs no GET per dashboard.
 */
export async function observe(
  client: GrafanaClient,
  desired: DesiredState,
  options: { prune: boolean; concurrency: number },
): Promise<ObservedState> {
  const [folderHits, dashboardHits, teams] = await Promise.all([
    client.searchFolders(),
    client.searchDashboards(),
    client.searchTeams(),
  ]);
  const folders = new Map(
    folderHits
      .filter(hasUid)
      .map((h) => [h.uid, { uid: h.uid, title: h.title ?? '', ...(h.folderUid ? { parentUid: h.folderUid } : {}) }]),
  );
  const dashboards = new Map(
    dashboardHits
      .filter(hasUid)
      .map((h) => [
        h.uid,
        { uid: h.uid, title: h.title ?? '', tags: h.tags ?? [], ...(h.folderUid ? { folderUid: h.folderUid } : {}) },
      ]),
  );

  const existing = desired.folders.filter((f) => folders.has(f.uid));
  const acls = await mapConcurrent(existing, options.concurrency, (f) => client.getFolderPermissions(f.uid));
  const permissions = new Map(existing.map((f, i) => [f.uid, acls[i]!.filter((entry) => !entry.inherited)]));

  const inspect = dashboardsToInspect(desired, dashboards, options.prune);
  const full = await mapConcurrent(inspect, options.concurrency, (uid) =>
    // 406: stored in schema v2, which the legacy API does not show; it cannot vouch for it (drift, unless --force).
    client
      .getDashboard(uid)
      .catch((e: unknown) => (isStatus(e, 406) ? { dashboard: {} as Json, meta: { version: 0 } } : Promise.reject(e))),
  );
  const stored = new Map<string, StoredDashboard>();
  inspect.forEach((uid, i) => {
    const dashboard = full[i];
    if (!dashboard?.dashboard) return;
    const publishedFrom = stampOf(dashboard.dashboard)?.sourceSha256;
    stored.set(uid, {
      version: dashboard.meta?.version ?? Number(dashboard.dashboard.version ?? 0),
      editedSincePublish: editedSincePublish(dashboard.dashboard),
      ...(typeof publishedFrom === 'string' ? { publishedFrom } : {}),
    });
  });

  return {
    api: 'legacy',
    teams: new Map(teams.filter((t) => t.name !== undefined && t.id !== undefined).map((t) => [t.name!, t.id!])),
    folders,
    permissions,
    dashboards,
    stored,
    ...(desired.alerting ? { alerting: await observeAlerting(client, desired, options.concurrency) } : {}),
  };
}

/**
 * The dashboards to fetch whole: desired ones that search shows unmanaged, or not as published
 * from their out/ file (out/ changed, or their title or tags were changed in Grafana), or in
 * another folder (an update, unless edited by hand since), and with prune the managed ones out/
 * no longer has (deleted, unless edited by hand since).
 */
export function dashboardsToInspect(
  desired: DesiredState,
  observed: ReadonlyMap<string, ObservedDashboard>,
  prune: boolean,
): string[] {
  const wanted = new Set(desired.dashboards.map((d) => d.uid));
  const changed = desired.dashboards.filter((d) => {
    const hit = observed.get(d.uid);
    return hit && !(isManaged(hit.tags) && listedAsPublished(hit, d.sha256) && hit.folderUid === d.folderUid);
  });
  const orphans = prune ? [...observed.values()].filter((h) => isManaged(h.tags) && !wanted.has(h.uid)) : [];
  return [...changed.map((d) => d.uid), ...orphans.map((h) => h.uid)];
}

/** Whether plotwatch published it: the managed tag (legacy search), or listed by our label (resource API). */
export function isManagedHit(hit: ObservedDashboard): boolean {
  return hit.resource !== undefined || isManaged(hit.tags);
}

/**
 * Whether the list alone shows the dashboard as plotwatch published it from the out/ file with
 * this sha256 and untouched since: through the resource API, the source annotation and a
 * generation still at what our write left it; through search, the source tag (file, title, tags).
 */
export function listedAsPublishedFrom(hit: ObservedDashboard, sha256: string): boolean {
  if (!hit.resource) return listedAsPublished(hit, sha256);
  return hit.resource.sourceSha256 === sha256 && untouchedSincePublish(hit.resource);
}

/**
 * Reads what the plan needs through the resource API: the managed folders and dashboards (two
 * lists by plotwatch's label, paged), the teams and each existing desired folder's permissions
 * (legacy routes), with --prune what each managed folder out/ dropped holds, and the alerting
 * resources. Lists carry generation and resourceVersion, so no dashboard is ever fetched one by one.
 */
export async function observeResources(
  client: GrafanaClient,
  resources: ResourceClient,
  apis: ResourceApis,
  desired: DesiredState,
  options: { prune: boolean; concurrency: number },
): Promise<ObservedState> {
  const [folderItems, dashboardItems, teams] = await Promise.all([
    resources.list(apis.folders, MANAGED_SELECTOR),
    resources.list(apis.dashboards, MANAGED_SELECTOR),
    client.searchTeams(),
  ]);
  const folders = new Map<string, ObservedFolder>(
    folderItems.map((f) => [
      f.metadata.name,
      {
        uid: f.metadata.name,
        title: String(f.spec?.title ?? ''),
        ...(f.metadata.annotations?.[FOLDER_ANNOTATION]
          ? { parentUid: f.metadata.annotations[FOLDER_ANNOTATION] }
          : {}),
        ...(f.metadata.resourceVersion ? { resourceVersion: f.metadata.resourceVersion } : {}),
      },
    ]),
  );
  const dashboards = new Map(dashboardItems.map((d) => [d.metadata.name, observedResourceDashboard(d)]));
  const stored = new Map<string, StoredDashboard>();
  for (const d of dashboards.values()) {
    const r = d.resource!;
    stored.set(d.uid, {
      version: r.generation,
      editedSincePublish: !untouchedSincePublish(r),
      resourceVersion: r.resourceVersion,
      ...(r.sourceSha256 ? { publishedFrom: r.sourceSha256 } : {}),
    });
  }

  const existing = desired.folders.filter((f) => folders.has(f.uid));
  const wanted = new Set(desired.folders.map((f) => f.uid));
  const dropped = options.prune ? [...folders.keys()].filter((uid) => !wanted.has(uid)) : [];
  const [acls, counts] = await Promise.all([
    mapConcurrent(existing, options.concurrency, (f) => client.getFolderPermissions(f.uid)),
    // A Grafana without the counts subresource: unknown, so those folders are not pruned.
    mapConcurrent(dropped, options.concurrency, (uid) =>
      resources
        .folderCounts(apis.folders, uid)
        .catch((e: unknown) => (isStatus(e, 404) ? undefined : Promise.reject(e))),
    ),
  ]);
  const permissions = new Map(existing.map((f, i) => [f.uid, acls[i]!.filter((entry) => !entry.inherited)]));
  dropped.forEach((uid, i) => {
    if (!counts[i]) return;
    const holds: Record<string, number> = {};
    for (const c of counts[i].counts ?? []) holds[c.resource] = (holds[c.resource] ?? 0) + c.count;
    folders.set(uid, { ...folders.get(uid)!, holds });
  });

  return {
    api: 'resources',
    teams: new Map(teams.filter((t) => t.name !== undefined && t.id !== undefined).map((t) => [t.name!, t.id!])),
    folders,
    permissions,
    dashboards,
    stored,
    ...(desired.alerting
      ? { alerting: await observeAlerting(client, desired, options.concurrency, { resources, apis }) }
      : {}),
  };
}

function observedResourceDashboard(d: Resource): ObservedDashboard {
  const annotations = d.metadata.annotations ?? {};
  const published = Number(annotations[GENERATION_ANNOTATION]);
  const title = (d.spec?.title ?? '') as string;
  return {
    uid: d.metadata.name,
    title: typeof title === 'string' ? title : '',
    tags: Array.isArray(d.spec?.tags)
      ? (d.spec.tags as unknown[]).filter((t): t is string => typeof t === 'string')
      : [],
    ...(annotations[FOLDER_ANNOTATION] ? { folderUid: annotations[FOLDER_ANNOTATION] } : {}),
    resource: {
      resourceVersion: d.metadata.resourceVersion ?? '',
      generation: d.metadata.generation ?? 0,
      ...(Number.isInteger(published) && annotations[GENERATION_ANNOTATION] ? { publishedGeneration: published } : {}),
      ...(annotations[SOURCE_ANNOTATION] ? { sourceSha256: annotations[SOURCE_ANNOTATION] } : {}),
      ...(annotations[CONTENT_ANNOTATION] ? { contentSha256: annotations[CONTENT_ANNOTATION] } : {}),
      spec: d.spec ?? {},
    },
  };
}

async function observeAlerting(
  client: GrafanaClient,
  desired: DesiredState,
  concurrency: number,
  through?: { resources: ResourceClient; apis: ResourceApis },
): Promise<ObservedAlerting> {
  const wanted = desired.alerting!;
  // Named trees replace the single tree where Grafana has them; the single one is then left to others.
  const treeType = wanted.routingTrees?.length ? through?.apis.routingTrees : undefined;
  const [contactPoints, muteTimings, policy, trees] = await Promise.all([
    wanted.contactPoints.length ? client.listContactPoints() : [],
    wanted.muteTimings.length ? client.listMuteTimings() : [],
    wanted.policy && !treeType ? client.getPolicyTree() : undefined,
    treeType ? through!.resources.list(treeType) : undefined,
  ]);
  const groups = await mapConcurrent(wanted.ruleGroups, concurrency, (g) =>
    client.getRuleGroup(g.folderUid ?? '', g.title ?? ''),
  );
  const ruleGroups = new Map(
    wanted.ruleGroups.flatMap((g, i) => (groups[i] ? [[ruleGroupKey(g), groups[i]] as const] : [])),
  );
  return {
    contactPoints,
    muteTimings,
    ruleGroups,
    ...(policy ? { policy } : {}),
    ...(trees
      ? {
          routingTrees: new Map(
            trees.map((t) => [
              t.metadata.name,
              {
                name: t.metadata.name,
                spec: t.spec ?? {},
                ...(t.metadata.resourceVersion ? { resourceVersion: t.metadata.resourceVersion } : {}),
              },
            ]),
          ),
        }
      : {}),
  };
}

function hasUid(hit: Hit): hit is Hit & { uid: string } {
  return typeof hit.uid === 'string';
}
