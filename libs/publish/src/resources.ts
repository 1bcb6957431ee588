import { GrafanaApiError, type Query, type Transport } from './http.ts';
import type { Json } from './grafana-types.ts';

/**
 * Grafana's Kubernetes-style resource API (`/apis/<group>/<version>/namespaces/<ns>/<resource>`),
 * as Grafana 12 and 13 serve it: the objects, the list, discovery, and the calls the publisher
 * makes. Paths, bodies and semantics as in Grafana's OpenAPI snapshots
 * (grafana/grafana pkg/tests/apis/openapi_snapshots/: dashboard.grafana.app-v1beta1 and -v2,
 * folder.grafana.app-v1, notifications.alerting.grafana.app-v1beta1).
 */

/** `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`: the fields the publisher sends or reads. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: Json;
  status?: Json;
}

export interface ResourceList {
  apiVersion?: string;
  kind?: string;
  metadata?: { continue?: string; resourceVersion?: string };
  items: Resource[];
}

/** `io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList`, what `GET /apis` answers. */
export interface ApiGroupList {
  groups: Array<{
    name: string;
    versions: Array<{ groupVersion: string; version: string }>;
    preferredVersion?: { groupVersion: string; version: string };
  }>;
}

/** `io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList`, what `GET /apis/<group>/<version>/` answers. */
export interface ApiResourceList {
  groupVersion: string;
  resources: Array<{ name: string; kind: string; namespaced?: boolean; verbs: string[] }>;
}

/** One resource type at one version: where its objects live. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
}

export const DASHBOARD_GROUP = 'dashboard.grafana.app';
export const FOLDER_GROUP = 'folder.grafana.app';
export const NOTIFICATIONS_GROUP = 'notifications.alerting.grafana.app';

/** Grafana's annotation naming the folder a dashboard (or the parent a folder) is in. */
export const FOLDER_ANNOTATION = 'grafana.app/folder';
/** The label the publisher sets on everything it writes through the resource API, and lists by. */
export const MANAGED_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_LABEL_VALUE = 'plotwatch';
export const MANAGED_SELECTOR = `${MANAGED_LABEL}=${MANAGED_LABEL_VALUE}`;
/** The sha256 of the out/ file a resource was published from. */
export const SOURCE_ANNOTATION = 'plotwatch.dev/source-sha256';
/** The sha256 of the spec as sent (canonical JSON). */
export const CONTENT_ANNOTATION = 'plotwatch.dev/content-sha256';
/**
 * The `metadata.generation` the object had right after plotwatch's write. Grafana raises the
 * generation on every change of the spec or the folder and on nothing else, so a list that shows
 * another generation shows an edit made in Grafana since.
 */
export const GENERATION_ANNOTATION = 'plotwatch.dev/generation';

/** Grafana's namespace of organization 1 (Grafana Cloud stacks use `stacks-<id>`). */
export const DEFAULT_NAMESPACE = 'default';
/** Objects per list page: dashboards come whole, so pages stay moderate. */
const LIST_PAGE = 500;

export interface ResourceClient {
  readonly namespace: string;
  /** Every object of the type carrying the label selector, page after page (`continue`). */
  list(type: ResourceType, labelSelector?: string): Promise<Resource[]>;
  /** Undefined when there is none. */
  get(type: ResourceType, name: string): Promise<Resource | undefined>;
  /** 409 when the name is taken. */
  create(type: ResourceType, object: Resource): Promise<Resource>;
  /** Replaces it; `metadata.resourceVersion` must be the stored one, or Grafana answers 409. */
  update(type: ResourceType, object: Resource): Promise<Resource>;
  /** Gone already counts as deleted; with a resourceVersion, only that version is deleted (409 otherwise). */
  delete(type: ResourceType, name: string, resourceVersion?: string): Promise<void>;
  /** `GET .../folders/<name>/counts`: what a folder holds, its subfolders included. */
  folderCounts(type: ResourceType, name: string): Promise<DescendantCounts>;
}

/** `com.github.grafana.grafana.apps.folder.pkg.apis.folder.v1.DescendantCounts`. */
export interface DescendantCounts {
  counts: Array<{ group: string; resource: string; count: number }>;
}

export function createResourceClient(transport: Transport, namespace = DEFAULT_NAMESPACE): ResourceClient {
  const collection = (t: ResourceType) =>
    `/apis/${t.group}/${t.version}/namespaces/${encodeURIComponent(namespace)}/${t.resource}`;
  const item = (t: ResourceType, name: string) => `${collection(t)}/${encodeURIComponent(name)}`;
  const call = async <T>(method: string, path: string, init?: { query?: Query; body?: unknown }) =>
    (await transport.request<T>(method, path, init)).body;

  return {
    namespace,
    async list(type, labelSelector) {
      const items: Resource[] = [];
      for (let token: string | undefined; ;) {
        const page = await call<ResourceList>('GET', collection(type), {
          query: { labelSelector, limit: LIST_PAGE, continue: token },
        });
        items.push(...(page.items ?? []));
        token = page.metadata?.continue || undefined;
        if (!token) return items;
      }
    },
    get: (type, name) =>
      call<Resource>('GET', item(type, name)).catch((e: unknown) => (isStatus(e, 404) ? undefined : Promise.reject(e))),
    // Strict: a field Grafana's type does not have is a 400 naming it, not silently dropped.
    create: (type, object) =>
      call<Resource>('POST', collection(type), { query: { fieldValidation: 'Strict' }, body: object }),
    update: (type, object) =>
      call<Resource>('PUT', item(type, object.metadata.name), { query: { fieldValidation: 'Strict' }, body: object }),
    delete: async (type, name, resourceVersion) => {
      await call('DELETE', item(type, name), {
        ...(resourceVersion
          ? { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion } } }
          : {}),
      }).catch((e: unknown) => (isStatus(e, 404) ? undefined : Promise.reject(e)));
    },
    folderCounts: (type, name) => call<DescendantCounts>('GET', `${item(type, name)}/counts`),
  };
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof GrafanaApiError && error.status === status;
}

/** The API the publisher talks to, as `--api` asks and `GET /apis` answers. */
export type ApiMode = 'legacy' | 'resources';

export interface ResourceApis {
  readonly dashboards: ResourceType;
  readonly folders: ResourceType;
  /** Absent when Grafana has no named routing trees: the single policy tree is published instead. */
  readonly routingTrees?: ResourceType;
}

export type ApiChoice =
  | { readonly mode: 'legacy'; readonly why: string }
  | {
      readonly mode: 'resources';
      readonly apis: ResourceApis;
      /** Dashboards from out/grafana/resources/ as they are, or the classic ones wrapped as v1 resources. */
      readonly dashboards: 'resource-files' | 'classic';
      readonly why: string;
    };

/** The versions plotwatch can write classic (v1) dashboards and folders with, preferred first. */
const CLASSIC_DASHBOARD_VERSIONS = ['v1', 'v1beta1'];
const FOLDER_VERSIONS = ['v1', 'v1beta1'];

/** What out/ holds that decides the API. */
export interface PublishableForms {
  /** apiVersions of the dashboard resources in out/grafana/resources/ (none: out/ has none). */
  readonly dashboardResourceApiVersions: readonly string[];
  /** Whether out/ has classic dashboards (out/grafana/dashboards/). */
  readonly classicDashboards: boolean;
  readonly routingTreeApiVersions: readonly string[];
}

/**
 * Picks the API from Grafana's discovery (`GET /apis`): resources when it serves folders and
 * dashboards in a version out/ can be published as (out/'s dashboard resources in their own
 * version, else its classic dashboards as v1 resources), legacy otherwise (`auto`), or what `--api`
 * demands (an error when Grafana cannot do it). Named routing trees are used when the notifications
 * group serves out/'s RoutingTree version with `create`.
 */
export async function chooseApi(
  transport: Transport,
  requested: 'auto' | ApiMode,
  out: PublishableForms,
): Promise<ApiChoice> {
  if (requested === 'legacy') return { mode: 'legacy', why: '--api legacy' };
  const groups = await transport
    .request<ApiGroupList>('GET', '/apis')
    .then((r) => r.body)
    .catch((e: unknown) => (isStatus(e, 404) ? undefined : Promise.reject(e)));
  const served = (group: string) => groups?.groups?.find((g) => g.name === group)?.versions.map((v) => v.version) ?? [];
  const fail = (why: string): ApiChoice => {
    if (requested === 'resources') throw new Error(`--api resources: ${why}; --api legacy publishes through /api`);
    return { mode: 'legacy', why: `auto: ${why}` };
  };
  if (!groups) return fail('Grafana has no resource API (GET /apis: 404, as before Grafana 12)');

  const dashboardVersions = served(DASHBOARD_GROUP);
  const resourceVersions = [...new Set(out.dashboardResourceApiVersions)];
  if (resourceVersions.length > 1)
    return fail(`out/ mixes dashboard resource versions (${resourceVersions.join(', ')})`);
  const fileVersion = resourceVersions[0]?.split('/')[1];
  const classicVersion = CLASSIC_DASHBOARD_VERSIONS.find((v) => dashboardVersions.includes(v));
  const [dashboards, dashboardVersion] =
    fileVersion && dashboardVersions.includes(fileVersion)
      ? (['resource-files', fileVersion] as const)
      : out.classicDashboards && classicVersion
        ? (['classic', classicVersion] as const)
        : [undefined, undefined];
  if (!dashboards)
    return fail(
      `Grafana serves ${DASHBOARD_GROUP} ${dashboardVersions.join(', ') || 'in no version'}, and out/ has ${
        [
          ...resourceVersions.map((v) => `${v} dashboards`),
          ...(out.classicDashboards
            ? [`classic dashboards (written as ${CLASSIC_DASHBOARD_VERSIONS.join(' or ')})`]
            : []),
        ].join(' and ') || 'no dashboards'
      }`,
    );
  const folderVersion = FOLDER_VERSIONS.find((v) => served(FOLDER_GROUP).includes(v));
  if (!folderVersion)
    return fail(`Grafana serves ${FOLDER_GROUP} in no version plotwatch writes (${FOLDER_VERSIONS.join(', ')})`);

  const routingTrees = await routingTreeType(transport, served(NOTIFICATIONS_GROUP), out.routingTreeApiVersions);
  return {
    mode: 'resources',
    dashboards,
    apis: {
      dashboards: { group: DASHBOARD_GROUP, version: dashboardVersion, resource: 'dashboards', kind: 'Dashboard' },
      folders: { group: FOLDER_GROUP, version: folderVersion, resource: 'folders', kind: 'Folder' },
      ...(routingTrees ? { routingTrees } : {}),
    },
    why: `${requested === 'auto' ? 'auto: ' : ''}Grafana serves ${DASHBOARD_GROUP}/${dashboardVersion} and ${FOLDER_GROUP}/${folderVersion}`,
  };
}

/** The routing tree type to write out/'s trees with: their own version if served with `create`, else none. */
async function routingTreeType(
  transport: Transport,
  served: readonly string[],
  wanted: readonly string[],
): Promise<ResourceType | undefined> {
  const version = wanted.map((apiVersion) => apiVersion.split('/')[1] ?? '').find((v) => served.includes(v));
  if (!version) return undefined;
  const resources = await transport
    .request<ApiResourceList>('GET', `/apis/${NOTIFICATIONS_GROUP}/${version}/`)
    .then((r) => r.body)
    .catch((e: unknown) => (isStatus(e, 404) ? undefined : Promise.reject(e)));
  const trees = resources?.resources.find((r) => r.name === 'routingtrees');
  return trees?.verbs.includes('create')
    ? { group: NOTIFICATIONS_GROUP, version, resource: 'routingtrees', kind: trees.kind || 'RoutingTree' }
    : undefined;
}

export function apiVersionOf(type: ResourceType): string {
  return `${type.group}/${type.version}`;
}
