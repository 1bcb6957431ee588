import type { DesiredState } from './desired.ts';
import type { GrafanaClient } from './grafana-client.ts';
import type {
  AlertRuleGroup,
  DashboardACLInfoDTO,
  EmbeddedContactPoint,
  Hit,
  MuteTimeInterval,
  Route,
} from './grafana-types.ts';
import { mapConcurrent } from './pool.ts';
import { editedSincePublish, isManaged, listedAsPublished, stampOf } from './stamp.ts';

export interface ObservedDashboard {
  readonly uid: string;
  readonly title: string;
  readonly folderUid?: string;
  readonly tags: readonly string[];
}

/** What only a GET of the whole dashboard tells: its version and whether it was edited since we published it. */
export interface StoredDashboard {
  readonly version: number;
  readonly editedSincePublish: boolean;
  /** The out/ file's sha256 its stamp records, if it has one. */
  readonly publishedFrom?: string;
}

export interface ObservedFolder {
  readonly uid: string;
  readonly title: string;
  readonly parentUid?: string;
}

export interface ObservedAlerting {
  readonly contactPoints: readonly EmbeddedContactPoint[];
  readonly muteTimings: readonly MuteTimeInterval[];
  readonly policy?: Route;
  /** By `ruleGroupKey`. */
  readonly ruleGroups: ReadonlyMap<string, AlertRuleGroup>;
}

export interface ObservedState {
  /** Team name to id. */
  readonly teams: ReadonlyMap<string, number>;
  readonly folders: ReadonlyMap<string, ObservedFolder>;
  /** The permissions set on each desired folder that exists (not the inherited ones). */
  readonly permissions: ReadonlyMap<string, readonly DashboardACLInfoDTO[]>;
  /** Every dashboard, managed or not, as search shows it. */
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
  const full = await mapConcurrent(inspect, options.concurrency, (uid) => client.getDashboard(uid));
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

async function observeAlerting(
  client: GrafanaClient,
  desired: DesiredState,
  concurrency: number,
): Promise<ObservedAlerting> {
  const wanted = desired.alerting!;
  const [contactPoints, muteTimings, policy] = await Promise.all([
    wanted.contactPoints.length ? client.listContactPoints() : [],
    wanted.muteTimings.length ? client.listMuteTimings() : [],
    wanted.policy ? client.getPolicyTree() : undefined,
  ]);
  const groups = await mapConcurrent(wanted.ruleGroups, concurrency, (g) =>
    client.getRuleGroup(g.folderUid ?? '', g.title ?? ''),
  );
  const ruleGroups = new Map(
    wanted.ruleGroups.flatMap((g, i) => (groups[i] ? [[ruleGroupKey(g), groups[i]] as const] : [])),
  );
  return { contactPoints, muteTimings, ruleGroups, ...(policy ? { policy } : {}) };
}

function hasUid(hit: Hit): hit is Hit & { uid: string } {
  return typeof hit.uid === 'string';
}
