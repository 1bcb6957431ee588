import { createHash, randomUUID } from 'node:crypto';

export type Json = Record<string, unknown>;

/**
 * What the resource API (`/apis/...`) adds to a dashboard or folder: Grafana 12/13 keep both APIs over one
 * store, so these live beside the legacy fields of the same record (see resources/README.md).
 */
export interface ResourceMeta {
  /** metadata.uid: a UUID, fixed at creation. */
  readonly uid: string;
  /** metadata.resourceVersion: the store's counter at the last write of this object. */
  resourceVersion: number;
  labels: Record<string, string>;
  /** Annotations other than `grafana.app/folder` (that one is the record's folder). */
  annotations: Record<string, string>;
}

export interface StoredDashboard {
  readonly id: number;
  readonly uid: string;
  /** The legacy `version`, which is metadata.generation: it goes up when the content (spec) changes. */
  version: number;
  folderUid?: string;
  /**
   * As Grafana returns it: keys sorted (Go re-encodes the JSON through maps), with id, uid and version set.
   * For a dashboard written in schema v2, only what the legacy search shows (title, tags, id, uid, version).
   */
  json: Json;
  /** The schema v2 spec, when the dashboard was last written through `dashboard.grafana.app/v2`. */
  v2?: Json;
  meta?: ResourceMeta;
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
  description?: string;
  /** The legacy `version`, which is metadata.generation. */
  version: number;
  acl: AclEntry[];
  meta?: ResourceMeta;
  readonly created: string;
  updated: string;
}

export interface StoredTeam {
  readonly id: number;
  readonly uid: string;
  readonly name: string;
  readonly email: string;
}

export interface StoredRoutingTree {
  readonly name: string;
  spec: Json;
  generation: number;
  meta: ResourceMeta;
  readonly created: string;
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
  /** Named notification policy trees (`notifications.alerting.grafana.app` RoutingTree), by metadata.name. */
  readonly routingTrees = new Map<string, StoredRoutingTree>();
  /** The resource metadata of the `user-defined` routing tree: the single policy tree above (`policy`). */
  readonly userDefinedTree: { meta?: ResourceMeta; generation: number; readonly created: string } = {
    generation: 1,
    created: new Date().toISOString(),
  };
  private lastId = 0;
  private lastResourceVersion = 0;

  nextId(): number {
    return ++this.lastId;
  }

  /** The store's write counter: every write through either API takes the next value as its resourceVersion. */
  nextResourceVersion(): number {
    return ++this.lastResourceVersion;
  }

  /** The current resourceVersion of the whole store (what a list reports). */
  get resourceVersion(): number {
    return this.lastResourceVersion;
  }

  /** The resource metadata of a record written through the legacy API: kept if it has some, made if not. */
  touch(record: { meta?: ResourceMeta }): ResourceMeta {
    record.meta ??= { uid: randomUUID(), resourceVersion: 0, labels: {}, annotations: {} };
    record.meta.resourceVersion = this.nextResourceVersion();
    return record.meta;
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
   * drops fields it does not know (such as the publisher's stamp); the version (metadata.generation)
   * and the resourceVersion go up, labels and annotations stay. `edit` gets the classic JSON, or the
   * v2 spec of a dashboard stored in schema v2.
   */
  editInUi(uid: string, edit: (dashboard: Json) => void, droppedFields: readonly string[] = ['plotwatch']): void {
    const stored = this.dashboards.get(uid);
    if (!stored) throw new Error(`no dashboard ${uid}`);
    const json = structuredClone(stored.v2 ?? stored.json);
    edit(json);
    for (const field of droppedFields) delete json[field];
    stored.version += 1;
    if (stored.v2) {
      stored.v2 = goJson(json);
      stored.json = legacyViewOfV2(stored.id, uid, stored.version, stored.v2);
    } else stored.json = goJson({ ...json, version: stored.version });
    stored.updated = this.now();
    this.touch(stored);
  }

  /** A hand edit of the title, in either schema (`editInUi` with `title` set). */
  retitleInUi(uid: string, title: string): void {
    this.editInUi(uid, (d) => void (d.title = title));
  }

  /** A hand edit of a folder's title in Grafana's UI: its version (generation) and resourceVersion go up. */
  retitleFolderInUi(uid: string, title: string): void {
    const folder = this.folders.get(uid);
    if (!folder) throw new Error(`no folder ${uid}`);
    folder.title = title;
    folder.version += 1;
    folder.updated = this.now();
    this.touch(folder);
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
            .update(JSON.stringify(goJson(d.v2 ? { v2: d.v2 } : content)))
            .digest('hex'),
        };
      }),
      contactPoints: sorted([...this.contactPoints.values()], (c) => String(c.uid)),
      muteTimings: sorted([...this.muteTimings.values()], (m) => String(m.name)),
      ruleGroups: [...this.ruleGroups.keys()].sort(),
      policy: this.policy,
      ...(this.routingTrees.size
        ? {
            routingTrees: sorted([...this.routingTrees.values()], (t) => t.name).map((t) => ({
              name: t.name,
              spec: t.spec,
            })),
          }
        : {}),
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

/** What the legacy routes (search, snapshot) see of a dashboard stored in schema v2. */
export function legacyViewOfV2(id: number, uid: string, version: number, spec: Json): Json {
  return goJson({ id, uid, version, title: spec.title, tags: spec.tags ?? [] });
}
