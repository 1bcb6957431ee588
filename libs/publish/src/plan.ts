import type { Folder as FolderDefinition, FolderPermission } from '@plotwatch/grafana';
import { ROUTING_TREE_PREFIX } from '@plotwatch/routing/routing-trees';
import type { DesiredDashboard, DesiredRoutingTree, DesiredState } from './desired.ts';
import type {
  AlertRuleGroup,
  DashboardACLInfoDTO,
  EmbeddedContactPoint,
  Json,
  MuteTimeInterval,
  Route,
} from './grafana-types.ts';
import {
  isManagedHit,
  listedAsPublishedFrom,
  ruleGroupKey,
  type ObservedDashboard,
  type ObservedRoutingTree,
  type ObservedState,
  type StoredDashboard,
} from './observe.ts';
import { contentSha256, stampedByEarlierPlotwatch } from './stamp.ts';

export type Action = 'create' | 'update' | 'delete' | 'unchanged' | 'drift';

interface ChangeBase {
  readonly action: Action;
  /** Why, in a few words, for the plan table. */
  readonly reason: string;
}

export type Change = ChangeBase &
  /** `id` of a team that exists: permissions refer to teams by id. */
  (
    | { readonly kind: 'team'; readonly key: string; readonly id?: number }
    /**
     * `folder` is absent for a pruned folder; `resourceVersion` is the stored one (resource API);
     * `after`: what a pruned folder's delete waits for (resource API: its dashboards and subfolders first).
     */
    | {
        readonly kind: 'folder';
        readonly key: string;
        readonly folder?: FolderDefinition;
        readonly deletedWith?: string;
        readonly resourceVersion?: string;
        readonly after?: readonly string[];
      }
    | { readonly kind: 'folder-permissions'; readonly key: string; readonly folder: FolderDefinition }
    /**
     * `version` (legacy API) or `resourceVersion` (resource API): the stored one, sent back so that
     * Grafana refuses (412, 409) if someone saved in between; `generation`: the stored one (resource API).
     */
    | {
        readonly kind: 'dashboard';
        readonly key: string;
        readonly dashboard?: DesiredDashboard;
        readonly version?: number;
        readonly resourceVersion?: string;
        readonly generation?: number;
        /** Resource API: the stored spec's sha256 and folder, to know whether our write raises the generation. */
        readonly stored?: { readonly specSha256: string; readonly folderUid?: string };
        readonly overwrite: boolean;
        readonly deletedWith?: string;
      }
    | { readonly kind: 'contact-point'; readonly key: string; readonly contactPoint: EmbeddedContactPoint }
    | { readonly kind: 'mute-timing'; readonly key: string; readonly muteTiming: MuteTimeInterval }
    | { readonly kind: 'notification-policy'; readonly key: string; readonly policy: Route }
    /** A named notification policy tree (resource API); `tree` is absent for a pruned one. */
    | {
        readonly kind: 'routing-tree';
        readonly key: string;
        readonly tree?: DesiredRoutingTree;
        readonly resourceVersion?: string;
      }
    | { readonly kind: 'rule-group'; readonly key: string; readonly group: AlertRuleGroup }
  );

export interface Plan {
  readonly changes: readonly Change[];
  /** What the table should mention besides changes (e.g. managed dashboards left behind without --prune). */
  readonly notes: readonly string[];
}

export interface PlanOptions {
  /** Delete managed resources that out/ no longer has. */
  readonly prune: boolean;
  /**
   * Overwrite (or delete) dashboards edited in Grafana since plotwatch published them, take over
   * unmanaged ones with our uids, and re-send contact points' secret files.
   */
  readonly force: boolean;
}

/** Grafana's numeric permission levels (`PermissionType`). */
export const PERMISSION_LEVEL: Readonly<Record<FolderPermission, number>> = { View: 1, Edit: 2, Admin: 4 };

/** Every resource's change, a pure function of what out/ wants and what Grafana has. */
export function plan(desired: DesiredState, observed: ObservedState, options: PlanOptions): Plan {
  const dashboards = planDashboards(desired, observed, options);
  const { deleted: folderDeletes, kept } = options.prune
    ? planFolderPrune(desired, observed, dashboards.changes)
    : { deleted: new Map<string, string>(), kept: [] };
  // Through the resource API each pruned object is deleted on its own, contents first; through the
  // legacy API a dashboard in a folder being deleted goes with it, in the same request.
  const byResource = observed.api === 'resources';
  const dashboardChanges = dashboards.changes.map((c): Change => {
    const topmost =
      c.action === 'delete' ? folderDeletes.get(observed.dashboards.get(c.key)?.folderUid ?? '') : undefined;
    return c.kind === 'dashboard' && topmost && !byResource
      ? { ...c, deletedWith: topmost, reason: `${c.reason}; deleted with folder ${topmost}` }
      : c;
  });
  const contentsOf = (uid: string) => [
    ...dashboards.changes
      .filter((c) => c.action === 'delete' && observed.dashboards.get(c.key)?.folderUid === uid)
      .map((c) => `dashboard:${c.key}`),
    ...[...folderDeletes.keys()]
      .filter((child) => observed.folders.get(child)?.parentUid === uid)
      .map((child) => `folder:${child}`),
  ];
  return {
    changes: [
      ...planTeams(desired, observed),
      ...planFolders(desired, observed),
      ...[...folderDeletes].map(([uid, topmost]): Change => {
        const reason = uid === topmost ? 'not in out/; holds only pruned dashboards' : `not in out/; inside ${topmost}`;
        if (byResource) {
          const resourceVersion = observed.folders.get(uid)?.resourceVersion;
          return {
            kind: 'folder',
            key: uid,
            action: 'delete',
            after: contentsOf(uid),
            ...(resourceVersion ? { resourceVersion } : {}),
            reason,
          };
        }
        return {
          kind: 'folder',
          key: uid,
          action: 'delete',
          ...(uid === topmost ? {} : { deletedWith: topmost }),
          reason,
        };
      }),
      ...planPermissions(desired, observed),
      ...dashboardChanges,
      ...planAlerting(desired, observed, options),
    ],
    notes: [
      ...dashboards.notes,
      ...(kept.length
        ? [
            `${kept.length} managed folder(s) no longer in out/ kept: they hold what plotwatch did not publish, or Grafana did not say what they hold (${kept.slice(0, 3).join(', ')}${kept.length > 3 ? ', ...' : ''})`,
          ]
        : []),
    ],
  };
}

export function isPending(change: Change): boolean {
  return change.action !== 'unchanged';
}

function planTeams(desired: DesiredState, observed: ObservedState): Change[] {
  return desired.teams.map((name): Change => {
    const id = observed.teams.get(name);
    return id === undefined
      ? { kind: 'team', key: name, action: 'create', reason: 'new team' }
      : { kind: 'team', key: name, id, action: 'unchanged', reason: '' };
  });
}

function planFolders(desired: DesiredState, observed: ObservedState): Change[] {
  return desired.folders.map((folder): Change => {
    const current = observed.folders.get(folder.uid);
    const base = {
      kind: 'folder' as const,
      key: folder.uid,
      folder,
      ...(current?.resourceVersion ? { resourceVersion: current.resourceVersion } : {}),
    };
    if (!current)
      return {
        ...base,
        action: 'create',
        reason: `"${folder.title}"${folder.parentUid ? ` in ${folder.parentUid}` : ''}`,
      };
    const differences = [
      ...(current.title !== folder.title ? [`title "${current.title}" -> "${folder.title}"`] : []),
      ...((current.parentUid ?? '') !== (folder.parentUid ?? '')
        ? [`parent ${current.parentUid ?? '(root)'} -> ${folder.parentUid ?? '(root)'}`]
        : []),
    ];
    return differences.length
      ? { ...base, action: 'update', reason: differences.join(', ') }
      : { ...base, action: 'unchanged', reason: '' };
  });
}

/**
 * Compares the permissions set on each folder with folders.json: teams only, nothing else. A
 * basic-role or user entry (Grafana gives every new folder Editor and Viewer entries) would let
 * people outside the tenant in, so it is a difference too, and the update removes it.
 */
function planPermissions(desired: DesiredState, observed: ObservedState): Change[] {
  return desired.folders.map((folder): Change => {
    const base = { kind: 'folder-permissions' as const, key: folder.uid, folder };
    const current = observed.permissions.get(folder.uid);
    if (!current)
      return {
        ...base,
        action: 'update',
        reason: `new folder: ${folder.permissions.length} team permissions, none for roles`,
      };
    const differences = permissionDifferences(wantedLevels(folder), current);
    return differences.length
      ? { ...base, action: 'update', reason: differences.join(', ') }
      : { ...base, action: 'unchanged', reason: '' };
  });
}

/** The level each team gets on a folder; a team listed twice gets the higher one. */
export function wantedLevels(folder: FolderDefinition): Map<string, number> {
  const levels = new Map<string, number>();
  for (const p of folder.permissions)
    levels.set(p.team, Math.max(levels.get(p.team) ?? 0, PERMISSION_LEVEL[p.permission]));
  return levels;
}

function permissionDifferences(wanted: ReadonlyMap<string, number>, current: readonly DashboardACLInfoDTO[]): string[] {
  const name = (level: number | undefined) =>
    Object.entries(PERMISSION_LEVEL).find(([, l]) => l === level)?.[0] ?? String(level);
  const differences: string[] = [];
  const teams = new Map<string, number>();
  for (const entry of current) {
    if (entry.team !== undefined && entry.teamId)
      teams.set(entry.team, Math.max(teams.get(entry.team) ?? 0, entry.permission ?? 0));
    else differences.push(`-${entry.role ? `role ${entry.role}` : `user ${entry.userId}`} ${name(entry.permission)}`);
  }
  for (const [team, level] of wanted) {
    const has = teams.get(team);
    if (has === undefined) differences.push(`+${team} ${name(level)}`);
    else if (has !== level) differences.push(`${team} ${name(has)} -> ${name(level)}`);
  }
  for (const [team, level] of teams) if (!wanted.has(team)) differences.push(`-${team} ${name(level)}`);
  return differences;
}

function planDashboards(
  desired: DesiredState,
  observed: ObservedState,
  { prune, force }: PlanOptions,
): { changes: Change[]; notes: string[] } {
  const changes: Change[] = desired.dashboards.map((dashboard): Change => {
    const base = { kind: 'dashboard' as const, key: dashboard.uid, dashboard };
    const hit = observed.dashboards.get(dashboard.uid);
    // The resource API lists only what plotwatch manages: a create may meet a dashboard it does not list,
    // which it then takes over only if plotwatch published it (legacy API), or with --force.
    if (!hit)
      return {
        ...base,
        action: 'create',
        overwrite: force && observed.api === 'resources',
        reason: `in ${dashboard.folderUid}`,
      };
    const moved = hit.folderUid !== dashboard.folderUid;
    const asPublished = listedAsPublishedFrom(hit, dashboard.sha256);
    if (isManagedHit(hit) && asPublished && !moved)
      return { ...base, action: 'unchanged', overwrite: false, reason: '' };
    const stored = storedOf(observed, dashboard.uid);
    const versions = {
      version: stored.version,
      ...(hit.resource
        ? {
            resourceVersion: hit.resource.resourceVersion,
            generation: hit.resource.generation,
            stored: {
              specSha256: contentSha256(hit.resource.spec),
              ...(hit.folderUid ? { folderUid: hit.folderUid } : {}),
            },
          }
        : {}),
    };
    if (!isManagedHit(hit)) {
      return force
        ? {
            ...base,
            action: 'update',
            overwrite: true,
            ...versions,
            reason: 'takes over a dashboard plotwatch did not publish (--force)',
          }
        : {
            ...base,
            action: 'drift',
            overwrite: false,
            reason: 'a dashboard with this uid exists that plotwatch did not publish; --force takes it over',
          };
    }
    const what = [
      ...(asPublished ? [] : sourceDifference(hit, stored, dashboard.sha256)),
      ...(moved ? [`folder ${hit.folderUid ?? '(root)'} -> ${dashboard.folderUid}`] : []),
    ].join(', ');
    if (stored.editedSincePublish && !force)
      return {
        ...base,
        action: 'drift',
        overwrite: false,
        reason: `edited in Grafana since plotwatch published it (${changeCount(hit, stored)}); not overwritten without --force${what ? ` (${what})` : ''}`,
      };
    return {
      ...base,
      action: 'update',
      overwrite: force,
      ...versions,
      reason: stored.editedSincePublish ? `${what}; overwrites a hand edit (--force)` : what,
    };
  });

  const wanted = new Set(desired.dashboards.map((d) => d.uid));
  const orphans = [...observed.dashboards.values()].filter((h) => isManagedHit(h) && !wanted.has(h.uid));
  if (!prune)
    return {
      changes,
      notes: orphans.length
        ? [
            `${orphans.length} managed dashboard(s) no longer in out/ (${orphans
              .slice(0, 3)
              .map((o) => o.uid)
              .join(', ')}${orphans.length > 3 ? ', ...' : ''}): --prune deletes them`,
          ]
        : [],
    };
  for (const orphan of orphans) {
    const stored = storedOf(observed, orphan.uid);
    const base = {
      kind: 'dashboard' as const,
      key: orphan.uid,
      overwrite: false,
      ...(stored.resourceVersion ? { resourceVersion: stored.resourceVersion } : {}),
    };
    changes.push(
      stored.editedSincePublish && !force
        ? {
            ...base,
            action: 'drift',
            reason: `no longer in out/, but edited in Grafana since plotwatch published it (${changeCount(orphan, stored)}); not deleted without --force`,
          }
        : { ...base, action: 'delete', reason: 'no longer in out/' },
    );
  }
  return { changes, notes: [] };
}

/** Where the dashboard's own count of changes stands, against what plotwatch's last write left. */
function changeCount(hit: ObservedDashboard, stored: StoredDashboard): string {
  return hit.resource
    ? `generation ${stored.version}, plotwatch left it at ${hit.resource.publishedGeneration ?? '(none recorded)'}`
    : `now version ${stored.version}`;
}

/**
 * Why a managed dashboard that search does not show as published is written, as far as we know:
 * out/ changed (its stamp records another file), or it carries an earlier plotwatch's tags.
 */
function sourceDifference(hit: ObservedDashboard, stored: StoredDashboard, sha256: string): string[] {
  if (!hit.resource && stampedByEarlierPlotwatch(hit.tags, sha256))
    return ['stamped by an earlier plotwatch: re-stamped'];
  if (stored.publishedFrom === sha256) return stored.editedSincePublish ? [] : ['title or tags differ'];
  return ['out/ changed'];
}

function storedOf(observed: ObservedState, uid: string) {
  const stored = observed.stored.get(uid);
  if (!stored)
    throw new Error(`plan: dashboard ${uid} needs its stored JSON, which was not observed (see dashboardsToInspect)`);
  return stored;
}

/**
 * Folders out/ no longer has that can go with --prune: each holds, in its whole subtree, nothing
 * but managed dashboards being deleted now, and at least one. A folder someone made by hand, or
 * one still holding another dashboard, is left alone. Returns each such folder with its topmost
 * pruned ancestor: deleting that one deletes the subtree, dashboards included, in one request.
 */
function planFolderPrune(
  desired: DesiredState,
  observed: ObservedState,
  dashboardChanges: readonly Change[],
): { deleted: Map<string, string>; kept: string[] } {
  const wanted = new Set(desired.folders.map((f) => f.uid));
  const deleting = new Set(dashboardChanges.filter((c) => c.action === 'delete').map((c) => c.key));
  const children = new Map<string, string[]>();
  for (const f of observed.folders.values())
    if (f.parentUid) children.set(f.parentUid, [...(children.get(f.parentUid) ?? []), f.uid]);
  const contents = new Map<string, string[]>();
  for (const d of observed.dashboards.values())
    if (d.folderUid) contents.set(d.folderUid, [...(contents.get(d.folderUid) ?? []), d.uid]);

  interface Verdict {
    prunable: boolean;
    holdsPruned: boolean;
    /** Dashboards and subfolders in its subtree that plotwatch sees. */
    dashboards: number;
    folders: number;
  }
  const verdicts = new Map<string, Verdict>();
  const judge = (uid: string): Verdict => {
    const known = verdicts.get(uid);
    if (known) return known;
    const own = contents.get(uid) ?? [];
    const kids = (children.get(uid) ?? []).map(judge);
    const dashboards = own.length + kids.reduce((n, k) => n + k.dashboards, 0);
    const folders = kids.length + kids.reduce((n, k) => n + k.folders, 0);
    const verdict = {
      prunable:
        !wanted.has(uid) &&
        own.every((d) => deleting.has(d)) &&
        kids.every((k) => k.prunable) &&
        (observed.api !== 'resources' || holdsOnly(observed.folders.get(uid)?.holds, dashboards, folders)),
      holdsPruned: own.length > 0 || kids.some((k) => k.holdsPruned),
      dashboards,
      folders,
    };
    verdicts.set(uid, verdict);
    return verdict;
  };
  // A pruned folder takes its whole subtree along (every folder in it is prunable, or it would not be).
  const pruned = (uid: string | undefined) => uid !== undefined && judge(uid).prunable && judge(uid).holdsPruned;
  const roots = [...observed.folders.keys()].filter(
    (uid) => pruned(uid) && !pruned(observed.folders.get(uid)?.parentUid),
  );
  const deleted = new Map<string, string>();
  const take = (uid: string, root: string) => {
    deleted.set(uid, root);
    for (const child of children.get(uid) ?? []) take(child, root);
  };
  for (const root of roots) take(root, root);
  // Through the resource API every managed folder is ours: say why one out/ dropped stays.
  const kept =
    observed.api === 'resources'
      ? [...observed.folders.keys()].filter((uid) => !wanted.has(uid) && !deleted.has(uid) && judge(uid).holdsPruned)
      : [];
  return { deleted, kept };
}

/**
 * Through the resource API plotwatch lists only what it manages, so a folder it would prune may
 * hold what it cannot see: Grafana's counts of the folder's subtree must be exactly the managed
 * dashboards and subfolders plotwatch sees there, and nothing else (alert rules, library panels).
 * Unknown counts: not pruned.
 */
function holdsOnly(holds: Readonly<Record<string, number>> | undefined, dashboards: number, folders: number): boolean {
  if (!holds) return false;
  return Object.entries(holds).every(([resource, count]) =>
    resource === 'dashboards' ? count <= dashboards : resource === 'folders' ? count <= folders : count === 0,
  );
}

/**
 * Alerting resources are compared by content: Grafana keeps no tags on them, and it locks what the
 * provisioning API wrote against edits in its UI. Secrets come back redacted, so a rotated secret
 * file shows no difference: --force re-sends every contact point that reads one.
 */
function planAlerting(desired: DesiredState, observed: ObservedState, { force, prune }: PlanOptions): Change[] {
  const wanted = desired.alerting;
  const current = observed.alerting;
  if (!wanted || !current) return [];
  const compare = <T extends object>(want: T, have: T | undefined): { action: Action; reason: string } =>
    !have
      ? { action: 'create', reason: 'new' }
      : contains(have, want)
        ? { action: 'unchanged', reason: '' }
        : { action: 'update', reason: 'differs from out/' };
  const readsSecrets = (c: EmbeddedContactPoint) =>
    Object.values(c.settings).some((v) => typeof v === 'string' && FILE_REFERENCE.test(v));
  const contactPoint = (c: EmbeddedContactPoint, have: EmbeddedContactPoint | undefined) => {
    const compared = compare(c, have);
    return force && compared.action === 'unchanged' && readsSecrets(c)
      ? { action: 'update' as const, reason: 're-sends its secret files (--force)' }
      : compared;
  };
  return [
    ...wanted.muteTimings.map((m): Change => ({
      kind: 'mute-timing',
      key: m.name ?? '',
      muteTiming: m,
      ...compare(
        m,
        current.muteTimings.find((x) => x.name === m.name),
      ),
    })),
    ...wanted.contactPoints.map((c): Change => ({
      kind: 'contact-point',
      key: c.uid ?? c.name ?? '',
      contactPoint: c,
      ...contactPoint(
        c,
        current.contactPoints.find((x) => (c.uid ? x.uid === c.uid : x.name === c.name)),
      ),
    })),
    ...(wanted.routingTrees?.length && current.routingTrees
      ? planRoutingTrees(wanted.routingTrees, current.routingTrees, prune, compare)
      : wanted.policy
        ? [
            {
              kind: 'notification-policy',
              key: 'root',
              policy: wanted.policy,
              ...compare(wanted.policy, current.policy),
            } as Change,
          ]
        : []),
    ...wanted.ruleGroups.map((g): Change => ({
      kind: 'rule-group',
      key: ruleGroupKey(g),
      group: g,
      ...compare(g, current.ruleGroups.get(ruleGroupKey(g))),
    })),
  ];
}

/**
 * Named trees, where Grafana has them: each compared on its own, so a change to one tenant's
 * tree writes that tree and no other. Prune deletes only trees named with plotwatch's prefix
 * (`plotwatch-`), never Grafana's default tree or another team's.
 */
function planRoutingTrees(
  wanted: readonly DesiredRoutingTree[],
  current: ReadonlyMap<string, ObservedRoutingTree>,
  prune: boolean,
  compare: (want: Json, have: Json | undefined) => { action: Action; reason: string },
): Change[] {
  const names = new Set(wanted.map((t) => t.name));
  const changes = wanted.map((tree): Change => {
    const have = current.get(tree.name);
    return {
      kind: 'routing-tree',
      key: tree.name,
      tree,
      ...(have?.resourceVersion ? { resourceVersion: have.resourceVersion } : {}),
      ...compare(tree.resource.spec, have?.spec),
    };
  });
  if (!prune) return changes;
  for (const tree of current.values())
    if (tree.name.startsWith(ROUTING_TREE_PREFIX) && !names.has(tree.name))
      changes.push({
        kind: 'routing-tree',
        key: tree.name,
        action: 'delete',
        ...(tree.resourceVersion ? { resourceVersion: tree.resourceVersion } : {}),
        reason: 'no longer in out/',
      });
  return changes;
}

/**
 * A Grafana-side file reference (`$__file{path}`): the publisher sends the file's content; Grafana shows it redacted.
 */
export const FILE_REFERENCE = /^\$__file\{(.+)\}$/;

/**
 * Whether `observed` holds everything `desired` says (Grafana adds ids, provenance and defaults).
 * Secrets are sent resolved and come back redacted, so a file reference matches any value.
 */
export function contains(observed: unknown, desired: unknown): boolean {
  if (typeof desired === 'string' && FILE_REFERENCE.test(desired)) return observed !== undefined;
  if (Array.isArray(desired))
    return (
      Array.isArray(observed) && observed.length === desired.length && desired.every((d, i) => contains(observed[i], d))
    );
  if (desired && typeof desired === 'object') {
    if (!observed || typeof observed !== 'object') return false;
    return Object.entries(desired).every(
      ([k, v]) => v === undefined || contains((observed as Record<string, unknown>)[k], v),
    );
  }
  return observed === desired;
}
