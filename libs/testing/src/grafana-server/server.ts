import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultDrawer, type FaultKind, type FaultPlan } from './faults.ts';
import { loadOpenApiValidator, type MatchedOperation, type OpenApiValidator } from './openapi.ts';
import { handleResourceRequest, matchResourceRequest, statusReply, type ResourceApiOptions } from './resources/api.ts';
import { decode } from './resources/schema.ts';
import { ROUTES, type Reply } from './routes.ts';
import { GrafanaState } from './state.ts';

export type { FaultKind, FaultPlan } from './faults.ts';
export { FAULT_KINDS } from './faults.ts';
export {
  GrafanaState,
  type ResourceMeta,
  type StoredDashboard,
  type StoredFolder,
  type StoredRoutingTree,
} from './state.ts';
export { RESOURCE_TYPES, FOLDER_ANNOTATION, USER_DEFINED_TREE, type ResourceApiOptions } from './resources/api.ts';

/**
 * Options of the test server. Resource API (Grafana 12/13 `/apis`): on by default with dashboards v1, v1beta1
 * and v2, folders v1 and routing trees; `resourceApi: false` acts as an older Grafana (legacy routes only),
 * `dashboardV2: false` as a Grafana 12 without schema v2, `routingTrees: false` as one without named trees.
 */
export interface GrafanaTestServerOptions extends ResourceApiOptions {
  /** The Bearer token that may do everything. */
  readonly token: string;
  /** A token that may read but not write (403), as a Viewer's would. */
  readonly viewerToken?: string;
  readonly faults?: FaultPlan;
}

export interface RequestRecord {
  readonly method: string;
  /**
   * The spec's path (`/dashboards/uid/{uid}`), or the URL path when the spec has none; for the resource API,
   * the snapshot's path with the version served (`/apis/dashboard.grafana.app/v2/namespaces/{namespace}/dashboards/{name}`).
   */
  readonly operation: string;
  /** The status sent, or the injected fault that replaced or hid it. */
  readonly outcome: number | FaultKind;
}

export interface GrafanaTestServer {
  /** `http://127.0.0.1:<port>`: Grafana's root URL (the API is under /api). */
  readonly url: string;
  readonly state: GrafanaState;
  /** Every request, in arrival order. */
  readonly requests: readonly RequestRecord[];
  /** Requests the spec rejects (answered 400, as Grafana would): a correct client sends none. */
  readonly rejectedRequests: readonly string[];
  /** Responses of this server that the spec does not allow: a bug of the server, to be fixed. */
  readonly responseViolations: readonly string[];
  /** Replaces the fault plan (undefined: no faults). */
  setFaults(plan: FaultPlan | undefined): void;
  /** Forgets the request log. */
  resetRequests(): void;
  stop(): Promise<void>;
}

/**
 * A stand-in for Grafana's HTTP API on 127.0.0.1 at a free port, with its state in memory: it
 * implements the operations the publisher uses (see routes.ts), checks the Bearer token, validates
 * every request and response body against Grafana's OpenAPI spec, and injects faults on demand.
 */
export async function startGrafanaTestServer(options: GrafanaTestServerOptions): Promise<GrafanaTestServer> {
  const validator = loadOpenApiValidator();
  const state = new GrafanaState();
  const requests: RequestRecord[] = [];
  const rejectedRequests: string[] = [];
  const responseViolations: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let drawFault = options.faults ? faultDrawer(options.faults) : undefined;
  let faults = options.faults;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const resource =
        url.pathname === '/apis' || url.pathname.startsWith('/apis/')
          ? matchResourceRequest(url.pathname, options)
          : undefined;
      const op = resource ? undefined : validator.match(method, url.pathname);
      const operation = resource?.operation ?? op?.template ?? url.pathname;
      const log = (outcome: RequestRecord['outcome']) => requests.push({ method, operation, outcome });
      const fault = url.pathname.startsWith('/api/') || resource ? drawFault?.(`${method} ${operation}`) : undefined;
      const send = (
        reply: Reply & { retryAfterSeconds?: number },
        outcome: RequestRecord['outcome'] = reply.status,
      ) => {
        log(outcome);
        respond(res, reply);
      };
      const drop = (outcome: FaultKind) => {
        log(outcome);
        req.socket.destroy();
      };

      if (fault === 'error-500')
        return send({ status: 500, body: { message: 'Internal Server Error (injected)' } }, fault);
      if (fault === 'throttle-429')
        return send(
          {
            status: 429,
            body: { message: 'Too Many Requests (injected)' },
            retryAfterSeconds: faults?.retryAfterSeconds ?? 1,
          },
          fault,
        );
      if (fault === 'reset-before') return drop(fault);

      let reply: Reply;
      if (resource) {
        const denied = authorize(req.headers.authorization, method, options);
        if (denied) reply = statusReply(denied.status, denied.reason, denied.message);
        else {
          const outcome = handleResourceRequest(state, options, resource, method, url.searchParams, raw);
          reply = outcome.reply;
          if (outcome.rejected) rejectedRequests.push(outcome.rejected);
          if (outcome.responseSchema) {
            const checked = decode(outcome.responseSchema.snapshot, outcome.responseSchema.name, reply.body, true);
            for (const problem of [...checked.errors, ...checked.unknown.map((f) => `${f}: not in the schema`)])
              responseViolations.push(`${method} ${operation} -> ${reply.status}: ${problem}`);
          }
        }
      } else {
        reply = handle(state, validator, op, method, url, req.headers.authorization, raw, options, rejectedRequests);
        if (op)
          for (const problem of validator.responseErrors(op, reply.status, reply.body))
            responseViolations.push(`${method} ${op.template} -> ${reply.status}: ${problem}`);
      }
      if (fault === 'reset-after') return drop(fault);
      if (fault === 'slow') {
        log(fault);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) respond(res, reply);
        }, faults?.delayMs ?? 1000);
        timers.add(timer);
        return;
      }
      send(reply);
    });
  });
  // Undici keeps connections alive; the test's client must not find a closed one after a pause.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    rejectedRequests,
    responseViolations,
    setFaults(plan) {
      faults = plan;
      drawFault = plan ? faultDrawer(plan) : undefined;
    },
    resetRequests: () => void requests.splice(0),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(
  state: GrafanaState,
  validator: OpenApiValidator,
  op: MatchedOperation | undefined,
  method: string,
  url: URL,
  authorization: string | undefined,
  raw: string,
  options: GrafanaTestServerOptions,
  rejected: string[],
): Reply {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (token !== options.token && (token === undefined || token !== options.viewerToken))
    return { status: 401, body: { message: 'Unauthorized' } };
  if (token !== options.token && method !== 'GET')
    return {
      status: 403,
      body: {
        message:
          "You'll need additional permissions to perform this action. Permissions needed: any of dashboards:write, folders:write",
      },
    };
  if (!op) return { status: 404, body: { message: 'Not found' } };
  const handler = ROUTES[`${method} ${op.template}`];
  if (!handler)
    return {
      status: 501,
      body: { message: `${method} ${op.template} is in Grafana's API but not in the test server` },
    };

  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    rejected.push(`${method} ${op.template}: body is not JSON`);
    return { status: 400, body: { message: 'bad request data' } };
  }
  const problems = validator.requestErrors(op, url.searchParams, body);
  if (problems.length) {
    rejected.push(`${method} ${op.template}: ${problems.join('; ')}`);
    return { status: 400, body: { message: `bad request data: ${problems.join('; ')}` } };
  }
  return handler(state, { params: op.params, query: url.searchParams, body });
}

/** Why the Bearer token may not make this request (the resource API answers it as a Status). */
function authorize(
  authorization: string | undefined,
  method: string,
  options: GrafanaTestServerOptions,
): { status: number; reason: string; message: string } | undefined {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (token !== options.token && (token === undefined || token !== options.viewerToken))
    return { status: 401, reason: 'Unauthorized', message: 'Unauthorized' };
  if (token !== options.token && method !== 'GET')
    return { status: 403, reason: 'Forbidden', message: 'You do not have permission to write this resource' };
  return undefined;
}

function respond(res: ServerResponse, reply: Reply & { retryAfterSeconds?: number }): void {
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...(reply.retryAfterSeconds !== undefined ? { 'Retry-After': String(reply.retryAfterSeconds) } : {}),
    ...reply.headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
