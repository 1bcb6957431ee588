import { createHash } from 'node:crypto';

export type Json = Record<string, unknown>;

export interface StoredDashboard {
  readonly id: number;
  readonly uid: string;
  version: number;
  folderUid?: string;
  /** As Grafana returns it: keys sorted (Go re-encodes the JSON through maps), with id, uid and version set. */
  json: Json;
  readonly created: string;
  updated: string;
}

/** One permission set on a folder: for a team, a user or a basic role. */
export interface AclEntry {
  readonly teamId?: number;
  readonly userId?: number;
  readonly role?: 'Viewer' | 'Editor' | 'Admin';
  readonly permission: number;
}

export interface StoredFolder {
  readonly id: number;
  readonly uid: string;
  title: string;
  parentUid?: string;
  version: number;
  acl: AclEntry[];
  readonly created: string;
  updated: string;
}

export interface StoredTeam {
  readonly id: number;
  readonly uid: string;
  readonly name: string;
  readonly email: string;
}

/** The identity behind the test tokens (Grafana gives a folder's creator Admin on it). */
export const CALLER_USER_ID = 1;
export const DEFAULT_RECEIVER = 'grafana-default-email';

/**
 * An in-memory Grafana: what the test server's routes read and change, and what tests inspect
 * (or change behind the publisher's back, as a person in Grafana's UI would).
 */
export class GrafanaState {
  readonly dashboards = new Map<string, StoredDashboard>();
  readonly folders = new Map<string, StoredFolder>();
  readonly teams = new Map<number, StoredTeam>();
  readonly contactPoints = new Map<string, Json>();
  readonly muteTimings = new Map<string, Json>();
  /** By `<folderUid>/<group title>`. */
  readonly ruleGroups = new Map<string, Json>();
  policy: Json = { receiver: DEFAULT_RECEIVER, group_by: ['grafana_folder', 'alertname'] };
  private lastId = 0;

  nextId(): number {
    return ++this.lastId;
  }

  now(): string {
    return new Date().toISOString();
  }

  /** The folder and its ancestors' uids, nearest first. */
  ancestors(uid: string): StoredFolder[] {
    const chain: StoredFolder[] = [];
    for (let f = this.folders.get(uid); f?.parentUid; f = this.folders.get(f.parentUid)) {
      const parent = this.folders.get(f.parentUid);
      if (!parent || chain.includes(parent)) break;
      chain.push(parent);
    }
    return chain;
  }

  /** The folder and every folder below it. */
  subtree(uid: string): StoredFolder[] {
    const root = this.folders.get(uid);
    if (!root) return [];
    return [root, ...[...this.folders.values()].filter((f) => f.parentUid === uid).flatMap((f) => this.subtree(f.uid))];
  }

  teamByName(name: string): StoredTeam | undefined {
    return [...this.teams.values()].find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  /**
   * What a person saving the dashboard in Grafana's UI does: changes it, and the UI's save model
   * drops fields it does not know (such as the publisher's stamp); the version goes up.
   */
  editInUi(uid: string, edit: (dashboard: Json) => void, droppedFields: readonly string[] = ['plotwatch']): void {
    const stored = this.dashboards.get(uid);
    if (!stored) throw new Error(`no dashboard ${uid}`);
    const json = structuredClone(stored.json);
    edit(json);
    for (const field of droppedFields) delete json[field];
    stored.version += 1;
    stored.json = goJson({ ...json, version: stored.version });
    stored.updated = this.now();
  }

  /**
   * Grafana's content, without what Grafana itself assigns (ids, versions, times): two servers
   * that hold the same dashboards, folders, permissions, teams and alerting have equal snapshots.
   */
  snapshot(): Json {
    const teamName = (id: number | undefined) => (id === undefined ? undefined : this.teams.get(id)?.name);
    const sorted = <T>(items: T[], key: (item: T) => string) => items.sort((a, b) => key(a).localeCompare(key(b)));
    return {
      teams: [...this.teams.values()].map((t) => t.name).sort(),
      folders: sorted([...this.folders.values()], (f) => f.uid).map((f) => ({
        uid: f.uid,
        title: f.title,
        parentUid: f.parentUid ?? null,
        acl: f.acl
          .map(
            (e) =>
              `${e.teamId !== undefined ? `team:${teamName(e.teamId)}` : e.role ? `role:${e.role}` : `user:${e.userId}`}=${e.permission}`,
          )
          .sort(),
      })),
      dashboards: sorted([...this.dashboards.values()], (d) => d.uid).map((d) => {
        const { id: _id, version: _version, ...content } = d.json;
        return {
          uid: d.uid,
          folderUid: d.folderUid ?? null,
          sha256: createHash('sha256')
            .update(JSON.stringify(goJson(content)))
            .digest('hex'),
        };
      }),
      contactPoints: sorted([...this.contactPoints.values()], (c) => String(c.uid)),
      muteTimings: sorted([...this.muteTimings.values()], (m) => String(m.name)),
      ruleGroups: [...this.ruleGroups.keys()].sort(),
      policy: this.policy,
    };
  }
}

/** JSON as Grafana's Go backend returns it: object keys sorted at every level. */
export function goJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(goJson) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, goJson(v)]),
    ) as T;
  }
  return value;
}
