import {
  applyPlan,
  chooseApi,
  contains,
  createGrafanaClient,
  createResourceClient,
  createTransport,
  DEFAULT_RETRY_POLICY,
  editedSincePublish,
  forApi,
  GENERATION_ANNOTATION,
  isManaged,
  MANAGED_LABEL,
  observe,
  observeResources,
  plan,
  SOURCE_ANNOTATION,
  type Json,
  type ManifestEntry,
} from '@plotwatch/publish';
import {
  FAULT_KINDS,
  FIXTURE_TENANTS_DIR,
  startGrafanaTestServer,
  type GrafanaState,
  type GrafanaTestServer,
} from '@plotwatch/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { publishGrafana } from './grafana.ts';
import { readGrafanaOut } from './out.ts';
import { plotwatchHere, writeReferencedSecrets } from '../test-support.ts';

const CLI = join(REPO_ROOT, 'tools/cli/bin/plotwatch.js');
/** Planted: no line any run of this file prints may contain it. */
const TOKEN = 'glsa_PLANTED9f1c2e7b_tokenThatMustNeverBePrinted';
const TOKEN_ENV = 'PLOTWATCH_TEST_GRAFANA_TOKEN';
const SLACK_SECRET = 'https://hooks.slack.example/services/PLANTED-SLACK-SECRET';

let work: string;
/** out/ of the fixture tenants (fixed, whatever the repo's are), and the same with aurora-books' story-api error-ratio threshold raised. */
let base: string;
let raised: string;
/** out/ for the dev environment, a Grafana 13 target: v2 dashboard resources, no classic dashboards. */
let v2: string;
let secretsRoot: string;
const everyOutputLine: string[] = [];
const servers: GrafanaTestServer[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plotwatch-publish-'));
  base = join(work, 'base');
  raised = join(work, 'raised');
  const tenants = join(work, 'tenants');
  await cp(FIXTURE_TENANTS_DIR, tenants, { recursive: true });
  const aurora = join(tenants, 'aurora-books.yaml');
  await writeFile(
    aurora,
    (await readFile(aurora, 'utf8')).replace('story_api_error_ratio: 0.005', 'story_api_error_ratio: 0.007'),
  );
  v2 = join(work, 'v2');
  // Built in this process, one after another (they share the build cache beside them).
  for (const args of [
    ['--out', base, '--tenants-dir', FIXTURE_TENANTS_DIR],
    ['--out', raised, '--tenants-dir', tenants],
    // A Grafana 13 target: schema v2 dashboards, as resources only.
    ['--env', 'dev', '--out', v2, '--tenants-dir', FIXTURE_TENANTS_DIR],
  ]) {
    const build = await plotwatchHere('build', ...args);
    expect(build.ok, build.output).toBe(true);
  }
  secretsRoot = join(work, 'secrets');
  await writeReferencedSecrets(base, secretsRoot);
  await writeReferencedSecrets(v2, secretsRoot);
}, 90_000);

afterEach(async () => {
  for (const server of servers.splice(0)) {
    // Whatever a test did, the publisher never sent a request the spec rejects, and the server
    // never answered outside it.
    expect(server.rejectedRequests).toEqual([]);
    expect(server.responseViolations).toEqual([]);
    await server.stop();
  }
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

type ServerOptions = Partial<Parameters<typeof startGrafanaTestServer>[0]>;

async function startServer(options: ServerOptions = {}): Promise<GrafanaTestServer> {
  const server = await startGrafanaTestServer({ token: TOKEN, ...options });
  servers.push(server);
  return server;
}

/**
 * The two APIs the publisher talks: Grafana's legacy `/api` (the test server acting as a Grafana before 12,
 * without `/apis`, so `--api auto` picks legacy) and the resource API (the test server as Grafana 13, where
 * auto picks resources). Each names the routes a dashboard or folder write takes, as the server logs them.
 */
const DASHBOARDS = '/apis/dashboard.grafana.app/v1/namespaces/{namespace}/dashboards';
const FOLDERS = '/apis/folder.grafana.app/v1/namespaces/{namespace}/folders';
const MODES = {
  legacy: {
    server: { resourceApi: false } as ServerOptions,
    createDashboard: 'POST /dashboards/db',
    createDashboardPath: '/api/dashboards/db',
    updateDashboard: 'POST /dashboards/db',
    getDashboard: 'GET /dashboards/uid/{uid}',
    listDashboards: 'GET /search',
    deleteDashboard: 'DELETE /dashboards/uid/{uid}',
    deleteFolder: 'DELETE /folders/{folder_uid}',
  },
  resources: {
    server: {} as ServerOptions,
    createDashboard: `POST ${DASHBOARDS}`,
    createDashboardPath: '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards',
    updateDashboard: `PUT ${DASHBOARDS}/{name}`,
    getDashboard: `GET ${DASHBOARDS}/{name}`,
    listDashboards: `GET ${DASHBOARDS}`,
    deleteDashboard: `DELETE ${DASHBOARDS}/{name}`,
    deleteFolder: `DELETE ${FOLDERS}/{name}`,
  },
} as const;
type Mode = keyof typeof MODES;

const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

/** A person changing a dashboard's title through the API, as they would: read it, change it, save it back. */
async function retitleThroughApi(server: GrafanaTestServer, mode: Mode, uid: string, title: string): Promise<void> {
  if (mode === 'legacy') {
    const current = (await (await fetch(`${server.url}/api/dashboards/uid/${uid}`, { headers })).json()) as {
      dashboard: Json;
      meta: { folderUid: string };
    };
    const saved = await fetch(`${server.url}/api/dashboards/db`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ dashboard: { ...current.dashboard, title }, folderUid: current.meta.folderUid }),
    });
    expect(saved.status).toBe(200);
    return;
  }
  const url = `${server.url}/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/${uid}`;
  const current = (await (await fetch(url, { headers })).json()) as { spec: Json } & Json;
  const saved = await fetch(url, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ ...current, spec: { ...current.spec, title } }),
  });
  expect(saved.status).toBe(200);
}

/** Runs the command in-process, as `plotwatch publish grafana`, with the token in the environment. */
async function publish(
  server: GrafanaTestServer,
  out: string,
  ...flags: string[]
): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const io = { print: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), env: { [TOKEN_ENV]: TOKEN } };
  const code = await publishGrafana(
    ['--url', server.url, '--token-env', TOKEN_ENV, '--out', out, '--secrets-root', secretsRoot, ...flags],
    io,
  );
  everyOutputLine.push(...lines);
  return { code, output: lines.join('\n') };
}

async function manifest(out: string): Promise<ManifestEntry[]> {
  return (JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { artifacts: ManifestEntry[] }).artifacts;
}

const dashboardsOf = async (out: string) => (await manifest(out)).filter((e) => e.kind === 'grafana-dashboard');
const uidOf = (entry: ManifestEntry) =>
  entry.path
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
type Requests = Pick<GrafanaTestServer, 'requests'>;
const writes = (server: Requests) => server.requests.filter((r) => r.method !== 'GET');
const count = (server: Requests, operation: string) =>
  server.requests.filter((r) => `${r.method} ${r.operation}` === operation).length;

/** A publish to a fresh Grafana: what it said, the requests it made, and what it left in Grafana (not to be changed). */
interface FirstPublish extends Requests {
  readonly code: number;
  readonly output: string;
  readonly state: GrafanaState;
}

const firstPublishes = new Map<string, Promise<FirstPublish>>();

/**
 * `out` published with `flags` to a fresh Grafana acting as `mode`'s API, once for the file: a first
 * publish writes every team, folder and dashboard, the costliest run here, and many tests start
 * from one. Those that check it read this; those that start from it take a copy (publishedServer).
 */
function firstPublish(mode: Mode, out: string, ...flags: string[]): Promise<FirstPublish> {
  const key = [mode, out, ...flags].join(' ');
  let first = firstPublishes.get(key);
  if (!first) {
    first = (async () => {
      // Checked (no request or response outside the spec) and stopped after the test that asked first.
      const server = await startServer(MODES[mode].server);
      const { code, output } = await publish(server, out, ...flags);
      return { code, output, requests: [...server.requests], state: server.state };
    })();
    firstPublishes.set(key, first);
  }
  return first;
}

/**
 * A fresh Grafana acting as `mode`'s API, holding what firstPublish left: its state copied in
 * (GrafanaState is data, maps of JSON records and two counters), no request logged yet.
 */
async function publishedServer(mode: Mode, out: string, ...flags: string[]): Promise<GrafanaTestServer> {
  const first = await firstPublish(mode, out, ...flags);
  expect(first.code, first.output).toBe(0);
  const server = await startServer(MODES[mode].server);
  Object.assign(server.state, structuredClone(first.state));
  return server;
}

/**
 * The tree at `from` in `to`, its files hard links to `from`'s: a copy of out/ for what only reads
 * it, as the publisher does (copying its files took a third of a second of CPU each time).
 */
async function linkTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const paths = (kind: 'isDirectory' | 'isFile') =>
    entries.filter((e) => e[kind]()).map((e) => relative(from, join(e.parentPath, e.name)));
  for (const dir of ['', ...paths('isDirectory')]) await mkdir(join(to, dir), { recursive: true });
  await Promise.all(paths('isFile').map((path) => link(join(from, path), join(to, path))));
}

/** A copy of `out` with files added, replaced (content) or removed (null), and its manifest to match. */
async function variant(out: string, name: string, changes: Record<string, string | null>): Promise<string> {
  const dir = join(work, name);
  await linkTree(out, dir);
  // A file changed is unlinked first: written through its link, it would change `out`'s too.
  const put = async (path: string, content: string) => {
    await rm(join(dir, path), { force: true });
    await writeFile(join(dir, path), content);
  };
  const entries = new Map((await manifest(out)).map((e) => [e.path, e]));
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) {
      entries.delete(path);
      await rm(join(dir, path), { force: true });
      continue;
    }
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await put(path, content);
    const kind =
      entries.get(path)?.kind ?? (path.startsWith('grafana/alerting/') ? 'grafana-alerting' : 'grafana-dashboard');
    entries.set(path, {
      path,
      kind,
      tenant: null,
      persona: null,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  }
  await put('manifest.json', JSON.stringify({ generator: 'plotwatch', artifacts: [...entries.values()] }, null, 2));
  return dir;
}

describe.each(Object.keys(MODES) as Mode[])('plotwatch publish grafana, %s API', (mode) => {
  const routes = MODES[mode];
  const server = (options: ServerOptions = {}) => startServer({ ...routes.server, ...options });
  /** A Grafana that a first publish of base/ left as it is. */
  const published = () => publishedServer(mode, base);

  it('a first publish creates every team, folder, permission and dashboard of out/', async () => {
    const { code, output, state } = await firstPublish(mode, base);
    expect(code, output).toBe(0);
    expect(output).toContain(mode === 'legacy' ? 'through the legacy API' : 'through the resource API');

    const access = JSON.parse(await readFile(join(base, 'grafana/folders.json'), 'utf8')) as {
      folders: Array<{
        uid: string;
        title: string;
        parentUid?: string;
        permissions: Array<{ team: string; permission: string }>;
      }>;
    };
    expect([...state.dashboards.keys()].sort()).toEqual((await dashboardsOf(base)).map(uidOf).sort());
    for (const folder of access.folders) {
      const stored = state.folders.get(folder.uid);
      expect({ title: stored?.title, parentUid: stored?.parentUid }).toEqual({
        title: folder.title,
        parentUid: folder.parentUid,
      });
      // Exactly the teams folders.json names: Grafana's default Editor and Viewer entries are gone,
      // or every user would see every tenant.
      const acl = stored!.acl
        .map(
          (e) =>
            `${e.teamId !== undefined ? state.teams.get(e.teamId)?.name : (e.role ?? `user ${e.userId}`)}=${e.permission}`,
        )
        .sort();
      const levels: Record<string, number> = { View: 1, Edit: 2, Admin: 4 };
      expect(acl, folder.uid).toEqual(
        [...new Set(folder.permissions.map((p) => `${p.team}=${levels[p.permission]}`))].sort(),
      );
      if (mode === 'resources') expect(stored!.meta?.labels[MANAGED_LABEL], folder.uid).toBe('plotwatch');
    }
    const shas = new Map((await dashboardsOf(base)).map((e) => [uidOf(e), e.sha256]));
    for (const stored of state.dashboards.values()) {
      expect(isManaged(stored.json.tags as string[])).toBe(true);
      // The stamp survives Grafana's round trip (key order, id, version), so nothing reads as a hand edit.
      expect(editedSincePublish(stored.json), stored.uid).toBe(false);
      if (mode === 'resources') {
        expect(stored.meta?.labels[MANAGED_LABEL]).toBe('plotwatch');
        expect(stored.meta?.annotations[SOURCE_ANNOTATION]).toBe(shas.get(stored.uid));
        // The generation our write left, as Grafana counts it.
        expect(stored.meta?.annotations[GENERATION_ANNOTATION]).toBe(String(stored.version));
      }
    }
  });

  it('a second publish is a no-op: no write, and no request per dashboard', async () => {
    const grafana = await published();
    const again = await publish(grafana, base);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(
      /Plan: 0 to create, 0 to update, 0 to delete, 0 drifted \(left alone\), \d+ unchanged/,
    );
    expect(writes(grafana)).toEqual([]);
    expect(count(grafana, routes.getDashboard)).toBe(0);
    // Dashboards are read by paged lists (search, or the resource list by our label): a page, not a request each.
    const dashboards = (await dashboardsOf(base)).length;
    // (Search pages folders and dashboards alike: one page of each.)
    expect(count(grafana, routes.listDashboards)).toBe(mode === 'legacy' ? 2 : 1);
    const byRoute = new Map<string, number>();
    for (const r of grafana.requests)
      byRoute.set(`${r.method} ${r.operation}`, (byRoute.get(`${r.method} ${r.operation}`) ?? 0) + 1);
    for (const [route, n] of byRoute) expect(n, route).toBeLessThan(dashboards);
    expect((await publish(grafana, base, '--dry-run', '--exit-code')).code).toBe(0);
  });

  it('a changed threshold updates exactly the dashboards that show it', async () => {
    const before = new Map((await dashboardsOf(base)).map((e) => [e.path, e.sha256]));
    const changed = (await dashboardsOf(raised)).filter((e) => before.get(e.path) !== e.sha256).map(uidOf);
    expect(changed).toContain('aurora-books-ops-story-api');
    expect(changed.every((uid) => uid.startsWith('aurora-books-'))).toBe(true);

    const grafana = await published();
    const dryRun = await publish(grafana, raised, '--dry-run', '--exit-code');
    expect(dryRun.code).toBe(2);
    expect([...dryRun.output.matchAll(/^ {2}update {2}dashboard +(\S+)/gm)].map((m) => m[1])).toEqual(changed);

    grafana.resetRequests();
    const { code, output } = await publish(grafana, raised);
    expect(code, output).toBe(0);
    expect(count(grafana, routes.updateDashboard)).toBe(changed.length);
    // The legacy API fetches each dashboard it updates (search shows no content); the resource list shows it all.
    expect(count(grafana, routes.getDashboard)).toBe(mode === 'legacy' ? changed.length : 0);
    for (const stored of grafana.state.dashboards.values())
      expect(stored.version, stored.uid).toBe(changed.includes(stored.uid) ? 2 : 1);
    expect((await publish(grafana, raised, '--dry-run', '--exit-code')).code).toBe(0);
  });

  it("--prune deletes what out/ dropped (a dropped tenant's folders too) and leaves unmanaged dashboards and folders alone", async () => {
    const grafana = await published();
    // A person's own dashboard in a plotwatch folder, and their own empty folder.
    await fetch(`${grafana.url}/api/dashboards/db`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        dashboard: { uid: 'hand-made', title: 'Mine', tags: ['plotwatch'] },
        folderUid: 'tenant-inkwell-ops',
      }),
    });
    await fetch(`${grafana.url}/api/folders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ uid: 'scratch', title: 'Scratch' }),
    });

    const dropped = (await dashboardsOf(base)).filter(
      (e) => e.tenant === 'tinytales' || uidOf(e) === 'platform-ops-health',
    );
    const access = JSON.parse(await readFile(join(base, 'grafana/folders.json'), 'utf8')) as {
      folders: Array<{ uid: string }>;
    };
    const droppedFolders = access.folders.filter((f) => f.uid.startsWith('tenant-tinytales'));
    const pruned = await variant(base, `pruned-${mode}`, {
      ...Object.fromEntries(dropped.map((e) => [e.path, null])),
      'grafana/folders.json': JSON.stringify({
        ...access,
        folders: access.folders.filter((f) => !f.uid.startsWith('tenant-tinytales')),
      }),
    });

    const withoutPrune = await publish(grafana, pruned);
    expect(withoutPrune.code, withoutPrune.output).toBe(0);
    expect(withoutPrune.output).toContain('--prune deletes them');
    expect(grafana.state.dashboards.has('platform-ops-health')).toBe(true);

    grafana.resetRequests();
    const { code, output } = await publish(grafana, pruned, '--prune');
    expect(code, output).toBe(0);
    const remaining = [...grafana.state.dashboards.keys()];
    for (const e of dropped) expect(remaining).not.toContain(uidOf(e));
    expect(remaining).toContain('hand-made');
    expect([...grafana.state.folders.keys()].filter((uid) => uid.startsWith('tenant-tinytales'))).toEqual([]);
    expect(grafana.state.folders.has('scratch')).toBe(true);
    if (mode === 'legacy') {
      // The tenant's folder tree goes in one request, its dashboards with it.
      expect(count(grafana, routes.deleteFolder)).toBe(1);
      expect(count(grafana, routes.deleteDashboard)).toBe(1);
    } else {
      // One by one, contents first, each at the resourceVersion the list showed.
      expect(count(grafana, routes.deleteFolder)).toBe(droppedFolders.length);
      expect(count(grafana, routes.deleteDashboard)).toBe(dropped.length);
    }
    const settled = await publish(grafana, pruned, '--prune', '--dry-run', '--exit-code');
    expect(settled.code, settled.output).toBe(0);
  });

  it('--prune never touches an unmanaged resource: a dropped folder holding one is kept, with what plotwatch published', async () => {
    const grafana = await published();
    const access = JSON.parse(await readFile(join(base, 'grafana/folders.json'), 'utf8')) as {
      folders: Array<{ uid: string }>;
    };
    // Someone's dashboard in one of the folders a dropped tenant leaves behind.
    const saved = await fetch(`${grafana.url}${routes.createDashboardPath}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(
        mode === 'legacy'
          ? { dashboard: { uid: 'kept-by-someone', title: 'Someone keeps this' }, folderUid: 'tenant-tinytales-ops' }
          : {
              apiVersion: 'dashboard.grafana.app/v1',
              kind: 'Dashboard',
              metadata: { name: 'kept-by-someone', annotations: { 'grafana.app/folder': 'tenant-tinytales-ops' } },
              spec: { title: 'Someone keeps this' },
            },
      ),
    });
    expect(saved.ok).toBe(true);
    const dropped = (await dashboardsOf(base)).filter((e) => e.tenant === 'tinytales');
    const pruned = await variant(base, `pruned-kept-${mode}`, {
      ...Object.fromEntries(dropped.map((e) => [e.path, null])),
      'grafana/folders.json': JSON.stringify({
        ...access,
        folders: access.folders.filter((f) => !f.uid.startsWith('tenant-tinytales')),
      }),
    });
    const { code, output } = await publish(grafana, pruned, '--prune');
    expect(code, output).toBe(0);
    expect(grafana.state.dashboards.has('kept-by-someone')).toBe(true);
    expect(grafana.state.folders.has('tenant-tinytales-ops')).toBe(true);
    expect(grafana.state.folders.has('tenant-tinytales')).toBe(true);
    // What plotwatch published there is gone all the same.
    for (const e of dropped) expect(grafana.state.dashboards.has(uidOf(e)), uidOf(e)).toBe(false);
  });

  it('a dashboard edited in Grafana since the publish is drift: reported, kept, overwritten only with --force', async () => {
    const grafana = await published();
    grafana.state.editInUi('aurora-books-ops-story-api', (d) => void (d.description = 'tuned by hand'));

    const { code, output } = await publish(grafana, raised);
    expect(code).toBe(1);
    expect(output).toMatch(
      /^ {2}drift {3}dashboard +aurora-books-ops-story-api +edited in Grafana since plotwatch published it/m,
    );
    expect(output).toContain('--force overwrites them');
    expect(grafana.state.dashboards.get('aurora-books-ops-story-api')!.json.description).toBe('tuned by hand');

    const forced = await publish(grafana, raised, '--force');
    expect(forced.code, forced.output).toBe(0);
    const stored = grafana.state.dashboards.get('aurora-books-ops-story-api')!.json;
    expect(stored.description).not.toBe('tuned by hand');
    expect(editedSincePublish(stored)).toBe(false);
    expect((await publish(grafana, raised, '--dry-run', '--exit-code')).code).toBe(0);
  });

  it('a title changed through the API is drift on the next plain run (out/ unchanged): kept, overwritten only with --force', async () => {
    const grafana = await published();
    const uid = 'aurora-books-ops-story-api';
    await retitleThroughApi(grafana, mode, uid, 'Story API (mine now)');

    grafana.resetRequests();
    const { code, output } = await publish(grafana, base);
    expect(code, output).toBe(1);
    expect(output).toMatch(
      new RegExp(`^ {2}drift +dashboard +${uid} +edited in Grafana since plotwatch published it`, 'm'),
    );
    expect(output).toMatch(/Plan: 0 to create, 0 to update, 0 to delete, 1 drifted \(left alone\)/);
    expect(writes(grafana)).toEqual([]);
    // Seen in the list: the legacy API then fetches that one dashboard, the resource API nothing more.
    expect(count(grafana, routes.getDashboard)).toBe(mode === 'legacy' ? 1 : 0);
    expect(grafana.state.dashboards.get(uid)!.json.title).toBe('Story API (mine now)');

    const forced = await publish(grafana, base, '--force');
    expect(forced.code, forced.output).toBe(0);
    expect(grafana.state.dashboards.get(uid)!.json.title).not.toBe('Story API (mine now)');
    expect((await publish(grafana, base, '--dry-run', '--exit-code')).code).toBe(0);
  });

  it('another writer between plan and apply: a conflict, naming the dashboard, not overwritten; the next run sees drift', async () => {
    const grafana = await published();
    const uid = 'aurora-books-ops-story-api';

    // Plan the update of out/'s changed dashboards, as the command does; someone saves one before it is applied.
    const transport = createTransport({ url: grafana.url, token: TOKEN, timeoutMs: 5000, retry: DEFAULT_RETRY_POLICY });
    const client = createGrafanaClient(transport);
    const out = await readGrafanaOut(raised, { alerting: true });
    const choice = await chooseApi(transport, 'auto', {
      dashboardResourceApiVersions: [],
      classicDashboards: true,
      routingTreeApiVersions: [],
    });
    expect(choice.mode).toBe(mode);
    const desired = forApi(out.desired, choice);
    const resources =
      choice.mode === 'resources' ? { client: createResourceClient(transport), apis: choice.apis } : undefined;
    const observed = resources
      ? await observeResources(client, resources.client, resources.apis, desired, { prune: false, concurrency: 4 })
      : await observe(client, desired, { prune: false, concurrency: 4 });
    const thePlan = plan(desired, observed, { prune: false, force: false });
    expect(thePlan.changes.find((c) => c.key === uid)?.action).toBe('update');

    await retitleThroughApi(grafana, mode, uid, 'Saved in between');
    const report = await applyPlan(client, thePlan, {
      concurrency: 4,
      stop: new AbortController(),
      readDashboard: out.readDashboard,
      readReferencedFile: (path) => readFile(join(secretsRoot, path), 'utf8'),
      ...(resources ? { resources } : {}),
    });
    const result = report.results.find((r) => r.change.key === uid)!;
    expect(result.outcome).toBe('failed');
    expect(result.detail).toMatch(
      new RegExp(`conflict: dashboard ${uid} was changed in Grafana since the plan was made`),
    );
    expect(grafana.state.dashboards.get(uid)!.json.title).toBe('Saved in between');
    // Every other change went through.
    expect(report.results.filter((r) => r.outcome !== 'done').map((r) => r.change.key)).toEqual([uid]);

    const next = await publish(grafana, raised);
    expect(next.code).toBe(1);
    expect(next.output).toMatch(new RegExp(`^ {2}drift +dashboard +${uid} `, 'm'));
  });

  it('a partial failure exits 1 naming what failed and why; the re-run publishes only that', async () => {
    const grafana = await server({
      faults: { rate: 0.5, kinds: ['error-500'], operations: [routes.createDashboard], seed: 7 },
    });
    const failed = await publish(grafana, base, '--retries', '0');
    expect(failed.code).toBe(1);
    const path = routes.createDashboardPath.replace(/[/.]/g, (c) => `\\${c}`);
    const failures = [
      ...failed.output.matchAll(
        new RegExp(
          `^ {2}failed +create +dashboard +(\\S+) +POST ${path}: 500 Internal Server Error \\(injected\\)$`,
          'gm',
        ),
      ),
    ].map((m) => m[1]!);
    expect(failures.length).toBeGreaterThan(0);
    expect(failed.output).toContain('not everything was applied');

    grafana.setFaults(undefined);
    grafana.resetRequests();
    const rerun = await publish(grafana, base);
    expect(rerun.code, rerun.output).toBe(0);
    expect(count(grafana, routes.createDashboard)).toBe(failures.length);
    expect(grafana.state.dashboards.size).toBe((await dashboardsOf(base)).length);
  });

  it(
    'with faults on 30% of requests (500, 429, timeouts, dropped connections) it converges: nothing lost or duplicated',
    { timeout: 40_000 },
    async () => {
      const clean = (await firstPublish(mode, base)).state;

      const chaos = await server({ faults: { rate: 0.3, seed: 2024, retryAfterSeconds: 0, delayMs: 400 } });
      const runs: number[] = [];
      for (let attempt = 0; attempt < 6 && runs.at(-1) !== 0; attempt++)
        runs.push((await publish(chaos, base, '--timeout', '0.15', '--concurrency', '16')).code);
      expect(runs.at(-1), `exit codes of the runs: ${runs.join(', ')}`).toBe(0);
      const outcomes = new Set(chaos.requests.map((r) => r.outcome));
      for (const kind of FAULT_KINDS) expect(outcomes).toContain(kind);

      chaos.setFaults(undefined);
      expect(chaos.state.snapshot()).toEqual(clean.snapshot());
      chaos.resetRequests();
      expect((await publish(chaos, base)).code).toBe(0);
      expect(writes(chaos)).toEqual([]);
    },
  );

  it('a rejected token (401) or one that may not write (403) stops at once, saying so', async () => {
    const grafana = await server({ token: 'another-token', viewerToken: TOKEN });
    const forbidden = await publish(grafana, base);
    expect(forbidden.code).toBe(1);
    expect(forbidden.output).toMatch(/the token may not do this \(403 on POST \/api\/teams/);
    expect(writes(grafana).length).toBeLessThanOrEqual(8);
    expect(forbidden.output).toMatch(/not attempted: the token may not do this/);

    const rejected = await server({ token: 'another-token' });
    const unauthorized = await publish(rejected, base);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.output).toContain('Grafana rejected the token (401');
    expect(rejected.requests.length).toBeLessThanOrEqual(3);
  });

  it('--deadline stops a publish that hangs', async () => {
    const grafana = await server({ faults: { rate: 1, kinds: ['slow'], delayMs: 5000 } });
    const started = performance.now();
    const { code, output } = await publish(grafana, base, '--timeout', '0.2', '--deadline', '1');
    expect(code).toBe(1);
    expect(output).toContain('the --deadline of 1 s passed');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('publishes Grafana-managed alerting from out/grafana/alerting/, with secret files read, never shown', async () => {
    const contactPoints = [
      {
        uid: 'tenant_inkwell_ops-slack',
        name: 'tenant/inkwell/ops-slack',
        type: 'slack',
        settings: { url: '$__file{/etc/grafana/secrets/inkwell/slack-url}', recipient: '#inkwell-ops' },
      },
      {
        uid: 'platform_default',
        name: 'platform/default',
        type: 'email',
        settings: { addresses: 'oncall@platform.example' },
      },
    ];
    const policy = {
      receiver: 'platform/default',
      group_by: ['alertname', 'tenant'],
      routes: [
        {
          receiver: 'tenant/inkwell/ops-slack',
          object_matchers: [['tenant', '=', 'inkwell']],
          mute_time_intervals: ['inkwell-maintenance'],
        },
      ],
    };
    const muteTimings = [
      {
        name: 'inkwell-maintenance',
        time_intervals: [{ weekdays: ['sunday'], times: [{ start_time: '02:00', end_time: '04:00' }] }],
      },
    ];
    const ruleGroup = {
      title: 'inkwell-story-api',
      folderUid: 'tenant-inkwell-ops',
      interval: 60,
      rules: [
        {
          uid: 'inkwell-story-api-errors',
          title: 'StoryApiErrors',
          folderUID: 'tenant-inkwell-ops',
          ruleGroup: 'inkwell-story-api',
          orgID: 1,
          condition: 'A',
          for: '5m',
          noDataState: 'OK',
          execErrState: 'Error',
          data: [
            {
              refId: 'A',
              datasourceUid: 'prometheus',
              relativeTimeRange: { from: 600, to: 0 },
              model: { expr: 'vector(1)' },
            },
          ],
        },
      ],
    };
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    // The single tree only: the build's named trees name receivers this test does not publish.
    const trees = (await manifest(base)).filter((e) => e.path.startsWith('grafana/alerting/routing-trees/'));
    const alerting = await variant(base, `alerting-${mode}`, {
      ...Object.fromEntries(trees.map((e) => [e.path, null])),
      'grafana/alerting/contact-points.json': json(contactPoints),
      'grafana/alerting/notification-policy.json': json(policy),
      'grafana/alerting/mute-timings.json': json(muteTimings),
      'grafana/alerting/rules/inkwell-story-api.json': json(ruleGroup),
    });
    await mkdir(join(secretsRoot, 'etc/grafana/secrets/inkwell'), { recursive: true });
    await writeFile(join(secretsRoot, 'etc/grafana/secrets/inkwell/slack-url'), `${SLACK_SECRET}\n`);

    const grafana = await server();
    const { code, output } = await publish(grafana, alerting);
    expect(code, output).toBe(0);
    expect((grafana.state.contactPoints.get('tenant_inkwell_ops-slack')!.settings as Json).url).toBe(SLACK_SECRET);
    expect(grafana.state.policy).toMatchObject(policy);
    expect([...grafana.state.muteTimings.keys()]).toEqual(['inkwell-maintenance']);
    expect([...grafana.state.ruleGroups.keys()]).toContain('tenant-inkwell-ops/inkwell-story-api');

    grafana.resetRequests();
    const again = await publish(grafana, alerting);
    expect(again.code, again.output).toBe(0);
    expect(writes(grafana)).toEqual([]);

    // Grafana shows secrets redacted, so a rotated secret file is pushed with --force: the one
    // contact point that reads one.
    expect((await publish(grafana, alerting, '--force')).code).toBe(0);
    expect(writes(grafana).map((w) => `${w.method} ${w.operation}`)).toEqual([
      'PUT /api/v1/provisioning/contact-points/{UID}',
    ]);
  });
});

const V2 = '/apis/dashboard.grafana.app/v2/namespaces/{namespace}/dashboards';

describe('plotwatch publish grafana: schema v2 dashboards (out/grafana/resources/)', () => {
  const v2Dashboards = async () => (await manifest(v2)).filter((e) => e.kind === 'grafana-dashboard-v2');

  it('publishes them as they are through dashboard.grafana.app/v2; the re-run is a no-op, a hand edit drift', async () => {
    const resources = await v2Dashboards();
    expect(resources.length).toBeGreaterThan(0);
    expect((await dashboardsOf(v2)).length).toBe(0);
    const first = await firstPublish('resources', v2);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/dashboards dashboard\.grafana\.app\/v2,/);
    expect(count(first, `POST ${V2}`)).toBe(resources.length);
    for (const entry of resources) {
      const file = JSON.parse(await readFile(join(v2, entry.path), 'utf8')) as {
        metadata: { name: string };
        spec: Json;
      };
      const stored = first.state.dashboards.get(file.metadata.name)!;
      // The spec as out/ has it (Grafana adds its zero values): no stamp inside, ours is in the metadata.
      expect(contains(stored.v2, file.spec), file.metadata.name).toBe(true);
      expect(stored.meta?.annotations[SOURCE_ANNOTATION]).toBe(entry.sha256);
    }

    const grafana = await publishedServer('resources', v2);
    const again = await publish(grafana, v2);
    expect(again.code, again.output).toBe(0);
    expect(writes(grafana)).toEqual([]);
    expect(count(grafana, `GET ${V2}/{name}`)).toBe(0);

    const uid = (JSON.parse(await readFile(join(v2, resources[0]!.path), 'utf8')) as { metadata: { name: string } })
      .metadata.name;
    grafana.state.retitleInUi(uid, 'Mine now');
    const drifted = await publish(grafana, v2);
    expect(drifted.code).toBe(1);
    expect(drifted.output).toMatch(new RegExp(`^ {2}drift +dashboard +${uid} +edited in Grafana`, 'm'));
    expect((await publish(grafana, v2, '--force')).code).toBe(0);
    expect((await publish(grafana, v2, '--dry-run', '--exit-code')).code).toBe(0);
  });

  it('a file that says another name or folder than its place in out/ is not written, naming the file', async () => {
    const entry = (await v2Dashboards())[0]!;
    const file = JSON.parse(await readFile(join(v2, entry.path), 'utf8')) as { metadata: Json };
    const moved = await variant(v2, 'v2-misplaced', {
      [entry.path]: JSON.stringify({ ...file, metadata: { ...file.metadata, name: 'somewhere-else' } }),
    });
    const grafana = await startServer();
    const { code, output } = await publish(grafana, moved);
    expect(code).toBe(1);
    expect(output).toContain(`${entry.path}: metadata.name "somewhere-else" is not its file name`);
    expect(grafana.state.dashboards.has('somewhere-else')).toBe(false);
  });

  it('a Grafana that cannot take them (no v2, or no /apis) is told so, and nothing is written', async () => {
    for (const options of [{ dashboardV2: false }, { resourceApi: false }]) {
      const grafana = await startServer(options);
      const { code, output } = await publish(grafana, v2);
      expect(code, JSON.stringify(options)).toBe(1);
      expect(output).toContain('the legacy API cannot take');
      expect(writes(grafana)).toEqual([]);
    }
  });
});

const TREES = '/apis/notifications.alerting.grafana.app/v1beta1/namespaces/{namespace}/routingtrees';

describe('plotwatch publish grafana: named routing trees', () => {
  it("publishes each tenant's and the platform's tree; a change to one tenant's tree writes that tree alone", async () => {
    const trees = (await manifest(base)).filter((e) => e.path.startsWith('grafana/alerting/routing-trees/'));
    const names = trees.map((e) => uidOf(e)).sort();
    expect(names).toContain('plotwatch-platform');
    const first = await firstPublish('resources', base);
    expect(first.code, first.output).toBe(0);
    expect([...first.state.routingTrees.keys()].sort()).toEqual(names);
    // The default tree is left to whoever else configures it.
    expect(count(first, 'PUT /api/v1/provisioning/policies')).toBe(0);

    // raised/ changes aurora-books' threshold; its trees are the same, so change one tenant's tree by hand in out/.
    const inkwell = trees.find((e) => uidOf(e) === 'plotwatch-tenant-inkwell')!;
    const tree = JSON.parse(await readFile(join(base, inkwell.path), 'utf8')) as { spec: { defaults: Json } };
    tree.spec.defaults.group_wait = '45s';
    const changed = await variant(base, 'one-tree-changed', { [inkwell.path]: `${JSON.stringify(tree, null, 2)}\n` });
    const grafana = await publishedServer('resources', base);
    const again = await publish(grafana, changed);
    expect(again.code, again.output).toBe(0);
    expect(writes(grafana).map((w) => `${w.method} ${w.operation}`)).toEqual([`PUT ${TREES}/{name}`]);
    expect((grafana.state.routingTrees.get('plotwatch-tenant-inkwell')!.spec.defaults as Json).group_wait).toBe('45s');
    expect(again.output).toMatch(/^ {2}update +routing-tree +plotwatch-tenant-inkwell /m);
  });

  it("--prune deletes only plotwatch's trees that out/ dropped, never Grafana's default tree or another team's", async () => {
    const grafana = await publishedServer('resources', base);
    const other = await fetch(
      `${grafana.url}/apis/notifications.alerting.grafana.app/v1beta1/namespaces/default/routingtrees`,
      {
        method: 'POST',
        headers,
        body: JSON.stringify({
          apiVersion: 'notifications.alerting.grafana.app/v1beta1',
          kind: 'RoutingTree',
          metadata: { name: 'payments-team' },
          spec: { defaults: { receiver: 'grafana-default-email' }, routes: [] },
        }),
      },
    );
    expect(other.status).toBe(201);
    const dropped = (await manifest(base)).find((e) => e.path.endsWith('/plotwatch-tenant-tinytales.json'))!;
    const pruned = await variant(base, 'tree-dropped', { [dropped.path]: null });
    grafana.resetRequests();
    const { code, output } = await publish(grafana, pruned, '--prune');
    expect(code, output).toBe(0);
    expect(writes(grafana).map((w) => `${w.method} ${w.operation}`)).toEqual([`DELETE ${TREES}/{name}`]);
    expect(grafana.state.routingTrees.has('plotwatch-tenant-tinytales')).toBe(false);
    expect(grafana.state.routingTrees.has('payments-team')).toBe(true);
  });

  it('falls back to the single policy tree on a Grafana without the routing-trees API', async () => {
    const grafana = await startServer({ routingTrees: false });
    const { code, output } = await publish(grafana, base);
    expect(code, output).toBe(0);
    expect(output).toContain('no routing-trees API: the single notification policy tree');
    expect(count(grafana, 'PUT /api/v1/provisioning/policies')).toBe(1);
    expect(grafana.state.routingTrees.size).toBe(0);
  });
});

describe('plotwatch publish grafana --api', () => {
  it('auto picks the resource API where Grafana has one; legacy forces /api on it all the same', async () => {
    const { code, output, requests } = await firstPublish('resources', base, '--api', 'legacy');
    expect(code, output).toBe(0);
    expect(output).toContain('through the legacy API (/api; --api legacy)');
    expect(requests.filter((r) => r.operation.startsWith('/apis'))).toEqual([]);
    expect(count({ requests }, 'POST /dashboards/db')).toBe((await dashboardsOf(base)).length);
  });

  it('switching a Grafana from the legacy API to the resource API adopts what plotwatch published, and only that', async () => {
    const grafana = await publishedServer('resources', base, '--api', 'legacy');
    // Someone's own dashboard that happens to take the uid of a dashboard out/ adds later.
    const extra = (await dashboardsOf(base))[0]!;
    const taken = uidOf(extra);
    await fetch(`${grafana.url}/api/dashboards/db`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ dashboard: { uid: taken, title: 'Not plotwatch' }, overwrite: true }),
    });

    const switched = await publish(grafana, base);
    expect(switched.code).toBe(1);
    expect(switched.output).toContain('through the resource API');
    expect(switched.output).toMatch(/adopted \(published by plotwatch through the legacy API\)/);
    expect(switched.output).toMatch(
      new RegExp(
        `^ {2}failed +create +dashboard +${taken} +dashboard ${taken} exists in Grafana without plotwatch's label`,
        'm',
      ),
    );
    expect(grafana.state.dashboards.get(taken)!.json.title).toBe('Not plotwatch');
    for (const d of grafana.state.dashboards.values())
      if (d.uid !== taken) expect(d.meta?.labels[MANAGED_LABEL], d.uid).toBe('plotwatch');

    const forced = await publish(grafana, base, '--force');
    expect(forced.code, forced.output).toBe(0);
    expect(forced.output).toMatch(new RegExp(`create: dashboard ${taken} \\(taken over \\(--force\\)`));
    grafana.resetRequests();
    expect((await publish(grafana, base)).code).toBe(0);
    expect(writes(grafana)).toEqual([]);
  });

  it('--api resources on a Grafana without /apis stops, saying so; auto falls back to legacy there', async () => {
    const old = await startServer({ resourceApi: false });
    const refused = await publish(old, base, '--api', 'resources');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('--api resources: Grafana has no resource API');
    expect(writes(old)).toEqual([]);
    // What auto did on such a Grafana, with nothing published before.
    const auto = await firstPublish('legacy', base);
    expect(auto.code, auto.output).toBe(0);
    expect(auto.output).toContain('through the legacy API (/api; auto: Grafana has no resource API');
  });

  it('--api legacy over dashboards stored in schema v2 (which /api does not show) leaves them alone as drift', async () => {
    const grafana = await publishedServer('resources', v2);
    const { code, output } = await publish(grafana, base, '--api', 'legacy');
    expect(code).toBe(1);
    expect(output).toMatch(
      /^ {2}drift +dashboard +\S+ +a dashboard with this uid exists that plotwatch did not publish/m,
    );
    expect(output).not.toMatch(/^ {2}update +dashboard /m);
  });

  it('rejects an unknown --api', async () => {
    const grafana = await startServer();
    await expect(publish(grafana, base, '--api', 'graphql')).rejects.toThrow(
      /--api must be one of auto, legacy, resources/,
    );
  });
});

describe('plotwatch publish grafana: secrets', () => {
  it(
    'never prints the token or a secret: not in any run above, nor from the real CLI',
    { timeout: 20_000 },
    async () => {
      const unreachable = await publishGrafana(
        ['--url', 'http://127.0.0.1:9', '--token-env', TOKEN_ENV, '--out', base, '--retries', '0'],
        {
          print: (l) => everyOutputLine.push(l),
          warn: (l) => everyOutputLine.push(l),
          env: { [TOKEN_ENV]: TOKEN },
        },
      );
      expect(unreachable).toBe(1);
      expect(everyOutputLine.join('\n')).toContain('connection failed');

      const server = await startServer();
      const cli = await new Promise<string>((resolve) => {
        const args = [
          CLI,
          'publish',
          'grafana',
          '--url',
          server.url,
          '--token-env',
          TOKEN_ENV,
          '--out',
          base,
          '--secrets-root',
          secretsRoot,
        ];
        execFile(
          'node',
          args,
          { cwd: REPO_ROOT, env: { ...process.env, [TOKEN_ENV]: TOKEN } },
          (_error, stdout, stderr) => resolve(`${stdout}${stderr}`),
        );
      });
      expect(cli).toContain('Applied:');
      for (const text of [cli, everyOutputLine.join('\n')]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(SLACK_SECRET);
        expect(text).not.toContain('secret-of-');
      }
    },
  );
});

describe('plotwatch publish grafana: the secret files contact points refer to', () => {
  for (const flags of [['--dry-run'], []])
    it(`a missing one fails ${flags.length ? 'a dry run' : 'a publish'} before any write, naming its path below --secrets-root`, async () => {
      const root = join(work, `secrets-but-one${flags.length}`);
      await cp(secretsRoot, root, { recursive: true });
      const contactPoints = await readFile(join(base, 'grafana/alerting/contact-points.json'), 'utf8');
      const gone = [...contactPoints.matchAll(/\$__file\{([^}]+)\}/g)][0]![1]!;
      await rm(join(root, gone));

      const grafana = await startServer({ resourceApi: false });
      const { code, output } = await publish(grafana, base, '--secrets-root', root, ...flags);
      expect(code, output).toBe(1);
      expect(writes(grafana)).toEqual([]);
      expect(output).toContain(`cannot read ${join(root, gone)}: ENOENT`);
      expect(output).toContain(`1 secret file of contact points missing; nothing applied`);
      expect(output).not.toContain('secret-of-');
    });
});

describe('plotwatch publish grafana: an out/ a build is updating', () => {
  it('is not read while a patch of it is pending (a build killed while moving files in): it says to build', async () => {
    const out = join(work, 'pending', 'out');
    await linkTree(base, out);
    await writeFile(join(dirname(out), '.out.journal'), '{}');
    const read = await readGrafanaOut(out, { alerting: true });
    expect(read.errors).toEqual([expect.stringMatching(/is being updated, or a build was stopped while updating it/)]);
    expect(read.desired.dashboards).toEqual([]);
  });
});
