import type {
  AlertRuleGroup,
  CreateFolderCommand,
  CreateTeamResponse,
  DashboardACLInfoDTO,
  DashboardACLUpdateItem,
  DashboardFullWithMeta,
  EmbeddedContactPoint,
  Folder,
  Hit,
  MuteTimeInterval,
  PostDashboardResponse,
  Route,
  SaveDashboardCommand,
  SearchTeamQueryResult,
  TeamDTO,
} from './grafana-types.ts';
import { GrafanaApiError, type Transport } from './http.ts';

/** Grafana's search answers at most 5,000 hits a page. */
const MAX_SEARCH_PAGE = 5000;
const TEAMS_PAGE = 1000;

/** The endpoints the publisher uses, one method each; every path and body as in openapi/openapi3.json. */
export interface GrafanaClient {
  searchDashboards(): Promise<Hit[]>;
  searchFolders(): Promise<Hit[]>;
  /** Undefined when there is none. */
  getDashboard(uid: string): Promise<DashboardFullWithMeta | undefined>;
  saveDashboard(command: SaveDashboardCommand): Promise<PostDashboardResponse>;
  /** Gone already counts as deleted. */
  deleteDashboard(uid: string): Promise<void>;

  getFolder(uid: string): Promise<Folder | undefined>;
  createFolder(command: CreateFolderCommand): Promise<Folder>;
  renameFolder(uid: string, title: string): Promise<void>;
  moveFolder(uid: string, parentUid: string | undefined): Promise<void>;
  /** Deletes its subfolders and dashboards with it; refuses while it holds alert rules. */
  deleteFolder(uid: string): Promise<void>;
  getFolderPermissions(uid: string): Promise<DashboardACLInfoDTO[]>;
  /** Replaces every permission set on the folder itself (inherited ones stay). */
  setFolderPermissions(uid: string, items: DashboardACLUpdateItem[]): Promise<void>;

  searchTeams(name?: string): Promise<TeamDTO[]>;
  createTeam(name: string): Promise<number>;

  listContactPoints(): Promise<EmbeddedContactPoint[]>;
  createContactPoint(contactPoint: EmbeddedContactPoint): Promise<void>;
  updateContactPoint(uid: string, contactPoint: EmbeddedContactPoint): Promise<void>;
  listMuteTimings(): Promise<MuteTimeInterval[]>;
  createMuteTiming(muteTiming: MuteTimeInterval): Promise<void>;
  updateMuteTiming(name: string, muteTiming: MuteTimeInterval): Promise<void>;
  getPolicyTree(): Promise<Route>;
  setPolicyTree(route: Route): Promise<void>;
  getRuleGroup(folderUid: string, group: string): Promise<AlertRuleGroup | undefined>;
  setRuleGroup(folderUid: string, group: AlertRuleGroup): Promise<void>;
}

export function createGrafanaClient(transport: Transport, options: { searchPageSize?: number } = {}): GrafanaClient {
  const pageSize = Math.min(options.searchPageSize ?? MAX_SEARCH_PAGE, MAX_SEARCH_PAGE);
  const call = async <T>(method: string, path: string, init?: Parameters<Transport['request']>[2]) =>
    (await transport.request<T>(method, path, init)).body;
  // A 200 of another shape (another product behind --url, an API that changed) is said, not left to crash later.
  const list = async <T>(path: string, init?: Parameters<Transport['request']>[2]): Promise<T[]> => {
    const response = await transport.request<unknown>('GET', path, init);
    if (Array.isArray(response.body)) return response.body as T[];
    throw new GrafanaApiError(
      'GET',
      path,
      response.status,
      `the answer is not the list this API returns (got ${shapeOf(response.body)}): is --url a Grafana plotwatch supports?`,
      response.attempts,
    );
  };
  const orUndefinedIfMissing = async <T>(request: Promise<T>): Promise<T | undefined> =>
    request.catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const folder = (uid: string) => `/api/folders/${encodeURIComponent(uid)}`;

  async function search(type: 'dash-db' | 'dash-folder'): Promise<Hit[]> {
    const hits: Hit[] = [];
    for (let page = 1; ; page++) {
      const batch = await list<Hit>('/api/search', { query: { type, limit: pageSize, page } });
      hits.push(...batch);
      if (batch.length < pageSize) return hits;
    }
  }

  return {
    searchDashboards: () => search('dash-db'),
    searchFolders: () => search('dash-folder'),
    getDashboard: (uid) =>
      orUndefinedIfMissing(call<DashboardFullWithMeta>('GET', `/api/dashboards/uid/${encodeURIComponent(uid)}`)),
    saveDashboard: (command) => call<PostDashboardResponse>('POST', '/api/dashboards/db', { body: command }),
    deleteDashboard: async (uid) =>
      void (await orUndefinedIfMissing(call('DELETE', `/api/dashboards/uid/${encodeURIComponent(uid)}`))),

    getFolder: (uid) => orUndefinedIfMissing(call<Folder>('GET', folder(uid))),
    createFolder: (command) => call<Folder>('POST', '/api/folders', { body: command }),
    renameFolder: async (uid, title) => void (await call('PUT', folder(uid), { body: { title, overwrite: true } })),
    moveFolder: async (uid, parentUid) =>
      void (await call('POST', `${folder(uid)}/move`, { body: parentUid ? { parentUid } : {} })),
    deleteFolder: async (uid) =>
      void (await orUndefinedIfMissing(call('DELETE', folder(uid), { query: { forceDeleteRules: false } }))),
    getFolderPermissions: (uid) => list<DashboardACLInfoDTO>(`${folder(uid)}/permissions`),
    setFolderPermissions: async (uid, items) =>
      void (await call('POST', `${folder(uid)}/permissions`, { body: { items } })),

    searchTeams: async (name) => {
      const teams: TeamDTO[] = [];
      for (let page = 1; ; page++) {
        const result = await call<SearchTeamQueryResult>('GET', '/api/teams/search', {
          query: { name, perpage: TEAMS_PAGE, page },
        });
        if (result.teams !== undefined && !Array.isArray(result.teams))
          throw new GrafanaApiError(
            'GET',
            '/api/teams/search',
            200,
            'the answer has no list of teams: is --url a Grafana plotwatch supports?',
            1,
          );
        teams.push(...(result.teams ?? []));
        if ((result.teams ?? []).length < TEAMS_PAGE) return teams;
      }
    },
    createTeam: async (name) => {
      const created = await call<CreateTeamResponse>('POST', '/api/teams', { body: { name } });
      if (created.teamId === undefined)
        throw new Error(`POST /api/teams: Grafana created team "${name}" but returned no teamId`);
      return created.teamId;
    },

    listContactPoints: () => list<EmbeddedContactPoint>('/api/v1/provisioning/contact-points'),
    createContactPoint: async (contactPoint) =>
      void (await call('POST', '/api/v1/provisioning/contact-points', { body: contactPoint })),
    updateContactPoint: async (uid, contactPoint) =>
      void (await call('PUT', `/api/v1/provisioning/contact-points/${encodeURIComponent(uid)}`, {
        body: contactPoint,
      })),
    listMuteTimings: () => list<MuteTimeInterval>('/api/v1/provisioning/mute-timings'),
    createMuteTiming: async (muteTiming) =>
      void (await call('POST', '/api/v1/provisioning/mute-timings', { body: muteTiming })),
    updateMuteTiming: async (name, muteTiming) =>
      void (await call('PUT', `/api/v1/provisioning/mute-timings/${encodeURIComponent(name)}`, { body: muteTiming })),
    getPolicyTree: () => call<Route>('GET', '/api/v1/provisioning/policies'),
    setPolicyTree: async (route) => void (await call('PUT', '/api/v1/provisioning/policies', { body: route })),
    getRuleGroup: (folderUid, group) =>
      orUndefinedIfMissing(call<AlertRuleGroup>('GET', ruleGroupPath(folderUid, group))),
    setRuleGroup: async (folderUid, group) =>
      void (await call('PUT', ruleGroupPath(folderUid, group.title ?? ''), { body: group })),
  };
}

function shapeOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length
    ? `an object with ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', ...' : ''}`
    : 'an empty object';
}

function ruleGroupPath(folderUid: string, group: string): string {
  return `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group)}`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof GrafanaApiError && error.status === 404;
}

/**
 * Grafana's answers to "it exists already" (or "someone changed it"): 409 for folders and teams, 412 for dashboards.
 */
export function isConflict(error: unknown): boolean {
  return error instanceof GrafanaApiError && (error.status === 409 || error.status === 412);
}
