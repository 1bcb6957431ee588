import {
  CALLER_USER_ID,
  DEFAULT_RECEIVER,
  goJson,
  type AclEntry,
  type GrafanaState,
  type Json,
  type StoredDashboard,
  type StoredFolder,
} from './state.ts';

export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  // The validator has checked the body against the spec before a handler sees it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Extra response headers (the resource API's `Warning`). */
  readonly headers?: Readonly<Record<string, string>>;
}

type Handler = (state: GrafanaState, request: ApiRequest) => Reply;

const UID = /^[a-zA-Z0-9\-_]*$/;
const MAX_UID = 40;
/** Grafana keeps tags in dashboard_tag.term, a varchar(50). */
const MAX_TAG = 50;
const SEARCH_DEFAULT_LIMIT = 1000;
const SEARCH_MAX_LIMIT = 5000;
const PERMISSION_NAMES: Readonly<Record<number, string>> = { 1: 'View', 2: 'Edit', 4: 'Admin' };
/** Settings Grafana stores encrypted and returns redacted, per integration type (those the tests use). */
const SECURE_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  slack: ['url', 'token'],
  pagerduty: ['integrationKey'],
  webhook: ['password', 'authorization_credentials'],
  opsgenie: ['apiKey'],
  teams: ['url'],
};
const REQUIRED_SETTINGS: Readonly<Record<string, readonly string[][]>> = {
  slack: [['url', 'token']],
  pagerduty: [['integrationKey']],
  webhook: [['url']],
  email: [['addresses']],
};

const ok = (body: unknown): Reply => ({ status: 200, body });
const fail = (status: number, message: string, extra: Json = {}): Reply => ({ status, body: { message, ...extra } });

/**
 * The operations the publisher uses, keyed `METHOD <spec path>`, with the Grafana semantics it
 * relies on: uids and versions (412 on a stale version unless `overwrite`), folder parents and
 * cascading deletes, default and inherited folder permissions, unique team names, 404s.
 */
export const ROUTES: Readonly<Record<string, Handler>> = {
  'GET /search': search,
  'POST /dashboards/db': saveDashboard,
  'GET /dashboards/uid/{uid}': (state, { params }) => {
    const d = state.dashboards.get(params.uid!);
    if (!d) return fail(404, 'Dashboard not found');
    // Grafana 12/13 refuse to show a schema v2 dashboard as classic JSON, and name the resource to read instead.
    if (d.v2)
      return fail(
        406,
        `dashboard api version not supported, use /apis/dashboard.grafana.app/v2/namespaces/default/dashboards/${d.uid} instead`,
      );
    return ok({ dashboard: d.json, meta: dashboardMeta(state, d) });
  },
  'DELETE /dashboards/uid/{uid}': (state, { params }) => {
    const d = state.dashboards.get(params.uid!);
    if (!d) return fail(404, 'Dashboard not found');
    state.dashboards.delete(d.uid);
    return ok({ id: d.id, title: String(d.json.title), message: `Dashboard ${String(d.json.title)} deleted` });
  },

  'POST /folders': createFolder,
  'GET /folders/{folder_uid}': (state, { params }) => {
    const f = state.folders.get(params.folder_uid!);
    return f ? ok(folderDto(state, f)) : fail(404, 'folder not found');
  },
  'PUT /folders/{folder_uid}': updateFolder,
  'POST /folders/{folder_uid}/move': moveFolder,
  'DELETE /folders/{folder_uid}': deleteFolder,
  'GET /folders/{folder_uid}/permissions': folderPermissions,
  'POST /folders/{folder_uid}/permissions': setFolderPermissions,

  'POST /teams': (state, { body }) => {
    const name = String(body.name ?? '').trim();
    if (!name) return fail(400, 'team name is required');
    if (state.teamByName(name)) return fail(409, 'Team name taken');
    const id = state.nextId();
    state.teams.set(id, { id, uid: `team-${id}`, name, email: String(body.email ?? '') });
    return ok({ message: 'Team created', teamId: id });
  },
  'GET /teams/search': (state, { query }) => {
    const name = query.get('name');
    const text = query.get('query')?.toLowerCase();
    const perPage = Number(query.get('perpage') ?? 1000);
    const page = Number(query.get('page') ?? 1);
    const matching = [...state.teams.values()]
      .filter(
        (t) =>
          (name ? t.name.toLowerCase() === name.toLowerCase() : true) &&
          (text ? t.name.toLowerCase().includes(text) : true),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const teams = matching.slice((page - 1) * perPage, page * perPage).map((t) => ({
      id: t.id,
      uid: t.uid,
      orgId: 1,
      name: t.name,
      email: t.email,
      avatarUrl: '',
      memberCount: 0,
      permission: 0,
    }));
    return ok({ totalCount: matching.length, teams, page, perPage });
  },

  'GET /api/v1/provisioning/contact-points': (state, { query }) => {
    const name = query.get('name');
    return ok([...state.contactPoints.values()].filter((c) => !name || c.name === name).map(redacted));
  },
  'POST /api/v1/provisioning/contact-points': (state, { body }) => {
    const problem = contactPointProblem(body);
    if (problem) return fail(400, problem);
    const uid = String(body.uid ?? `cp-${state.nextId()}`);
    if (state.contactPoints.has(uid)) return fail(400, `contact point with uid ${uid} already exists`);
    const stored = goJson({ ...body, uid, provenance: 'api' });
    state.contactPoints.set(uid, stored);
    return { status: 202, body: redacted(stored) };
  },
  'PUT /api/v1/provisioning/contact-points/{UID}': (state, { params, body }) => {
    if (!state.contactPoints.has(params.UID!)) return fail(404, `contact point ${params.UID} not found`);
    const problem = contactPointProblem(body);
    if (problem) return fail(400, problem);
    state.contactPoints.set(params.UID!, goJson({ ...body, uid: params.UID, provenance: 'api' }));
    return { status: 202, body: {} };
  },
  'GET /api/v1/provisioning/mute-timings': (state) => ok([...state.muteTimings.values()]),
  'POST /api/v1/provisioning/mute-timings': (state, { body }) => {
    if (!body.name) return fail(400, 'mute timing name is required');
    if (state.muteTimings.has(body.name)) return fail(409, `mute timing ${body.name} already exists`);
    state.muteTimings.set(body.name, goJson({ ...body, provenance: 'api' }));
    return { status: 201, body: state.muteTimings.get(body.name) };
  },
  'PUT /api/v1/provisioning/mute-timings/{name}': (state, { params, body }) => {
    if (!state.muteTimings.has(params.name!)) return fail(404, `mute timing ${params.name} not found`);
    state.muteTimings.set(params.name!, goJson({ ...body, name: params.name, provenance: 'api' }));
    return ok(state.muteTimings.get(params.name!));
  },
  'GET /api/v1/provisioning/policies': (state) => ok(state.policy),
  'PUT /api/v1/provisioning/policies': (state, { body }) => {
    const receivers = new Set([DEFAULT_RECEIVER, ...[...state.contactPoints.values()].map((c) => String(c.name))]);
    const problems = [...new Set(policyProblems(body, receivers, new Set(state.muteTimings.keys())))];
    if (problems.length)
      return fail(
        400,
        `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`,
      );
    state.policy = goJson({ ...body, provenance: 'api' });
    // The same tree is the routing-trees API's `user-defined` tree.
    state.touch(state.userDefinedTree);
    return { status: 202, body: {} };
  },
  'GET /api/v1/provisioning/folder/{FolderUID}/rule-groups/{Group}': (state, { params }) => {
    const group = state.ruleGroups.get(`${params.FolderUID}/${params.Group}`);
    return group ? ok(group) : fail(404, 'rule group not found');
  },
  'PUT /api/v1/provisioning/folder/{FolderUID}/rule-groups/{Group}': putRuleGroup,
};

function search(state: GrafanaState, { query }: ApiRequest): Reply {
  const type = query.get('type');
  const tags = query.getAll('tag');
  const text = query.get('query')?.toLowerCase();
  const uids = query.getAll('dashboardUIDs');
  const inFolders = query.getAll('folderUIDs');
  const limit = Math.min(Number(query.get('limit') ?? SEARCH_DEFAULT_LIMIT), SEARCH_MAX_LIMIT);
  const page = Number(query.get('page') ?? 1);
  const inFolder = (parent: string | undefined) => !inFolders.length || inFolders.includes(parent ?? '');
  const folderRef = (uid: string | undefined) => {
    const f = uid ? state.folders.get(uid) : undefined;
    return f ? { folderId: f.id, folderUid: f.uid, folderTitle: f.title, folderUrl: `/dashboards/f/${f.uid}/` } : {};
  };
  const folders =
    type === 'dash-db' || tags.length || uids.length
      ? []
      : [...state.folders.values()]
          .filter((f) => (!text || f.title.toLowerCase().includes(text)) && inFolder(f.parentUid))
          .map((f) => ({
            id: f.id,
            uid: f.uid,
            title: f.title,
            uri: `db/${slug(f.title)}`,
            url: `/dashboards/f/${f.uid}/`,
            slug: '',
            type: 'dash-folder',
            tags: [],
            isStarred: false,
            ...folderRef(f.parentUid),
          }));
  const dashboards =
    type === 'dash-folder'
      ? []
      : [...state.dashboards.values()]
          .filter((d) => {
            const title = String(d.json.title ?? '');
            const dTags = (d.json.tags as string[] | undefined) ?? [];
            return (
              tags.every((t) => dTags.includes(t)) &&
              (!text || title.toLowerCase().includes(text)) &&
              (!uids.length || uids.includes(d.uid)) &&
              inFolder(d.folderUid)
            );
          })
          .map((d) => ({
            id: d.id,
            uid: d.uid,
            title: String(d.json.title),
            uri: `db/${slug(String(d.json.title))}`,
            url: `/d/${d.uid}/${slug(String(d.json.title))}`,
            slug: '',
            type: 'dash-db',
            tags: (d.json.tags as string[] | undefined) ?? [],
            isStarred: false,
            ...folderRef(d.folderUid),
          }));
  const hits = [...folders, ...dashboards].sort((a, b) => a.title.localeCompare(b.title) || a.uid.localeCompare(b.uid));
  return ok(hits.slice((page - 1) * limit, page * limit));
}

function saveDashboard(state: GrafanaState, { body }: ApiRequest): Reply {
  const dashboard = body.dashboard as Json;
  const title = typeof dashboard.title === 'string' ? dashboard.title.trim() : '';
  if (!title) return fail(400, 'Dashboard title cannot be empty');
  const uid = typeof dashboard.uid === 'string' && dashboard.uid ? dashboard.uid : `gen${state.nextId()}`;
  if (uid.length > MAX_UID) return fail(400, `uid too long, max ${MAX_UID} characters`);
  if (!UID.test(uid)) return fail(400, 'uid contains illegal characters');
  const longTag = ((dashboard.tags as unknown[] | undefined) ?? []).find(
    (t) => typeof t !== 'string' || t.length > MAX_TAG,
  );
  if (longTag !== undefined)
    return fail(400, `tag "${String(longTag)}" is not a string of at most ${MAX_TAG} characters`);
  const folderUid = body.folderUid || undefined;
  if (folderUid && !state.folders.has(folderUid)) return fail(400, 'folder not found');

  const existing = state.dashboards.get(uid);
  const overwrite = body.overwrite === true;
  if (existing && Number(dashboard.version ?? 0) !== existing.version && !overwrite) {
    return fail(412, 'The dashboard has been changed by someone else', { status: 'version-mismatch' });
  }
  const sameTitle = [...state.dashboards.values()].find(
    (d) => d.uid !== uid && d.folderUid === folderUid && String(d.json.title).toLowerCase() === title.toLowerCase(),
  );
  if (sameTitle && !overwrite)
    return fail(412, 'A dashboard with the same name in the folder already exists', { status: 'name-exists' });

  const now = state.now();
  const version = existing ? existing.version + 1 : 1;
  const id = existing?.id ?? state.nextId();
  const stored: StoredDashboard = {
    id,
    uid,
    version,
    folderUid,
    json: goJson({ ...dashboard, id, uid, version, title }),
    created: existing?.created ?? now,
    updated: now,
    ...(existing?.meta ? { meta: existing.meta } : {}),
  };
  state.touch(stored);
  state.dashboards.set(uid, stored);
  return ok({
    id,
    uid,
    url: `/d/${uid}/${slug(title)}`,
    status: 'success',
    version,
    slug: slug(title),
    title: slug(title),
    ...(folderUid ? { folderUid } : {}),
  });
}

function dashboardMeta(state: GrafanaState, d: StoredDashboard): Json {
  const folder = d.folderUid ? state.folders.get(d.folderUid) : undefined;
  return {
    slug: slug(String(d.json.title)),
    url: `/d/${d.uid}/${slug(String(d.json.title))}`,
    version: d.version,
    created: d.created,
    updated: d.updated,
    canSave: true,
    canEdit: true,
    canAdmin: true,
    canStar: true,
    canDelete: true,
    provisioned: false,
    isFolder: false,
    ...(folder
      ? {
          folderId: folder.id,
          folderUid: folder.uid,
          folderTitle: folder.title,
          folderUrl: `/dashboards/f/${folder.uid}/`,
        }
      : {}),
  };
}

function createFolder(state: GrafanaState, { body }: ApiRequest): Reply {
  const title = String(body.title ?? '').trim();
  if (!title) return fail(400, 'folder title cannot be empty');
  const uid = String(body.uid ?? `f${state.nextId()}`);
  if (uid.length > MAX_UID) return fail(400, `uid too long, max ${MAX_UID} characters`);
  if (!UID.test(uid)) return fail(400, 'uid contains illegal characters');
  if (state.folders.has(uid)) return fail(409, 'a folder with the same uid already exists');
  const parentUid = body.parentUid || undefined;
  if (parentUid && !state.folders.has(parentUid)) return fail(404, 'parent folder not found');
  if (titleTaken(state, title, parentUid, uid))
    return fail(409, 'a folder with the same name already exists in the parent folder');
  const now = state.now();
  // Grafana's defaults for a new folder: its creator administers it, every Editor edits and every Viewer views it.
  const acl: AclEntry[] = [
    { userId: CALLER_USER_ID, permission: 4 },
    { role: 'Editor', permission: 2 },
    { role: 'Viewer', permission: 1 },
  ];
  const folder: StoredFolder = {
    id: state.nextId(),
    uid,
    title,
    version: 1,
    acl,
    created: now,
    updated: now,
    ...(parentUid ? { parentUid } : {}),
  };
  state.touch(folder);
  state.folders.set(uid, folder);
  return ok(folderDto(state, folder));
}

function updateFolder(state: GrafanaState, { params, body }: ApiRequest): Reply {
  const folder = state.folders.get(params.folder_uid!);
  if (!folder) return fail(404, 'folder not found');
  if (body.version !== undefined && body.version !== folder.version && body.overwrite !== true)
    return fail(409, 'the folder has been changed by someone else');
  const title = body.title === undefined ? folder.title : String(body.title).trim();
  if (!title) return fail(400, 'folder title cannot be empty');
  if (titleTaken(state, title, folder.parentUid, folder.uid))
    return fail(409, 'a folder with the same name already exists in the parent folder');
  folder.title = title;
  folder.version += 1;
  folder.updated = state.now();
  state.touch(folder);
  return ok(folderDto(state, folder));
}

function moveFolder(state: GrafanaState, { params, body }: ApiRequest): Reply {
  const folder = state.folders.get(params.folder_uid!);
  if (!folder) return fail(404, 'folder not found');
  const parentUid = body.parentUid || undefined;
  if (parentUid && !state.folders.has(parentUid)) return fail(404, 'parent folder not found');
  if (parentUid && state.subtree(folder.uid).some((f) => f.uid === parentUid))
    return fail(400, 'cannot move a folder into itself or one of its subfolders');
  if (titleTaken(state, folder.title, parentUid, folder.uid))
    return fail(409, 'a folder with the same name already exists in the parent folder');
  if (parentUid) folder.parentUid = parentUid;
  else delete folder.parentUid;
  folder.version += 1;
  state.touch(folder);
  return ok(folderDto(state, folder));
}

function deleteFolder(state: GrafanaState, { params, query }: ApiRequest): Reply {
  const folder = state.folders.get(params.folder_uid!);
  if (!folder) return fail(404, 'folder not found');
  const uids = new Set(state.subtree(folder.uid).map((f) => f.uid));
  const rules = [...state.ruleGroups.keys()].filter((key) => uids.has(key.split('/')[0]!));
  if (rules.length && query.get('forceDeleteRules') !== 'true')
    return fail(400, 'folder cannot be deleted: it contains alert rules');
  for (const key of rules) state.ruleGroups.delete(key);
  for (const d of [...state.dashboards.values()])
    if (d.folderUid && uids.has(d.folderUid)) state.dashboards.delete(d.uid);
  for (const uid of uids) state.folders.delete(uid);
  return ok({ id: folder.id, title: folder.title, message: `Folder ${folder.title} deleted` });
}

function folderPermissions(state: GrafanaState, { params }: ApiRequest): Reply {
  const folder = state.folders.get(params.folder_uid!);
  if (!folder) return fail(404, 'folder not found');
  const entry = (owner: StoredFolder, e: AclEntry, inherited: boolean) => {
    const team = e.teamId !== undefined ? state.teams.get(e.teamId) : undefined;
    return {
      folderUid: owner.uid,
      uid: owner.uid,
      title: owner.title,
      isFolder: true,
      inherited,
      permission: e.permission,
      permissionName: PERMISSION_NAMES[e.permission] ?? '',
      created: owner.created,
      updated: owner.updated,
      ...(team ? { teamId: team.id, team: team.name, teamEmail: team.email } : {}),
      ...(e.userId !== undefined ? { userId: e.userId, userLogin: 'admin' } : {}),
      ...(e.role ? { role: e.role } : {}),
    };
  };
  return ok([
    ...state.ancestors(folder.uid).flatMap((a) => a.acl.map((e) => entry(a, e, true))),
    ...folder.acl.map((e) => entry(folder, e, false)),
  ]);
}

function setFolderPermissions(state: GrafanaState, { params, body }: ApiRequest): Reply {
  const folder = state.folders.get(params.folder_uid!);
  if (!folder) return fail(404, 'folder not found');
  const acl: AclEntry[] = [];
  for (const item of (body.items ?? []) as Array<{
    teamId?: number;
    userId?: number;
    role?: string;
    permission?: number;
  }>) {
    const targets = [item.teamId, item.userId, item.role].filter((t) => t !== undefined && t !== 0 && t !== '');
    if (targets.length !== 1) return fail(400, 'each permission item needs exactly one of teamId, userId or role');
    if (!item.permission || !PERMISSION_NAMES[item.permission])
      return fail(400, `permission must be 1, 2 or 4, got ${item.permission}`);
    if (item.teamId !== undefined && !state.teams.has(item.teamId)) return fail(400, `team ${item.teamId} not found`);
    if (item.role === 'None') return fail(400, 'role None cannot be granted a permission');
    const duplicate = acl.some(
      (e) =>
        (item.teamId !== undefined && e.teamId === item.teamId) ||
        (item.userId !== undefined && e.userId === item.userId) ||
        (item.role !== undefined && e.role === item.role),
    );
    if (duplicate) return fail(400, 'a team, user or role appears twice in the permissions');
    acl.push({
      ...(item.teamId !== undefined ? { teamId: item.teamId } : {}),
      ...(item.userId !== undefined ? { userId: item.userId } : {}),
      ...(item.role ? { role: item.role as AclEntry['role'] } : {}),
      permission: item.permission,
    });
  }
  folder.acl = acl;
  return ok({ message: 'Folder permissions updated' });
}

function putRuleGroup(state: GrafanaState, { params, body }: ApiRequest): Reply {
  const folder = state.folders.get(params.FolderUID!);
  if (!folder) return fail(400, `folder ${params.FolderUID} not found`);
  const rules = (body.rules ?? []) as Json[];
  for (const rule of rules) {
    if (rule.folderUID !== folder.uid)
      return fail(
        400,
        `rule "${String(rule.title)}": folderUID ${String(rule.folderUID)} is not the group's folder ${folder.uid}`,
      );
    if (rule.ruleGroup !== params.Group)
      return fail(400, `rule "${String(rule.title)}": ruleGroup ${String(rule.ruleGroup)} is not ${params.Group}`);
    if (!(rule.data as Json[]).some((q) => q.refId === rule.condition))
      return fail(
        400,
        `rule "${String(rule.title)}": condition ${String(rule.condition)} is not the refId of one of its queries`,
      );
  }
  const stored = goJson({
    ...body,
    title: params.Group,
    folderUid: folder.uid,
    rules: rules.map((r) => ({
      ...r,
      uid: r.uid ?? `rule-${state.nextId()}`,
      id: state.nextId(),
      orgID: 1,
      updated: state.now(),
      provenance: 'api',
    })),
  });
  state.ruleGroups.set(`${folder.uid}/${params.Group}`, stored);
  return ok(stored);
}

function folderDto(state: GrafanaState, f: StoredFolder): Json {
  const parents = state
    .ancestors(f.uid)
    .reverse()
    .map((p) => ({ id: p.id, uid: p.uid, title: p.title, url: `/dashboards/f/${p.uid}/` }));
  return {
    id: f.id,
    uid: f.uid,
    title: f.title,
    url: `/dashboards/f/${f.uid}/`,
    version: f.version,
    created: f.created,
    updated: f.updated,
    canAdmin: true,
    canEdit: true,
    canSave: true,
    canDelete: true,
    hasAcl: false,
    ...(f.parentUid ? { parentUid: f.parentUid, parents } : {}),
  };
}

function titleTaken(state: GrafanaState, title: string, parentUid: string | undefined, uid: string): boolean {
  return [...state.folders.values()].some(
    (f) => f.uid !== uid && f.parentUid === parentUid && f.title.toLowerCase() === title.toLowerCase(),
  );
}

function contactPointProblem(body: Json): string | undefined {
  const settings = (body.settings ?? {}) as Json;
  const missing = (REQUIRED_SETTINGS[String(body.type)] ?? []).find(
    (anyOf) => !anyOf.some((key) => settings[key] !== undefined && settings[key] !== ''),
  );
  if (missing) return `${String(body.type)} contact point needs settings.${missing.join(' or settings.')}`;
  const unresolved = Object.entries(settings).find(([, v]) => typeof v === 'string' && v.startsWith('$__file{'));
  if (unresolved) return `settings.${unresolved[0]} is a file reference; the HTTP API takes the value itself`;
  return undefined;
}

function redacted(contactPoint: Json): Json {
  const settings = { ...(contactPoint.settings as Json) };
  for (const key of SECURE_SETTINGS[String(contactPoint.type)] ?? []) if (key in settings) settings[key] = '[REDACTED]';
  return { ...contactPoint, settings };
}

function policyProblems(route: Json, receivers: ReadonlySet<string>, muteTimings: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (route.receiver !== undefined && !receivers.has(String(route.receiver)))
    problems.push(`receiver "${String(route.receiver)}" does not exist`);
  for (const name of (route.mute_time_intervals ?? []) as string[])
    if (!muteTimings.has(name)) problems.push(`mute timing "${name}" does not exist`);
  for (const child of (route.routes ?? []) as Json[]) problems.push(...policyProblems(child, receivers, muteTimings));
  return problems;
}

export function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
