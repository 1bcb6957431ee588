import { randomUUID } from 'node:crypto';
import { ROUTES, type Reply } from '../routes.ts';
import {
  CALLER_USER_ID,
  DEFAULT_RECEIVER,
  goJson,
  legacyViewOfV2,
  type GrafanaState,
  type Json,
  type ResourceMeta,
  type StoredDashboard,
  type StoredFolder,
  type StoredRoutingTree,
} from '../state.ts';
import { minimalClassicSpec, minimalV2Spec } from './conversion.ts';
import { decode, loadSnapshot, operationOf, queryErrors, schemaNameOf, type Snapshot } from './schema.ts';
import { matchesLabels, parseLabelSelector, type Requirement } from './selector.ts';

/** Which parts of Grafana's resource API the test server serves (as `startGrafanaTestServer` options say). */
export interface ResourceApiOptions {
  /** `/apis` and everything below it (default true); false acts as a Grafana before 12, legacy routes only. */
  readonly resourceApi?: boolean;
  /** `dashboard.grafana.app/v2` (default true); false acts as a Grafana 12 without schema v2. */
  readonly dashboardV2?: boolean;
  /** The `notifications.alerting.grafana.app` group with its routing trees (default true). */
  readonly routingTrees?: boolean;
  /** The namespace of org 1: `default` (on-premise) unless a stack id is given (`stacks-<id>`, Grafana Cloud). */
  readonly stackId?: number;
}

type Store = 'dashboards' | 'folders' | 'routingtrees';

/** One group/version/resource the server serves, and the snapshot that says what it accepts. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly store: Store;
  /** The snapshot file, and the version its path templates name (v1 is served from the v1beta1 snapshot). */
  readonly snapshot: string;
  readonly snapshotVersion: string;
}

const DASHBOARD_GROUP = 'dashboard.grafana.app';
const FOLDER_GROUP = 'folder.grafana.app';
const NOTIFICATIONS_GROUP = 'notifications.alerting.grafana.app';
export const FOLDER_ANNOTATION = 'grafana.app/folder';
export const USER_DEFINED_TREE = 'user-defined';

/** Every resource type, in the order discovery lists the versions of a group (preferred first). */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    group: DASHBOARD_GROUP,
    version: 'v1',
    plural: 'dashboards',
    kind: 'Dashboard',
    store: 'dashboards',
    snapshot: 'dashboard.grafana.app-v1beta1.json',
    snapshotVersion: 'v1beta1',
  },
  {
    group: DASHBOARD_GROUP,
    version: 'v2',
    plural: 'dashboards',
    kind: 'Dashboard',
    store: 'dashboards',
    snapshot: 'dashboard.grafana.app-v2.json',
    snapshotVersion: 'v2',
  },
  {
    group: DASHBOARD_GROUP,
    version: 'v1beta1',
    plural: 'dashboards',
    kind: 'Dashboard',
    store: 'dashboards',
    snapshot: 'dashboard.grafana.app-v1beta1.json',
    snapshotVersion: 'v1beta1',
  },
  {
    group: FOLDER_GROUP,
    version: 'v1',
    plural: 'folders',
    kind: 'Folder',
    store: 'folders',
    snapshot: 'folder.grafana.app-v1.json',
    snapshotVersion: 'v1',
  },
  {
    group: NOTIFICATIONS_GROUP,
    version: 'v1beta1',
    plural: 'routingtrees',
    kind: 'RoutingTree',
    store: 'routingtrees',
    snapshot: 'notifications.alerting.grafana.app-v1beta1.json',
    snapshotVersion: 'v1beta1',
  },
];

export function servedTypes(options: ResourceApiOptions): ResourceType[] {
  if (options.resourceApi === false) return [];
  return RESOURCE_TYPES.filter(
    (t) =>
      !(t.group === DASHBOARD_GROUP && t.version === 'v2' && options.dashboardV2 === false) &&
      !(t.group === NOTIFICATIONS_GROUP && options.routingTrees === false),
  );
}

export const namespaceOf = (options: ResourceApiOptions) =>
  options.stackId === undefined ? 'default' : `stacks-${options.stackId}`;

/** A request below `/apis`, matched to what serves it. */
export interface ResourceRequest {
  /** For the request log and fault plans: the snapshot's path template with the served version. */
  readonly operation: string;
  readonly type?: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  /** `discovery` (`/apis`), `group-version` (`/apis/<g>/<v>`), `collection`, `item` or `counts` (a folder's). */
  readonly target: 'discovery' | 'group-version' | 'collection' | 'item' | 'counts' | 'unknown';
}

export function matchResourceRequest(path: string, options: ResourceApiOptions): ResourceRequest {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '/apis') return { operation: '/apis', target: 'discovery' };
  const m = /^\/apis\/([^/]+)\/([^/]+)(?:\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+)(?:\/(counts))?)?)?$/.exec(trimmed);
  const types = servedTypes(options);
  if (!m) return { operation: trimmed, target: 'unknown' };
  const [, group, version, namespace, plural, name, subresource] = m;
  if (namespace === undefined) {
    const known = types.some((t) => t.group === group && t.version === version);
    return { operation: `/apis/${group}/${version}/`, target: known ? 'group-version' : 'unknown' };
  }
  const type = types.find((t) => t.group === group && t.version === version && t.plural === plural);
  if (!type) return { operation: trimmed, target: 'unknown' };
  const base = `/apis/${group}/${version}/namespaces/{namespace}/${plural}`;
  if (subresource !== undefined)
    return type.store === 'folders'
      ? {
          operation: `${base}/{name}/counts`,
          type,
          namespace: decodeURIComponent(namespace),
          name: decodeURIComponent(name!),
          target: 'counts',
        }
      : { operation: trimmed, target: 'unknown' };
  return name === undefined
    ? { operation: base, type, namespace: decodeURIComponent(namespace), target: 'collection' }
    : {
        operation: `${base}/{name}`,
        type,
        namespace: decodeURIComponent(namespace),
        name: decodeURIComponent(name),
        target: 'item',
      };
}

/** What the resource API tells the server beside its reply. */
export interface ResourceOutcome {
  readonly reply: Reply;
  /** Why the request was refused as one a correct client never sends (for `rejectedRequests`). */
  readonly rejected?: string;
  /** The schema the reply's body should satisfy, to check it (`responseViolations`). */
  readonly responseSchema?: { readonly snapshot: Snapshot; readonly name: string };
}

/** A Kubernetes `Status` reply. */
export function statusReply(
  code: number,
  reason: string,
  message: string,
  details?: Json,
  headers?: Record<string, string>,
): Reply {
  return {
    status: code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: code < 300 ? 'Success' : 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    },
    ...(headers ? { headers } : {}),
  };
}

const UID = /^[a-zA-Z0-9\-_]+$/;
const MAX_NAME = 40;
const QUALIFIED_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const LABEL_VALUE = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?$/;

/**
 * Serves one request below `/apis` (authentication is done): discovery, and list / get / create / replace /
 * delete of dashboards (v1, v1beta1, v2), folders (v1) and routing trees (v1beta1), over the same state as
 * the legacy routes.
 */
export function handleResourceRequest(
  state: GrafanaState,
  options: ResourceApiOptions,
  request: ResourceRequest,
  method: string,
  query: URLSearchParams,
  raw: string,
): ResourceOutcome {
  if (options.resourceApi === false) return { reply: { status: 404, body: { message: 'Not found' } } };
  if (request.target === 'discovery')
    return method === 'GET'
      ? { reply: { status: 200, body: apiGroupList(options) } }
      : { reply: statusReply(405, 'MethodNotAllowed', `${method} is not supported on /apis`) };
  if (request.target === 'group-version') return { reply: { status: 200, body: apiResourceList(request, options) } };
  if (request.target === 'unknown' || !request.type)
    return { reply: statusReply(404, 'NotFound', 'the server could not find the requested resource') };

  const type = request.type;
  const snapshot = loadSnapshot(type.snapshot);
  const template = request.operation.replace(`/${type.version}/`, `/${type.snapshotVersion}/`);
  const operation = operationOf(snapshot, template, method);
  if (!operation)
    return {
      reply: statusReply(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`),
    };
  const resourceName = `${type.plural}.${type.group}`;
  const namespace = namespaceOf(options);
  if (request.namespace !== namespace)
    return {
      reply: statusReply(
        403,
        'Forbidden',
        `${resourceName} is forbidden: namespace ${request.namespace} is not this organization's (${namespace})`,
      ),
    };

  const pathItemParams = (snapshot.paths[template]?.parameters ?? []) as Parameters<typeof queryErrors>[1];
  const badQuery = queryErrors(operation, pathItemParams, query);
  if (badQuery.length)
    return reject(
      statusReply(400, 'BadRequest', badQuery.join('; ')),
      `${method} ${request.operation}: ${badQuery.join('; ')}`,
    );

  const ctx: Context = { state, options, type, snapshot, namespace, resourceName, query };
  const responseSchema = (status: number) => {
    const name = schemaNameOf(operation.responses[String(status)]?.content?.['application/json']?.schema);
    return name ? { snapshot, name } : undefined;
  };
  const finish = (outcome: ResourceOutcome): ResourceOutcome => ({
    ...outcome,
    responseSchema: outcome.responseSchema ?? responseSchema(outcome.reply.status),
  });

  if (request.target === 'counts') return finish(counts(ctx, request.name!));
  if (method === 'GET' && request.target === 'collection') return finish(list(ctx));
  if (method === 'GET') return finish(get(ctx, request.name!));
  if (method === 'DELETE') return finish(remove(ctx, request.name!, raw));

  // POST (create) or PUT (replace): the body, as the API server decodes it.
  const requestSchema = schemaNameOf(operation.requestBody?.content['application/json']?.schema)!;
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    return reject(
      statusReply(400, 'BadRequest', 'the body of the request was in an unknown format'),
      `${method} ${request.operation}: body is not JSON`,
    );
  }
  const fieldValidation = query.get('fieldValidation') ?? 'Warn';
  if (!['Ignore', 'Warn', 'Strict'].includes(fieldValidation))
    return reject(
      statusReply(
        400,
        'BadRequest',
        `invalid fieldValidation directive "${fieldValidation}": must be one of Ignore, Warn, Strict`,
      ),
      `${method} ${request.operation}: fieldValidation=${fieldValidation}`,
    );
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return reject(
      statusReply(400, 'BadRequest', 'the body of the request must be a JSON object'),
      `${method} ${request.operation}: body is not an object`,
    );
  const object = body as Json;
  const expected = `${type.group}/${type.version}`;
  if (object.apiVersion !== undefined && object.apiVersion !== expected)
    return reject(
      statusReply(
        400,
        'BadRequest',
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected})`,
      ),
      `${method} ${request.operation}: apiVersion ${String(object.apiVersion)}`,
    );
  if (object.kind !== undefined && object.kind !== type.kind)
    return reject(
      statusReply(400, 'BadRequest', `no kind "${String(object.kind)}" is registered for version "${expected}"`),
      `${method} ${request.operation}: kind ${String(object.kind)}`,
    );
  const decoded = decode(snapshot, requestSchema, object);
  if (decoded.errors.length)
    return reject(
      statusReply(
        400,
        'BadRequest',
        `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${decoded.errors.join('; ')}`,
      ),
      `${method} ${request.operation}: ${decoded.errors.join('; ')}`,
    );
  const unknownFields = decoded.unknown.map((field) => `unknown field "${field}"`);
  if (unknownFields.length && fieldValidation === 'Strict')
    return reject(
      statusReply(400, 'BadRequest', `strict decoding error: ${unknownFields.join(', ')}`),
      `${method} ${request.operation}: ${unknownFields.join(', ')}`,
    );
  const warnings =
    unknownFields.length && fieldValidation === 'Warn'
      ? { Warning: unknownFields.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') }
      : undefined;
  const input = decoded.value as Json;
  const outcome = method === 'POST' ? create(ctx, input) : replace(ctx, request.name!, input);
  return finish(
    warnings && outcome.reply.status < 300
      ? { ...outcome, reply: { ...outcome.reply, headers: { ...outcome.reply.headers, ...warnings } } }
      : outcome,
  );
}

interface Context {
  readonly state: GrafanaState;
  readonly options: ResourceApiOptions;
  readonly type: ResourceType;
  readonly snapshot: Snapshot;
  readonly namespace: string;
  readonly resourceName: string;
  readonly query: URLSearchParams;
}

const reject = (reply: Reply, why: string): ResourceOutcome => ({ reply, rejected: why });

function invalid(ctx: Context, name: string, causes: Array<{ field: string; reason: string; message: string }>) {
  return reject(
    statusReply(
      422,
      'Invalid',
      `${ctx.type.kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
      { name, group: ctx.type.group, kind: ctx.type.kind, causes },
    ),
    `${ctx.type.kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
  );
}

const notFound = (ctx: Context, name: string): ResourceOutcome => ({
  reply: statusReply(404, 'NotFound', `${ctx.resourceName} "${name}" not found`, {
    name,
    group: ctx.type.group,
    kind: ctx.type.plural,
  }),
});

// ---- the objects, as each version shows them -----------------------------------------------------------

const timestamp = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

function metadata(
  ctx: Context,
  name: string,
  meta: ResourceMeta,
  generation: number,
  created: string,
  folder: string | undefined,
): Json {
  const annotations = { ...meta.annotations, ...(folder ? { [FOLDER_ANNOTATION]: folder } : {}) };
  return goJson({
    name,
    namespace: ctx.namespace,
    uid: meta.uid,
    resourceVersion: String(meta.resourceVersion),
    generation,
    creationTimestamp: timestamp(created),
    ...(Object.keys(meta.labels).length ? { labels: meta.labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  });
}

function ensureMeta(state: GrafanaState, record: { meta?: ResourceMeta }): ResourceMeta {
  return record.meta ?? state.touch(record);
}

/** The classic JSON a v1 spec holds: what the legacy API returns, less what Grafana assigns (id, uid, version). */
function classicSpec(d: StoredDashboard): Json {
  const { id: _id, uid: _uid, version: _version, ...spec } = d.json;
  return spec;
}

function dashboardObject(ctx: Context, d: StoredDashboard): Json {
  const meta = ensureMeta(ctx.state, d);
  const wantsV2 = ctx.type.version === 'v2';
  const storedVersion = d.v2 ? 'v2' : 'v1';
  const title = String((d.v2 ?? d.json).title ?? '');
  const converted = wantsV2 !== Boolean(d.v2);
  const spec = wantsV2 ? (d.v2 ?? minimalV2Spec(title)) : d.v2 ? minimalClassicSpec(title) : classicSpec(d);
  return {
    apiVersion: `${ctx.type.group}/${ctx.type.version}`,
    kind: 'Dashboard',
    metadata: metadata(ctx, d.uid, meta, d.version, d.created, d.folderUid),
    spec,
    status: converted
      ? {
          conversion: {
            failed: true,
            storedVersion,
            error: `the test server does not convert between dashboard schemas; read it as ${DASHBOARD_GROUP}/${storedVersion === 'v2' ? 'v2' : 'v1'}`,
          },
        }
      : {},
  };
}

function folderObject(ctx: Context, f: StoredFolder): Json {
  const meta = ensureMeta(ctx.state, f);
  return {
    apiVersion: `${ctx.type.group}/${ctx.type.version}`,
    kind: 'Folder',
    metadata: metadata(ctx, f.uid, meta, f.version, f.created, f.parentUid),
    spec: goJson({ title: f.title, ...(f.description ? { description: f.description } : {}) }),
  };
}

function routingTreeObject(ctx: Context, name: string): Json | undefined {
  const state = ctx.state;
  const tree =
    name === USER_DEFINED_TREE
      ? {
          meta: ensureMeta(state, state.userDefinedTree),
          generation: state.userDefinedTree.generation,
          created: state.userDefinedTree.created,
          spec: policyToSpec(state.policy),
        }
      : state.routingTrees.get(name);
  if (!tree) return undefined;
  return {
    apiVersion: `${ctx.type.group}/${ctx.type.version}`,
    kind: 'RoutingTree',
    metadata: metadata(ctx, name, tree.meta, tree.generation, tree.created, undefined),
    spec: tree.spec,
  };
}

function objectsOf(ctx: Context): Array<{ name: string; labels: Record<string, string>; object: () => Json }> {
  const { state } = ctx;
  if (ctx.type.store === 'dashboards')
    return [...state.dashboards.values()].map((d) => ({
      name: d.uid,
      labels: d.meta?.labels ?? {},
      object: () => dashboardObject(ctx, d),
    }));
  if (ctx.type.store === 'folders')
    return [...state.folders.values()].map((f) => ({
      name: f.uid,
      labels: f.meta?.labels ?? {},
      object: () => folderObject(ctx, f),
    }));
  return [USER_DEFINED_TREE, ...state.routingTrees.keys()].map((name) => ({
    name,
    labels:
      name === USER_DEFINED_TREE
        ? (state.userDefinedTree.meta?.labels ?? {})
        : state.routingTrees.get(name)!.meta.labels,
    object: () => routingTreeObject(ctx, name)!,
  }));
}

// ---- list and get ------------------------------------------------------------------------------------

interface ContinueToken {
  readonly rv: number;
  readonly after: string;
}

function list(ctx: Context): ResourceOutcome {
  const { query } = ctx;
  let requirements: Requirement[] = [];
  try {
    requirements = parseLabelSelector(query.get('labelSelector') ?? '');
  } catch (error) {
    return reject(
      statusReply(400, 'BadRequest', (error as Error).message),
      `labelSelector: ${(error as Error).message}`,
    );
  }
  const fields: Array<(name: string) => boolean> = [];
  for (const term of (query.get('fieldSelector') ?? '').split(',').filter((t) => t.trim())) {
    const m = /^\s*metadata\.(name|namespace)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m)
      return reject(
        statusReply(400, 'BadRequest', `field label not supported: ${term.split(/!?=/)[0]!.trim()}`),
        `fieldSelector ${term}`,
      );
    const [, field, op, value] = m;
    const actual = (name: string) => (field === 'name' ? name : ctx.namespace);
    fields.push((name) => (op === '!=' ? actual(name) !== value : actual(name) === value));
  }
  let token: ContinueToken | undefined;
  const raw = query.get('continue');
  if (raw) {
    try {
      token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ContinueToken;
      if (typeof token.after !== 'string' || typeof token.rv !== 'number') throw new Error('shape');
    } catch {
      return reject(statusReply(400, 'BadRequest', `continue key is not valid: ${raw}`), `continue ${raw}`);
    }
  }
  const limit = Number(query.get('limit') ?? 0);
  const matching = objectsOf(ctx)
    .filter((o) => matchesLabels(requirements, o.labels) && fields.every((f) => f(o.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter((o) => !token || o.name > token.after);
  const page = limit > 0 ? matching.slice(0, limit) : matching;
  const rv = token?.rv ?? ctx.state.resourceVersion;
  const more = page.length < matching.length;
  return {
    reply: {
      status: 200,
      body: {
        apiVersion: `${ctx.type.group}/${ctx.type.version}`,
        kind: `${ctx.type.kind}List`,
        metadata: {
          resourceVersion: String(rv),
          ...(more
            ? {
                continue: Buffer.from(
                  JSON.stringify({ rv, after: page.at(-1)!.name } satisfies ContinueToken),
                ).toString('base64url'),
                ...(requirements.length || fields.length ? {} : { remainingItemCount: matching.length - page.length }),
              }
            : {}),
        },
        items: page.map((o) => o.object()),
      },
    },
  };
}

function get(ctx: Context, name: string): ResourceOutcome {
  const object =
    ctx.type.store === 'dashboards'
      ? mapDefined(ctx.state.dashboards.get(name), (d) => dashboardObject(ctx, d))
      : ctx.type.store === 'folders'
        ? mapDefined(ctx.state.folders.get(name), (f) => folderObject(ctx, f))
        : routingTreeObject(ctx, name);
  return object ? { reply: { status: 200, body: object } } : notFound(ctx, name);
}

const mapDefined = <T, U>(value: T | undefined, f: (v: T) => U): U | undefined =>
  value === undefined ? undefined : f(value);

/**
 * `GET .../folders/<name>/counts` (Grafana's `getFolderCounts`): what the folder's subtree holds, by resource,
 * the folder itself not counted.
 */
function counts(ctx: Context, name: string): ResourceOutcome {
  const { state } = ctx;
  if (!state.folders.has(name)) return notFound(ctx, name);
  const subtree = new Set(state.subtree(name).map((f) => f.uid));
  const dashboards = [...state.dashboards.values()].filter((d) => d.folderUid && subtree.has(d.folderUid)).length;
  const alertRules = [...state.ruleGroups.entries()]
    .filter(([key]) => subtree.has(key.split('/')[0]!))
    .reduce((n, [, group]) => n + ((group.rules as unknown[] | undefined)?.length ?? 0), 0);
  return {
    reply: {
      status: 200,
      body: {
        kind: 'DescendantCounts',
        apiVersion: `${ctx.type.group}/${ctx.type.version}`,
        counts: [
          { group: FOLDER_GROUP, resource: 'folders', count: subtree.size - 1 },
          { group: DASHBOARD_GROUP, resource: 'dashboards', count: dashboards },
          { group: 'sql-fallback', resource: 'alertrules', count: alertRules },
          { group: 'sql-fallback', resource: 'library_elements', count: 0 },
        ],
      },
    },
    responseSchema: {
      snapshot: ctx.snapshot,
      name: 'com.github.grafana.grafana.apps.folder.pkg.apis.folder.v1.DescendantCounts',
    },
  };
}

// ---- create and replace ------------------------------------------------------------------------------

interface Incoming {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly folder?: string;
  readonly resourceVersion?: string;
  readonly spec: Json;
}

function incoming(ctx: Context, body: Json, urlName: string | undefined): Incoming | ResourceOutcome {
  const meta = (body.metadata ?? {}) as Json;
  let name = typeof meta.name === 'string' ? meta.name : '';
  if (!name && urlName === undefined && typeof meta.generateName === 'string' && meta.generateName)
    name = `${meta.generateName}${randomUUID().replace(/-/g, '').slice(0, 5)}`;
  if (urlName !== undefined && name && name !== urlName)
    return reject(
      statusReply(
        400,
        'BadRequest',
        `the name of the object (${name}) does not match the name on the URL (${urlName})`,
      ),
      `name ${name} on ${urlName}`,
    );
  if (!name && urlName === undefined)
    return invalid(ctx, '', [
      {
        field: 'metadata.name',
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
      },
    ]);
  name ||= urlName!;
  const causes: Array<{ field: string; reason: string; message: string }> = [];
  if (!UID.test(name) || name.length > MAX_NAME)
    causes.push({
      field: 'metadata.name',
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a name is at most ${MAX_NAME} letters, digits, '-' or '_'`,
    });
  if (typeof meta.namespace === 'string' && meta.namespace && meta.namespace !== ctx.namespace)
    causes.push({
      field: 'metadata.namespace',
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${meta.namespace}": does not match the namespace of the URL`,
    });
  const labels = { ...((meta.labels ?? {}) as Record<string, string>) };
  for (const [key, value] of Object.entries(labels)) {
    if (!QUALIFIED_KEY.test(key) || key.split('/').at(-1)!.length > 63)
      causes.push({
        field: `metadata.labels`,
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${key}": not a qualified name`,
      });
    if (!LABEL_VALUE.test(value) || value.length > 63)
      causes.push({
        field: `metadata.labels`,
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
  }
  const annotations = { ...((meta.annotations ?? {}) as Record<string, string>) };
  for (const key of Object.keys(annotations))
    if (!QUALIFIED_KEY.test(key))
      causes.push({
        field: 'metadata.annotations',
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${key}": not a qualified name`,
      });
  if (causes.length) return invalid(ctx, name, causes);
  const folder = annotations[FOLDER_ANNOTATION] || undefined;
  delete annotations[FOLDER_ANNOTATION];
  return {
    name,
    labels,
    annotations,
    folder,
    resourceVersion:
      typeof meta.resourceVersion === 'string' && meta.resourceVersion ? meta.resourceVersion : undefined,
    spec: (body.spec ?? {}) as Json,
  };
}

const isOutcome = (value: Incoming | ResourceOutcome): value is ResourceOutcome => 'reply' in value;

function conflict(ctx: Context, name: string): ResourceOutcome {
  return {
    reply: statusReply(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${ctx.resourceName} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: ctx.type.group, kind: ctx.type.plural },
    ),
  };
}

const dryRun = (ctx: Context) => ctx.query.get('dryRun') === 'All';

function create(ctx: Context, body: Json): ResourceOutcome {
  const parsed = incoming(ctx, body, undefined);
  if (isOutcome(parsed)) return parsed;
  const exists =
    ctx.type.store === 'dashboards'
      ? ctx.state.dashboards.has(parsed.name)
      : ctx.type.store === 'folders'
        ? ctx.state.folders.has(parsed.name)
        : parsed.name === USER_DEFINED_TREE || ctx.state.routingTrees.has(parsed.name);
  if (exists)
    return {
      reply: statusReply(409, 'AlreadyExists', `${ctx.resourceName} "${parsed.name}" already exists`, {
        name: parsed.name,
        group: ctx.type.group,
        kind: ctx.type.plural,
      }),
    };
  return write(ctx, parsed, 201);
}

function replace(ctx: Context, urlName: string, body: Json): ResourceOutcome {
  const parsed = incoming(ctx, body, urlName);
  if (isOutcome(parsed)) return parsed;
  const current =
    ctx.type.store === 'dashboards'
      ? ctx.state.dashboards.get(urlName)
      : ctx.type.store === 'folders'
        ? ctx.state.folders.get(urlName)
        : urlName === USER_DEFINED_TREE
          ? ctx.state.userDefinedTree
          : ctx.state.routingTrees.get(urlName);
  if (!current) return notFound(ctx, urlName);
  const currentRv = ensureMeta(ctx.state, current).resourceVersion;
  if (parsed.resourceVersion !== undefined && parsed.resourceVersion !== String(currentRv))
    return conflict(ctx, urlName);
  return write(ctx, parsed, 200);
}

/** Stores a created or replaced object (after the checks of its kind) and answers with it. */
function write(ctx: Context, input: Incoming, status: 200 | 201): ResourceOutcome {
  if (ctx.type.store === 'dashboards') return writeDashboard(ctx, input, status);
  if (ctx.type.store === 'folders') return writeFolder(ctx, input, status);
  return writeRoutingTree(ctx, input, status);
}

function newMeta(ctx: Context, input: Incoming): ResourceMeta {
  return { uid: randomUUID(), resourceVersion: 0, labels: input.labels, annotations: input.annotations };
}

function writeDashboard(ctx: Context, input: Incoming, status: 200 | 201): ResourceOutcome {
  const { state } = ctx;
  const v2 = ctx.type.version === 'v2';
  const title = typeof input.spec.title === 'string' ? input.spec.title.trim() : '';
  if (!title)
    return invalid(ctx, input.name, [
      { field: 'spec.title', reason: 'FieldValueRequired', message: 'Required value: a dashboard needs a title' },
    ]);
  if (input.folder && !state.folders.has(input.folder))
    return reject(
      statusReply(400, 'BadRequest', `folder "${input.folder}" not found`),
      `folder ${input.folder} not found`,
    );
  const existing = state.dashboards.get(input.name);
  const spec = goJson(input.spec);
  const changed =
    !existing ||
    Boolean(existing.v2) !== v2 ||
    JSON.stringify(v2 ? existing.v2 : goJson(classicSpec(existing))) !==
      JSON.stringify(v2 ? spec : goJson(withoutAssigned(spec)));
  const version = existing ? existing.version + (changed ? 1 : 0) : 1;
  const id = existing?.id ?? state.nextId();
  const now = state.now();
  const stored: StoredDashboard = {
    id,
    uid: input.name,
    version,
    ...(input.folder ? { folderUid: input.folder } : {}),
    json: v2 ? legacyViewOfV2(id, input.name, version, spec) : goJson({ ...spec, id, uid: input.name, version }),
    ...(v2 ? { v2: spec } : {}),
    meta: existing?.meta
      ? { ...existing.meta, labels: input.labels, annotations: input.annotations }
      : newMeta(ctx, input),
    created: existing?.created ?? now,
    updated: now,
  };
  if (dryRun(ctx)) return { reply: { status, body: dashboardObject(ctx, stored) } };
  state.touch(stored);
  state.dashboards.set(input.name, stored);
  return { reply: { status, body: dashboardObject(ctx, stored) } };
}

function withoutAssigned(spec: Json): Json {
  const { id: _id, uid: _uid, version: _version, ...rest } = spec;
  return rest;
}

function writeFolder(ctx: Context, input: Incoming, status: 200 | 201): ResourceOutcome {
  const { state } = ctx;
  const title = typeof input.spec.title === 'string' ? input.spec.title.trim() : '';
  if (!title)
    return invalid(ctx, input.name, [
      { field: 'spec.title', reason: 'FieldValueRequired', message: 'Required value: a folder needs a title' },
    ]);
  const existing = state.folders.get(input.name);
  const parent = input.folder;
  if (parent && !state.folders.has(parent))
    return reject(statusReply(400, 'BadRequest', `parent folder "${parent}" not found`), `parent ${parent} not found`);
  if (parent && existing && state.subtree(existing.uid).some((f) => f.uid === parent))
    return reject(
      statusReply(400, 'BadRequest', 'cannot move a folder into itself or one of its subfolders'),
      `folder ${input.name} into its own subtree`,
    );
  const taken = [...state.folders.values()].some(
    (f) => f.uid !== input.name && f.parentUid === parent && f.title.toLowerCase() === title.toLowerCase(),
  );
  if (taken)
    return {
      reply: statusReply(409, 'Conflict', 'a folder with the same name already exists in the parent folder', {
        name: input.name,
        group: ctx.type.group,
        kind: ctx.type.plural,
      }),
    };
  const description =
    typeof input.spec.description === 'string' && input.spec.description ? input.spec.description : undefined;
  const now = state.now();
  const changed = !existing || existing.title !== title || (existing.description ?? '') !== (description ?? '');
  const folder: StoredFolder = {
    id: existing?.id ?? state.nextId(),
    uid: input.name,
    title,
    ...(description ? { description } : {}),
    ...(parent ? { parentUid: parent } : {}),
    version: existing ? existing.version + (changed ? 1 : 0) : 1,
    // Grafana's defaults for a new folder: its creator administers it, every Editor edits and every Viewer views it.
    acl: existing?.acl ?? [
      { userId: CALLER_USER_ID, permission: 4 },
      { role: 'Editor', permission: 2 },
      { role: 'Viewer', permission: 1 },
    ],
    meta: existing?.meta
      ? { ...existing.meta, labels: input.labels, annotations: input.annotations }
      : newMeta(ctx, input),
    created: existing?.created ?? now,
    updated: now,
  };
  if (dryRun(ctx)) return { reply: { status, body: folderObject(ctx, folder) } };
  state.touch(folder);
  state.folders.set(input.name, folder);
  return { reply: { status, body: folderObject(ctx, folder) } };
}

function writeRoutingTree(ctx: Context, input: Incoming, status: 200 | 201): ResourceOutcome {
  const { state } = ctx;
  const spec = goJson(input.spec);
  const receivers = new Set([DEFAULT_RECEIVER, ...[...state.contactPoints.values()].map((c) => String(c.name))]);
  const intervals = new Set(state.muteTimings.keys());
  const problems = [...new Set(treeProblems(spec, receivers, intervals))];
  if (problems.length)
    return reject(
      statusReply(400, 'BadRequest', `invalid routing tree: ${problems.slice(0, 3).join('; ')}`),
      `routing tree ${input.name}: ${problems.join('; ')}`,
    );
  if (dryRun(ctx)) return { reply: { status, body: { ...routingTreeObject(ctx, input.name), spec } } };
  if (input.name === USER_DEFINED_TREE) {
    const tree = state.userDefinedTree;
    const policy = specToPolicy(spec);
    if (JSON.stringify(goJson(policyToSpec(state.policy))) !== JSON.stringify(goJson(policyToSpec(policy))))
      tree.generation += 1;
    state.policy = goJson({ ...policy, provenance: 'api' });
    tree.meta = { ...ensureMeta(state, tree), labels: input.labels, annotations: input.annotations };
    state.touch(tree);
  } else {
    const existing = state.routingTrees.get(input.name);
    const tree: StoredRoutingTree = {
      name: input.name,
      spec,
      generation: existing ? existing.generation + (JSON.stringify(existing.spec) === JSON.stringify(spec) ? 0 : 1) : 1,
      meta: existing ? { ...existing.meta, labels: input.labels, annotations: input.annotations } : newMeta(ctx, input),
      created: existing?.created ?? state.now(),
    };
    state.touch(tree);
    state.routingTrees.set(input.name, tree);
  }
  return { reply: { status, body: routingTreeObject(ctx, input.name) } };
}

function treeProblems(spec: Json, receivers: ReadonlySet<string>, intervals: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const defaults = (spec.defaults ?? {}) as Json;
  if (!defaults.receiver) problems.push('spec.defaults.receiver is required');
  else if (!receivers.has(String(defaults.receiver)))
    problems.push(`receiver "${String(defaults.receiver)}" does not exist`);
  const walk = (routes: Json[]) => {
    for (const route of routes) {
      if (route.receiver !== undefined && route.receiver !== '' && !receivers.has(String(route.receiver)))
        problems.push(`receiver "${String(route.receiver)}" does not exist`);
      for (const name of [
        ...((route.mute_time_intervals ?? []) as string[]),
        ...((route.active_time_intervals ?? []) as string[]),
      ])
        if (!intervals.has(name)) problems.push(`time interval "${name}" does not exist`);
      walk((route.routes ?? []) as Json[]);
    }
  };
  walk((spec.routes ?? []) as Json[]);
  return problems;
}

/** The `user-defined` tree's spec, from the single policy tree of the provisioning API. */
export function policyToSpec(policy: Json): Json {
  const route = (r: Json): Json =>
    goJson({
      continue: r.continue === true,
      ...(r.receiver ? { receiver: r.receiver } : {}),
      ...(r.group_by ? { group_by: r.group_by } : {}),
      ...(r.group_wait ? { group_wait: r.group_wait } : {}),
      ...(r.group_interval ? { group_interval: r.group_interval } : {}),
      ...(r.repeat_interval ? { repeat_interval: r.repeat_interval } : {}),
      ...(r.mute_time_intervals ? { mute_time_intervals: r.mute_time_intervals } : {}),
      ...(r.active_time_intervals ? { active_time_intervals: r.active_time_intervals } : {}),
      ...(r.object_matchers
        ? {
            matchers: (r.object_matchers as string[][]).map(([label, type, value]) => ({ label, type, value })),
          }
        : {}),
      ...(r.routes ? { routes: (r.routes as Json[]).map(route) } : {}),
    });
  return goJson({
    defaults: {
      receiver: policy.receiver ?? DEFAULT_RECEIVER,
      ...(policy.group_by ? { group_by: policy.group_by } : {}),
      ...(policy.group_wait ? { group_wait: policy.group_wait } : {}),
      ...(policy.group_interval ? { group_interval: policy.group_interval } : {}),
      ...(policy.repeat_interval ? { repeat_interval: policy.repeat_interval } : {}),
    },
    routes: ((policy.routes ?? []) as Json[]).map(route),
  });
}

function specToPolicy(spec: Json): Json {
  const route = (r: Json): Json => {
    const { matchers, routes, ...rest } = r;
    return {
      ...rest,
      ...(matchers ? { object_matchers: (matchers as Json[]).map((m) => [m.label, m.type, m.value]) } : {}),
      ...(routes ? { routes: (routes as Json[]).map(route) } : {}),
    };
  };
  return { ...((spec.defaults ?? {}) as Json), routes: ((spec.routes ?? []) as Json[]).map(route) };
}

// ---- delete ------------------------------------------------------------------------------------------

function remove(ctx: Context, name: string, raw: string): ResourceOutcome {
  const { state } = ctx;
  let preconditionRv: string | undefined;
  if (raw) {
    try {
      const options = JSON.parse(raw) as { preconditions?: { resourceVersion?: string } };
      preconditionRv = options.preconditions?.resourceVersion;
    } catch {
      return reject(
        statusReply(400, 'BadRequest', 'the body of the request was in an unknown format'),
        'DeleteOptions is not JSON',
      );
    }
  }
  const record =
    ctx.type.store === 'dashboards'
      ? state.dashboards.get(name)
      : ctx.type.store === 'folders'
        ? state.folders.get(name)
        : name === USER_DEFINED_TREE
          ? state.userDefinedTree
          : state.routingTrees.get(name);
  if (!record) return notFound(ctx, name);
  const meta = ensureMeta(state, record);
  if (preconditionRv !== undefined && preconditionRv !== String(meta.resourceVersion))
    return {
      reply: statusReply(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${ctx.resourceName} "${name}": Precondition failed: ResourceVersion in precondition: ${preconditionRv}, ResourceVersion in object meta: ${meta.resourceVersion}`,
        { name, group: ctx.type.group, kind: ctx.type.plural },
      ),
    };
  const success = statusReply(200, 'Success', '', {
    name,
    group: ctx.type.group,
    kind: ctx.type.plural,
    uid: meta.uid,
  });
  const body = { ...(success.body as Json) };
  delete body.reason;
  delete body.message;
  if (dryRun(ctx)) return { reply: { status: 200, body } };
  if (ctx.type.store === 'dashboards') state.dashboards.delete(name);
  else if (ctx.type.store === 'folders') {
    // The same cascade as the legacy route: subfolders and their dashboards go too; alert rules block it.
    const legacy = ROUTES['DELETE /folders/{folder_uid}']!(state, {
      params: { folder_uid: name },
      query: new URLSearchParams(),
      body: undefined,
    });
    if (legacy.status !== 200)
      return { reply: statusReply(legacy.status, 'BadRequest', String((legacy.body as Json).message)) };
  } else if (name === USER_DEFINED_TREE) {
    state.policy = { receiver: DEFAULT_RECEIVER, group_by: ['grafana_folder', 'alertname'] };
    state.userDefinedTree.generation += 1;
    state.touch(state.userDefinedTree);
  } else state.routingTrees.delete(name);
  state.nextResourceVersion();
  return { reply: { status: 200, body } };
}

// ---- discovery ---------------------------------------------------------------------------------------

function apiGroupList(options: ResourceApiOptions): Json {
  const groups = new Map<string, ResourceType[]>();
  for (const type of servedTypes(options)) groups.set(type.group, [...(groups.get(type.group) ?? []), type]);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, types]) => {
      const versions = [...new Set(types.map((t) => t.version))].map((version) => ({
        groupVersion: `${name}/${version}`,
        version,
      }));
      return { name, versions, preferredVersion: versions[0] };
    }),
  };
}

function apiResourceList(request: ResourceRequest, options: ResourceApiOptions): Json {
  const [, , group, version] = request.operation.split('/');
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${group}/${version}`,
    resources: servedTypes(options)
      .filter((t) => t.group === group && t.version === version)
      .map((t) => ({
        name: t.plural,
        singularName: t.kind.toLowerCase(),
        namespaced: true,
        kind: t.kind,
        verbs: ['create', 'delete', 'get', 'list', 'update'],
      })),
  };
}
