import type { Folder as FolderDefinition } from '@plotwatch/grafana';
import {
  deleteDashboardResource,
  deleteFolderResource,
  saveDashboardResource,
  saveFolderResource,
  saveRoutingTree,
  type ResourceTarget,
} from './apply-resources.ts';
import { isConflict, type GrafanaClient } from './grafana-client.ts';
import type { DashboardACLUpdateItem, EmbeddedContactPoint, Json } from './grafana-types.ts';
import { GrafanaAuthError } from './http.ts';
import { FILE_REFERENCE, isPending, wantedLevels, type Change, type Plan } from './plan.ts';
import { editedSincePublish, stampedDashboard, stampOf } from './stamp.ts';

export interface ApplyOptions {
  readonly concurrency: number;
  /** Aborted on the deadline; `applyPlan` aborts it itself on a 401/403, so nothing else is sent. */
  readonly stop: AbortController;
  /** An out/ dashboard by its path relative to out/. */
  readonly readDashboard: (path: string) => Promise<Json>;
  /** The content of a file a contact point refers to as `$__file{path}` (a secret: never shown). */
  readonly readReferencedFile: (path: string) => Promise<string>;
  readonly onResult?: (result: ChangeResult) => void;
  /** Set when publishing through the resource API: dashboards, folders and routing trees go there. */
  readonly resources?: ResourceTarget;
}

export type Outcome = 'done' | 'failed' | 'skipped';

export interface ChangeResult {
  readonly change: Change;
  readonly outcome: Outcome;
  /** What was done, or why it failed or was not attempted. */
  readonly detail: string;
}

export interface ApplyReport {
  readonly results: readonly ChangeResult[];
  /** Why everything stopped (401/403, the deadline), when it did. */
  readonly stopped?: string;
}

/**
 * Applies the pending changes, each as soon as what it needs is done (a folder after its parent,
 * permissions after their folder and teams, a dashboard or rule group after its folder, the policy
 * tree after the contact points and mute timings), at most `concurrency` at once. A change whose
 * dependency failed is skipped, naming it; everything else goes on, so one failure costs one
 * resource and a re-run converges. Drift is never applied: it is reported.
 */
export async function applyPlan(client: GrafanaClient, plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  const pending = plan.changes.filter((c) => isPending(c) && c.action !== 'drift');
  const teamIds = new Map(
    plan.changes.flatMap((c) => (c.kind === 'team' && c.id !== undefined ? [[c.key, c.id] as const] : [])),
  );
  const results = new Map<Change, ChangeResult>();
  const { needs, dependents } = dependencyGraph(pending);

  // Dashboards and subfolders of a deleted folder go with it: they share its result.
  const ready = pending.filter((c) => !deletedWith(c) && needs.get(c) === 0);
  const finish = (result: ChangeResult) => {
    if (results.has(result.change)) return;
    results.set(result.change, result);
    options.onResult?.(result);
    for (const next of dependents.get(idOf(result.change)) ?? []) {
      if (result.outcome !== 'done') {
        finish({
          change: next,
          outcome: 'skipped',
          detail: `not attempted: ${result.change.kind} ${result.change.key} failed`,
        });
        continue;
      }
      const waiting = needs.get(next)! - 1;
      needs.set(next, waiting);
      if (waiting === 0) ready.push(next);
    }
  };

  await new Promise<void>((resolve) => {
    let running = 0;
    const pump = () => {
      while (running < options.concurrency && ready.length) {
        const change = ready.shift()!;
        if (options.stop.signal.aborted) {
          finish({ change, outcome: 'skipped', detail: `not attempted: ${reasonOf(options.stop.signal)}` });
          continue;
        }
        running += 1;
        void attempt(change, { client, options, teamIds }).then((result) => {
          running -= 1;
          finish(result);
          pump();
        });
      }
      if (running === 0 && ready.length === 0) resolve();
    };
    pump();
  });

  for (const change of pending.filter((c) => deletedWith(c))) {
    const folder = [...results.values()].find(
      (r) => r.change.kind === 'folder' && r.change.key === deletedWith(change),
    );
    finish({
      change,
      outcome: folder?.outcome ?? 'skipped',
      detail: folder?.outcome === 'done' ? `deleted with folder ${folder.change.key}` : 'its folder was not deleted',
    });
  }
  return {
    results: pending.map((c) => results.get(c)!),
    ...(options.stop.signal.aborted ? { stopped: reasonOf(options.stop.signal) } : {}),
  };
}

async function attempt(change: Change, context: Context): Promise<ChangeResult> {
  const { stop } = context.options;
  try {
    return { change, outcome: 'done', detail: await execute(change, context) };
  } catch (error) {
    if (stop.signal.aborted && error === stop.signal.reason)
      return { change, outcome: 'skipped', detail: `stopped: ${reasonOf(stop.signal)}` };
    // A token that is refused once is refused everywhere: stop instead of failing every request.
    if (error instanceof GrafanaAuthError) stop.abort(error);
    return { change, outcome: 'failed', detail: (error as Error).message };
  }
}

function idOf(change: Change): string {
  return `${change.kind}:${change.key}`;
}

function deletedWith(change: Change): string | undefined {
  return change.kind === 'folder' || change.kind === 'dashboard' ? change.deletedWith : undefined;
}

/** For each change, how many other pending changes it waits for; for each change id, who waits for it. */
function dependencyGraph(pending: readonly Change[]): {
  needs: Map<Change, number>;
  dependents: Map<string, Change[]>;
} {
  const ids = new Set(pending.map(idOf));
  const needs = new Map<Change, number>();
  const dependents = new Map<string, Change[]>();
  for (const change of pending) {
    const wanted = dependencies(change).flatMap((d) =>
      d.endsWith(':*') ? [...ids].filter((id) => id.startsWith(d.slice(0, -1))) : ids.has(d) ? [d] : [],
    );
    needs.set(change, wanted.length);
    for (const id of wanted) dependents.set(id, [...(dependents.get(id) ?? []), change]);
  }
  return { needs, dependents };
}

/** What a change needs done first, as `kind:key` (`kind:*`: every change of that kind). */
function dependencies(change: Change): string[] {
  switch (change.kind) {
    case 'folder':
      if (change.action === 'delete') return [...(change.after ?? [])];
      return change.folder?.parentUid ? [`folder:${change.folder.parentUid}`] : [];
    case 'folder-permissions':
      return [`folder:${change.key}`, ...change.folder.permissions.map((p) => `team:${p.team}`)];
    case 'dashboard':
      return change.dashboard ? [`folder:${change.dashboard.folderUid}`] : [];
    case 'rule-group':
      return [`folder:${change.group.folderUid ?? ''}`];
    case 'notification-policy':
    case 'routing-tree':
      // A tree names contact points and mute timings: Grafana refuses it while one is missing.
      return change.kind === 'routing-tree' && change.action === 'delete' ? [] : ['contact-point:*', 'mute-timing:*'];
    default:
      return [];
  }
}

interface Context {
  readonly client: GrafanaClient;
  readonly options: ApplyOptions;
  readonly teamIds: Map<string, number>;
}

/**
 * Does one change; returns what was done. A conflict is resolved by reading back: if Grafana
 * already holds what we wanted (an earlier attempt got through), that is success.
 */
async function execute(change: Change, { client, options, teamIds }: Context): Promise<string> {
  switch (change.kind) {
    case 'team': {
      const id = await client.createTeam(change.key).catch(async (e: unknown) => {
        if (!isConflict(e)) throw e;
        const existing = (await client.searchTeams(change.key)).find((t) => t.name === change.key)?.id;
        if (existing === undefined) throw e;
        return existing;
      });
      teamIds.set(change.key, id);
      return `team id ${id}`;
    }
    case 'folder':
      if (options.resources)
        return change.action === 'delete'
          ? deleteFolderResource(options.resources, change)
          : saveFolderResource(options.resources, change);
      if (change.action !== 'delete') return saveFolder(client, change.folder!);
      await client.deleteFolder(change.key);
      return 'deleted, with everything in it';
    case 'folder-permissions': {
      const items: DashboardACLUpdateItem[] = [];
      for (const [team, permission] of wantedLevels(change.folder))
        items.push({ teamId: await teamId(client, teamIds, team), permission });
      await client.setFolderPermissions(change.key, items);
      return `${items.length} team permissions`;
    }
    case 'dashboard':
      if (options.resources)
        return change.action === 'delete'
          ? deleteDashboardResource(options.resources, change)
          : saveDashboardResource(options.resources, change, await options.readDashboard(change.dashboard!.path));
      if (change.action !== 'delete') return saveDashboard(client, change, options);
      await client.deleteDashboard(change.key);
      return 'deleted';
    case 'mute-timing':
      return upsert(change.action, {
        create: () => client.createMuteTiming(change.muteTiming),
        update: () => client.updateMuteTiming(change.key, change.muteTiming),
        exists: async () => (await client.listMuteTimings()).some((m) => m.name === change.key),
      });
    case 'contact-point': {
      const resolved = await withReferencedFiles(change.contactPoint, options.readReferencedFile);
      return upsert(change.action, {
        create: () => client.createContactPoint(resolved),
        update: () => client.updateContactPoint(change.key, resolved),
        exists: async () => (await client.listContactPoints()).some((c) => c.uid === change.key),
      });
    }
    case 'notification-policy':
      await client.setPolicyTree(change.policy);
      return 'policy tree replaced';
    case 'routing-tree':
      if (!options.resources?.apis.routingTrees)
        throw new Error(`routing tree ${change.key}: Grafana's routing-trees API was not found`);
      return saveRoutingTree(options.resources, change);
    case 'rule-group':
      await client.setRuleGroup(change.group.folderUid ?? '', change.group);
      return `${change.group.rules?.length ?? 0} rules`;
  }
}

async function saveFolder(client: GrafanaClient, folder: FolderDefinition): Promise<string> {
  try {
    await client.createFolder({
      uid: folder.uid,
      title: folder.title,
      ...(folder.parentUid ? { parentUid: folder.parentUid } : {}),
    });
    return 'created';
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  // It exists (the plan saw it, or an earlier attempt made it): bring title and parent in line.
  const current = await client.getFolder(folder.uid);
  if (!current)
    throw new Error(
      `folder ${folder.uid}: Grafana reports a conflict but has no folder with this uid (is the title taken in its parent?)`,
    );
  const done: string[] = [];
  if (current.title !== folder.title) {
    await client.renameFolder(folder.uid, folder.title);
    done.push('renamed');
  }
  if ((current.parentUid ?? '') !== (folder.parentUid ?? '')) {
    await client.moveFolder(folder.uid, folder.parentUid);
    done.push('moved');
  }
  return done.join(', ') || 'already as wanted';
}

async function saveDashboard(
  client: GrafanaClient,
  change: Extract<Change, { kind: 'dashboard' }>,
  options: ApplyOptions,
): Promise<string> {
  const desired = change.dashboard!;
  const body = stampedDashboard(await options.readDashboard(desired.path), desired.sha256);
  const dashboard = change.version === undefined ? body : { ...body, version: change.version };
  try {
    const saved = await client.saveDashboard({
      dashboard,
      folderUid: desired.folderUid,
      overwrite: change.overwrite,
      message: `plotwatch publish (${desired.sha256.slice(0, 12)})`,
    });
    return `version ${saved.version}`;
  } catch (error) {
    if (!isConflict(error)) throw error;
    const stored = await client.getDashboard(desired.uid);
    if (!stored?.dashboard) throw error;
    const same =
      !editedSincePublish(stored.dashboard) &&
      stampOf(stored.dashboard)?.contentSha256 === stampOf(body)?.contentSha256 &&
      stored.meta?.folderUid === desired.folderUid;
    if (same) return `version ${stored.meta?.version ?? '?'} (already saved by an earlier attempt)`;
    throw new Error(
      `conflict: dashboard ${desired.uid} was changed in Grafana since the plan was made (${(error as Error).message}): not overwritten; run again to plan anew`,
      { cause: error },
    );
  }
}

/** Create, or, when creating fails because it exists after all (an earlier attempt got through), update. */
async function upsert(
  action: Change['action'],
  calls: { create: () => Promise<void>; update: () => Promise<void>; exists: () => Promise<boolean> },
): Promise<string> {
  if (action !== 'create') {
    await calls.update();
    return 'updated';
  }
  try {
    await calls.create();
    return 'created';
  } catch (error) {
    if (error instanceof GrafanaAuthError || !(await calls.exists())) throw error;
    await calls.update();
    return 'updated (it existed already)';
  }
}

async function teamId(client: GrafanaClient, known: Map<string, number>, team: string): Promise<number> {
  const id = known.get(team);
  if (id !== undefined) return id;
  const found = (await client.searchTeams(team)).find((t) => t.name === team)?.id;
  if (found === undefined) throw new Error(`team "${team}" does not exist in Grafana`);
  known.set(team, found);
  return found;
}

/** The contact point with each `$__file{path}` setting replaced by the file's content. */
async function withReferencedFiles(
  contactPoint: EmbeddedContactPoint,
  read: (path: string) => Promise<string>,
): Promise<EmbeddedContactPoint> {
  const settings: Json = {};
  for (const [key, value] of Object.entries(contactPoint.settings)) {
    const reference = typeof value === 'string' ? FILE_REFERENCE.exec(value) : null;
    settings[key] = reference ? (await read(reference[1]!)).trim() : value;
  }
  return { ...contactPoint, settings };
}

function reasonOf(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
}
