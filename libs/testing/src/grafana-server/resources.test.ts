import * as dashboardv2 from '@grafana/grafana-foundation-sdk/dashboardv2';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGrafanaTestServer, type GrafanaTestServer, type GrafanaTestServerOptions } from './server.ts';

const TOKEN = 'admin-token';
let grafana: GrafanaTestServer;

async function start(options: Partial<GrafanaTestServerOptions> = {}) {
  await grafana?.stop();
  grafana = await startGrafanaTestServer({ token: TOKEN, viewerToken: 'viewer', ...options });
}
beforeEach(() => start());
afterEach(async () => {
  // Every response this server sent must be one the snapshots allow.
  expect(grafana.responseViolations).toEqual([]);
  await grafana.stop();
});

// Answers are checked against the snapshots by the server itself; here they are read loosely.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function api(method: string, path: string, body?: unknown, token = TOKEN) {
  const response = await fetch(`${grafana.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    warning: response.headers.get('warning'),
    body: (text ? JSON.parse(text) : undefined) as Loose,
  };
}

const DASHBOARDS_V1 = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
const DASHBOARDS_V2 = '/apis/dashboard.grafana.app/v2/namespaces/default/dashboards';
const FOLDERS = '/apis/folder.grafana.app/v1/namespaces/default/folders';
const TREES = '/apis/notifications.alerting.grafana.app/v1beta1/namespaces/default/routingtrees';
const MANAGED = 'plotwatch.dev/managed-by';

const classic = (name: string, extra: { labels?: Record<string, string>; folder?: string; spec?: Loose } = {}) => ({
  apiVersion: 'dashboard.grafana.app/v1',
  kind: 'Dashboard',
  metadata: {
    name,
    ...(extra.labels ? { labels: extra.labels } : {}),
    ...(extra.folder ? { annotations: { 'grafana.app/folder': extra.folder } } : {}),
  },
  spec: { title: `Dashboard ${name}`, tags: ['t'], panels: [], schemaVersion: 41, ...extra.spec },
});

/** A schema v2 dashboard as the foundation SDK builds it (`manifest()`), with a panel, a query and a layout. */
function sdkV2(name: string, title = `V2 ${name}`): Loose {
  const dashboard = new dashboardv2.DashboardBuilder(title)
    .tags(['v2'])
    .element(
      'panel-1',
      new dashboardv2.PanelBuilder()
        .id(1)
        .title('Requests')
        .data(
          new dashboardv2.QueryGroupBuilder().target(
            new dashboardv2.TargetBuilder().refId('A').query(new prometheus.QueryV2Builder().expr('sum(rate(x[5m]))')),
          ),
        )
        .visualization(new timeseries.VisualizationV2Builder()),
    )
    .layout(
      new dashboardv2.GridBuilder().item(
        new dashboardv2.GridItemBuilder().name('panel-1').x(0).y(0).width(12).height(8),
      ),
    );
  return JSON.parse(JSON.stringify(dashboardv2.manifest(name, dashboard).build()));
}

describe('Grafana test server: the resource API', () => {
  it('lists its groups at /apis, and acts as an older Grafana or one without routing trees when told', async () => {
    const { body } = await api('GET', '/apis');
    expect(body.kind).toBe('APIGroupList');
    expect(body.groups.map((g: Loose) => [g.name, g.versions.map((v: Loose) => v.version)])).toEqual([
      ['dashboard.grafana.app', ['v1', 'v2', 'v1beta1']],
      ['folder.grafana.app', ['v1']],
      ['notifications.alerting.grafana.app', ['v1beta1']],
    ]);

    await start({ routingTrees: false, dashboardV2: false });
    expect((await api('GET', '/apis')).body.groups.map((g: Loose) => g.name)).toEqual([
      'dashboard.grafana.app',
      'folder.grafana.app',
    ]);
    expect((await api('GET', TREES)).status).toBe(404);
    expect((await api('GET', DASHBOARDS_V2)).status).toBe(404);

    await start({ resourceApi: false });
    expect((await api('GET', '/apis')).status).toBe(404);
    expect((await api('GET', DASHBOARDS_V1)).status).toBe(404);
    expect((await api('GET', '/api/search')).status).toBe(200);
  });

  it('creates, reads, replaces and deletes a dashboard; generation follows the spec, resourceVersion every write', async () => {
    const created = await api('POST', DASHBOARDS_V1, classic('d', { labels: { [MANAGED]: 'plotwatch' } }));
    expect(created).toMatchObject({ status: 201, body: { metadata: { name: 'd', generation: 1 } } });
    const rv1 = created.body.metadata.resourceVersion;

    // Same spec, new label: a write (resourceVersion moves), not a new generation.
    const relabelled = await api('PUT', `${DASHBOARDS_V1}/d`, {
      ...classic('d', { labels: { [MANAGED]: 'plotwatch', team: 'ops' } }),
      metadata: { name: 'd', resourceVersion: rv1, labels: { [MANAGED]: 'plotwatch', team: 'ops' } },
    });
    expect(relabelled).toMatchObject({ status: 200, body: { metadata: { generation: 1, labels: { team: 'ops' } } } });
    expect(Number(relabelled.body.metadata.resourceVersion)).toBeGreaterThan(Number(rv1));

    const retitled = await api('PUT', `${DASHBOARDS_V1}/d`, {
      ...classic('d', { spec: { title: 'New title' } }),
      metadata: { name: 'd', resourceVersion: relabelled.body.metadata.resourceVersion },
    });
    expect(retitled).toMatchObject({
      status: 200,
      body: { metadata: { generation: 2 }, spec: { title: 'New title' } },
    });
    expect((await api('GET', `${DASHBOARDS_V1}/d`)).body.spec.title).toBe('New title');

    expect(await api('DELETE', `${DASHBOARDS_V1}/d`)).toMatchObject({ status: 200, body: { status: 'Success' } });
    expect(await api('GET', `${DASHBOARDS_V1}/d`)).toMatchObject({ status: 404, body: { reason: 'NotFound' } });
    expect(grafana.rejectedRequests).toEqual([]);
  });

  it('answers a stale resourceVersion with 409 Conflict and a Status body, and changes nothing', async () => {
    const { body } = await api('POST', DASHBOARDS_V1, classic('d'));
    const stale = body.metadata.resourceVersion;
    grafana.state.retitleInUi('d', 'Edited in Grafana');
    const conflict = await api('PUT', `${DASHBOARDS_V1}/d`, {
      ...classic('d'),
      metadata: { name: 'd', resourceVersion: stale },
    });
    expect(conflict).toMatchObject({
      status: 409,
      body: { kind: 'Status', status: 'Failure', reason: 'Conflict', details: { name: 'd', kind: 'dashboards' } },
    });
    expect(conflict.body.message).toContain('the object has been modified');
    expect(grafana.state.dashboards.get('d')!.json.title).toBe('Edited in Grafana');
    // A delete with a stale precondition is refused the same way.
    expect((await api('DELETE', `${DASHBOARDS_V1}/d`, { preconditions: { resourceVersion: stale } })).body.reason).toBe(
      'Conflict',
    );
  });

  it('refuses a wrong apiVersion or kind, a missing metadata.name, bad labels, and a name that differs from the URL', async () => {
    expect(await api('POST', DASHBOARDS_V1, { ...classic('d'), apiVersion: 'dashboard.grafana.app/v2' })).toMatchObject(
      { status: 400, body: { reason: 'BadRequest' } },
    );
    expect((await api('POST', DASHBOARDS_V1, { ...classic('d'), kind: 'Folder' })).status).toBe(400);
    expect(await api('POST', DASHBOARDS_V1, { ...classic('d'), metadata: {} })).toMatchObject({
      status: 422,
      body: { reason: 'Invalid', details: { causes: [{ field: 'metadata.name', reason: 'FieldValueRequired' }] } },
    });
    expect((await api('POST', DASHBOARDS_V1, classic('d', { labels: { [MANAGED]: 'sha256:abc' } }))).status).toBe(422);
    await api('POST', DASHBOARDS_V1, classic('d'));
    expect((await api('PUT', `${DASHBOARDS_V1}/other`, classic('d'))).status).toBe(400);
    expect(await api('PUT', `${DASHBOARDS_V1}/missing`, classic('missing'))).toMatchObject({ status: 404 });
    expect(grafana.rejectedRequests).toHaveLength(5);
    expect(grafana.state.dashboards.size).toBe(1);
  });

  it('refuses unknown fields under fieldValidation=Strict, drops them with a warning otherwise', async () => {
    const body = { ...classic('d'), spec: { title: 'T' }, metadata: { name: 'd', colour: 'red' } };
    expect(await api('POST', `${DASHBOARDS_V1}?fieldValidation=Strict`, body)).toMatchObject({
      status: 400,
      body: { reason: 'BadRequest', message: 'strict decoding error: unknown field "metadata.colour"' },
    });
    const warned = await api('POST', DASHBOARDS_V1, body);
    expect([warned.status, warned.warning]).toEqual([201, '299 - "unknown field \\"metadata.colour\\""']);
    // A classic spec is free-form JSON: nothing in it is unknown.
    expect(
      (await api('PUT', `${DASHBOARDS_V1}/d?fieldValidation=Strict`, classic('d', { spec: { x: 1 } }))).status,
    ).toBe(200);

    const v2 = sdkV2('v');
    v2.spec.elements['panel-1'].spec.colour = 'red';
    expect(await api('POST', `${DASHBOARDS_V2}?fieldValidation=Strict`, v2)).toMatchObject({
      status: 400,
      body: { message: 'strict decoding error: unknown field "spec.elements.panel-1.spec.colour"' },
    });
    expect(
      (await api('POST', `${DASHBOARDS_V2}?fieldValidation=Strict`, { ...v2, spec: { ...v2.spec, title: 7 } })).status,
    ).toBe(400);
  });

  it("takes the foundation SDK's schema v2 manifest as it is, under Strict", async () => {
    const v2 = sdkV2('v2-dash');
    expect(v2.apiVersion).toBe('dashboard.grafana.app/v2');
    const created = await api('POST', `${DASHBOARDS_V2}?fieldValidation=Strict`, v2);
    expect(created).toMatchObject({ status: 201, body: { spec: { title: 'V2 v2-dash' }, status: {} } });
    expect((await api('GET', `${DASHBOARDS_V2}/v2-dash`)).body.spec).toEqual(created.body.spec);
    expect(grafana.rejectedRequests).toEqual([]);
  });

  it('pages with limit and continue, and selects by label (key=value, key, key in (...), !key)', async () => {
    for (const [name, labels] of [
      ['a', { [MANAGED]: 'plotwatch', tenant: 'x' }],
      ['b', { [MANAGED]: 'plotwatch', tenant: 'y' }],
      ['c', { [MANAGED]: 'plotwatch', tenant: 'z' }],
      ['d', { [MANAGED]: 'someone-else' }],
      ['e', {}],
    ] as const)
      await api('POST', DASHBOARDS_V1, classic(name, { labels }));
    const names = (body: Loose) => body.items.map((i: Loose) => i.metadata.name);

    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ labelSelector: `${MANAGED}=plotwatch`, limit: '2' });
      if (token) query.set('continue', token);
      const { body } = await api('GET', `${DASHBOARDS_V1}?${query}`);
      pages.push(names(body));
      token = body.metadata.continue;
    } while (token);
    expect(pages).toEqual([['a', 'b'], ['c']]);

    const select = async (selector: string) =>
      names((await api('GET', `${DASHBOARDS_V1}?labelSelector=${encodeURIComponent(selector)}`)).body);
    expect(await select(MANAGED)).toEqual(['a', 'b', 'c', 'd']);
    expect(await select(`!${MANAGED}`)).toEqual(['e']);
    expect(await select('tenant in (x, z)')).toEqual(['a', 'c']);
    expect(await select(`${MANAGED}=plotwatch,tenant notin (x)`)).toEqual(['b', 'c']);
    expect(await select(`${MANAGED}!=plotwatch`)).toEqual(['d', 'e']);
    expect((await api('GET', `${DASHBOARDS_V1}?labelSelector=${encodeURIComponent('a in b')}`)).status).toBe(400);
    expect((await api('GET', `${DASHBOARDS_V1}?continue=not-a-token`)).status).toBe(400);
    expect((await api('GET', `${DASHBOARDS_V1}?limit=many`)).status).toBe(400);
  });

  it('shares one store with the legacy routes: dashboards and folders written through one API show in the other', async () => {
    expect(
      await api('POST', FOLDERS, {
        apiVersion: 'folder.grafana.app/v1',
        kind: 'Folder',
        metadata: { name: 'root' },
        spec: { title: 'Root' },
      }),
    ).toMatchObject({ status: 201 });
    await api('POST', FOLDERS, {
      apiVersion: 'folder.grafana.app/v1',
      kind: 'Folder',
      metadata: { name: 'child', annotations: { 'grafana.app/folder': 'root' } },
      spec: { title: 'Child' },
    });
    expect((await api('GET', '/api/folders/child')).body).toMatchObject({
      uid: 'child',
      parentUid: 'root',
      version: 1,
    });

    await api('POST', DASHBOARDS_V1, classic('from-resources', { folder: 'child' }));
    const hits = (await api('GET', '/api/search?type=dash-db')).body;
    expect(hits).toMatchObject([{ uid: 'from-resources', folderUid: 'child', title: 'Dashboard from-resources' }]);
    expect((await api('GET', '/api/dashboards/uid/from-resources')).body.dashboard).toMatchObject({
      uid: 'from-resources',
      version: 1,
      title: 'Dashboard from-resources',
    });

    // Legacy writes: a dashboard and a folder, read back as resources.
    await api('POST', '/api/folders', { uid: 'legacy', title: 'Legacy', parentUid: 'root' });
    await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'from-legacy', title: 'From legacy', panels: [] },
      folderUid: 'legacy',
    });
    const resource = (await api('GET', `${DASHBOARDS_V1}/from-legacy`)).body;
    expect(resource).toMatchObject({
      metadata: { name: 'from-legacy', generation: 1, annotations: { 'grafana.app/folder': 'legacy' } },
      spec: { title: 'From legacy', panels: [] },
    });
    expect(resource.spec).not.toHaveProperty('version');
    expect((await api('GET', `${FOLDERS}/legacy`)).body).toMatchObject({
      metadata: { annotations: { 'grafana.app/folder': 'root' } },
      spec: { title: 'Legacy' },
    });
    // A legacy save is a write: the resourceVersion a client holds goes stale.
    const rv = resource.metadata.resourceVersion;
    await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'from-legacy', title: 'Again', version: 1 },
      folderUid: 'legacy',
    });
    expect(
      (
        await api('PUT', `${DASHBOARDS_V1}/from-legacy`, {
          ...classic('from-legacy'),
          metadata: { name: 'from-legacy', resourceVersion: rv },
        })
      ).status,
    ).toBe(409);

    // Deleting a folder through the resource API takes what is in it, as the legacy route does.
    expect((await api('DELETE', `${FOLDERS}/root`)).status).toBe(200);
    expect([grafana.state.folders.size, grafana.state.dashboards.size]).toEqual([0, 0]);
  });

  it('keeps a schema v2 dashboard in the same store: searchable, refused as classic JSON (406), flagged when read as v1', async () => {
    await api('POST', DASHBOARDS_V2, sdkV2('v2-dash', 'Fancy'));
    expect((await api('GET', '/api/search?query=fancy')).body).toMatchObject([{ uid: 'v2-dash', tags: ['v2'] }]);
    expect(await api('GET', '/api/dashboards/uid/v2-dash')).toMatchObject({
      status: 406,
      body: {
        message:
          'dashboard api version not supported, use /apis/dashboard.grafana.app/v2/namespaces/default/dashboards/v2-dash instead',
      },
    });
    expect((await api('GET', `${DASHBOARDS_V1}/v2-dash`)).body).toMatchObject({
      spec: { title: 'Fancy' },
      status: { conversion: { failed: true, storedVersion: 'v2' } },
    });
    grafana.state.retitleInUi('v2-dash', 'Hand-edited');
    expect((await api('GET', `${DASHBOARDS_V2}/v2-dash`)).body).toMatchObject({
      metadata: { generation: 2 },
      spec: { title: 'Hand-edited' },
    });
  });

  it('folders: nested by annotation, generation on spec changes only, titles unique per parent', async () => {
    const folder = (name: string, title: string, parent?: string, rv?: string) => ({
      apiVersion: 'folder.grafana.app/v1',
      kind: 'Folder',
      metadata: {
        name,
        ...(rv ? { resourceVersion: rv } : {}),
        ...(parent ? { annotations: { 'grafana.app/folder': parent } } : {}),
      },
      spec: { title },
    });
    expect((await api('POST', FOLDERS, folder('child', 'Child', 'missing'))).status).toBe(400);
    const root = (await api('POST', FOLDERS, folder('root', 'Root'))).body;
    await api('POST', FOLDERS, folder('a', 'A', 'root'));
    expect((await api('POST', FOLDERS, folder('b', 'a', 'root'))).status).toBe(409);
    const moved = await api('PUT', `${FOLDERS}/root`, folder('root', 'Root', undefined, root.metadata.resourceVersion));
    expect(moved.body.metadata.generation).toBe(1);
    const renamed = await api(
      'PUT',
      `${FOLDERS}/root`,
      folder('root', 'Renamed', undefined, moved.body.metadata.resourceVersion),
    );
    expect(renamed.body.metadata.generation).toBe(2);
    expect((await api('PUT', `${FOLDERS}/root`, folder('root', 'Root', 'a'))).status).toBe(400);
  });

  it('routing trees: the user-defined tree is the policy tree; named trees are created, replaced and deleted', async () => {
    const tree = (name: string, receiver: string, rv?: string) => ({
      apiVersion: 'notifications.alerting.grafana.app/v1beta1',
      kind: 'RoutingTree',
      metadata: { name, ...(rv ? { resourceVersion: rv } : {}) },
      spec: {
        defaults: { receiver, group_by: ['alertname'] },
        routes: [{ receiver, continue: false, matchers: [{ label: 'tenant', type: '=', value: 'a' }] }],
      },
    });
    expect((await api('POST', TREES, tree('tenant-a', 'nobody'))).status).toBe(400);
    const created = await api('POST', TREES, tree('tenant-a', 'grafana-default-email'));
    expect(created).toMatchObject({ status: 201, body: { metadata: { name: 'tenant-a', generation: 1 } } });
    const stale = created.body.metadata.resourceVersion;
    expect((await api('PUT', `${TREES}/tenant-a`, tree('tenant-a', 'grafana-default-email', stale))).status).toBe(200);
    expect((await api('PUT', `${TREES}/tenant-a`, tree('tenant-a', 'grafana-default-email', stale))).status).toBe(409);
    expect((await api('GET', TREES)).body.items.map((i: Loose) => i.metadata.name)).toEqual([
      'tenant-a',
      'user-defined',
    ]);
    const bad = tree('tenant-b', 'grafana-default-email');
    (bad.spec.routes[0] as Loose).group_wiat = '1m';
    expect((await api('POST', `${TREES}?fieldValidation=Strict`, bad)).status).toBe(400);

    await api('PUT', `${TREES}/user-defined`, tree('user-defined', 'grafana-default-email'));
    expect((await api('GET', '/api/v1/provisioning/policies')).body).toMatchObject({
      receiver: 'grafana-default-email',
      routes: [{ object_matchers: [['tenant', '=', 'a']] }],
    });
    expect((await api('DELETE', `${TREES}/tenant-a`)).status).toBe(200);
    expect(grafana.state.routingTrees.size).toBe(0);
  });

  it('applies injected faults and counts requests per route, as for the legacy routes', async () => {
    await api('POST', DASHBOARDS_V1, classic('d'));
    grafana.resetRequests();
    grafana.setFaults({
      rate: 1,
      kinds: ['throttle-429'],
      operations: ['GET /apis/dashboard.grafana.app/v1/namespaces/{namespace}/dashboards/{name}'],
    });
    expect((await api('GET', `${DASHBOARDS_V1}/d`)).status).toBe(429);
    expect((await api('GET', DASHBOARDS_V1)).status).toBe(200);
    grafana.setFaults({ rate: 1, kinds: ['reset-after'] });
    await expect(api('DELETE', `${DASHBOARDS_V1}/d`)).rejects.toThrow();
    grafana.setFaults(undefined);
    expect(grafana.state.dashboards.size).toBe(0);
    expect(grafana.requests.map((r) => `${r.method} ${r.operation} ${r.outcome}`)).toEqual([
      'GET /apis/dashboard.grafana.app/v1/namespaces/{namespace}/dashboards/{name} throttle-429',
      'GET /apis/dashboard.grafana.app/v1/namespaces/{namespace}/dashboards 200',
      'DELETE /apis/dashboard.grafana.app/v1/namespaces/{namespace}/dashboards/{name} reset-after',
    ]);
  });

  it('wants the token; a viewer reads but does not write; another namespace is forbidden', async () => {
    expect(await api('GET', DASHBOARDS_V1, undefined, 'wrong')).toMatchObject({
      status: 401,
      body: { kind: 'Status' },
    });
    expect((await api('GET', DASHBOARDS_V1, undefined, 'viewer')).status).toBe(200);
    expect((await api('POST', DASHBOARDS_V1, classic('d'), 'viewer')).status).toBe(403);
    expect((await api('GET', '/apis/dashboard.grafana.app/v1/namespaces/org-2/dashboards')).status).toBe(403);
    await start({ stackId: 42 });
    expect((await api('GET', '/apis/dashboard.grafana.app/v1/namespaces/stacks-42/dashboards')).status).toBe(200);
  });
});
