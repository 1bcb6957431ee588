import { describe, expect, it } from 'vitest';
import { GrafanaApiError, type Transport } from './http.ts';
import { chooseApi, createResourceClient, type ApiGroupList, type PublishableForms } from './resources.ts';

/** A transport answering from a table of `METHOD path` -> body (a number: that error status); it logs every call. */
function fake(answers: Record<string, unknown>, log: string[] = []): Transport {
  return {
    async request<T>(method: string, path: string, init?: { query?: Record<string, unknown> }) {
      const query = Object.entries(init?.query ?? {})
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('&');
      const key = `${method} ${path}${query ? `?${query}` : ''}`;
      log.push(key);
      const answer = answers[key] ?? answers[`${method} ${path}`];
      if (answer === undefined || typeof answer === 'number')
        throw new GrafanaApiError(method, path, typeof answer === 'number' ? answer : 404, 'no', 1);
      return { status: 200, body: answer as T, attempts: 1 };
    },
  };
}

const groups = (served: Record<string, string[]>): ApiGroupList => ({
  groups: Object.entries(served).map(([name, versions]) => ({
    name,
    versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
  })),
});
const grafana13 = groups({
  'dashboard.grafana.app': ['v1', 'v2', 'v1beta1'],
  'folder.grafana.app': ['v1'],
  'notifications.alerting.grafana.app': ['v1beta1'],
});
const trees = {
  groupVersion: 'notifications.alerting.grafana.app/v1beta1',
  resources: [{ name: 'routingtrees', kind: 'RoutingTree', verbs: ['create', 'delete', 'get', 'list', 'update'] }],
};
const classic: PublishableForms = {
  dashboardResourceApiVersions: [],
  classicDashboards: true,
  routingTreeApiVersions: [],
};
const v2Only: PublishableForms = {
  dashboardResourceApiVersions: ['dashboard.grafana.app/v2'],
  classicDashboards: false,
  routingTreeApiVersions: ['notifications.alerting.grafana.app/v1beta1'],
};

describe('chooseApi', () => {
  it('auto: the resource API where GET /apis serves dashboards and folders, classic dashboards as v1', async () => {
    const choice = await chooseApi(fake({ 'GET /apis': grafana13 }), 'auto', classic);
    expect(choice).toMatchObject({
      mode: 'resources',
      dashboards: 'classic',
      apis: { dashboards: { version: 'v1' }, folders: { version: 'v1' } },
    });
  });

  it("auto: out/'s v2 resources in their own version, and named routing trees where they can be created", async () => {
    const choice = await chooseApi(
      fake({ 'GET /apis': grafana13, 'GET /apis/notifications.alerting.grafana.app/v1beta1/': trees }),
      'auto',
      v2Only,
    );
    expect(choice).toMatchObject({
      mode: 'resources',
      dashboards: 'resource-files',
      apis: { dashboards: { version: 'v2' }, routingTrees: { version: 'v1beta1', resource: 'routingtrees' } },
    });
    const readOnly = { ...trees, resources: [{ ...trees.resources[0]!, verbs: ['get', 'list', 'update'] }] };
    const single = await chooseApi(
      fake({ 'GET /apis': grafana13, 'GET /apis/notifications.alerting.grafana.app/v1beta1/': readOnly }),
      'auto',
      v2Only,
    );
    expect(single.mode === 'resources' && single.apis.routingTrees).toBeFalsy();
  });

  it('auto: legacy on a Grafana without /apis (before 12), or one that serves neither v2 nor out/ classic', async () => {
    expect(await chooseApi(fake({}), 'auto', classic)).toMatchObject({
      mode: 'legacy',
      why: expect.stringMatching(/404/),
    });
    const grafana12 = groups({ 'dashboard.grafana.app': ['v1beta1'], 'folder.grafana.app': ['v1'] });
    expect(await chooseApi(fake({ 'GET /apis': grafana12 }), 'auto', classic)).toMatchObject({
      mode: 'resources',
      apis: { dashboards: { version: 'v1beta1' } },
    });
    expect(await chooseApi(fake({ 'GET /apis': grafana12 }), 'auto', v2Only)).toMatchObject({ mode: 'legacy' });
  });

  it('--api legacy asks nothing; --api resources on a Grafana without it is an error', async () => {
    const log: string[] = [];
    expect(await chooseApi(fake({}, log), 'legacy', classic)).toMatchObject({ mode: 'legacy' });
    expect(log).toEqual([]);
    await expect(chooseApi(fake({}), 'resources', classic)).rejects.toThrow(
      /--api resources: Grafana has no resource API/,
    );
  });

  it('an error other than 404 (a refused token) is not taken for an old Grafana', async () => {
    await expect(chooseApi(fake({ 'GET /apis': 401 }), 'auto', classic)).rejects.toThrow(GrafanaApiError);
  });
});

describe('the resource client', () => {
  it('lists by label selector and follows continue to the last page', async () => {
    const log: string[] = [];
    const base = '/apis/folder.grafana.app/v1/namespaces/default/folders';
    const selector = 'labelSelector=app.kubernetes.io/managed-by=plotwatch&limit=500';
    const client = createResourceClient(
      fake(
        {
          [`GET ${base}?${selector}`]: { items: [{ metadata: { name: 'a' } }], metadata: { continue: 'next' } },
          [`GET ${base}?${selector}&continue=next`]: { items: [{ metadata: { name: 'b' } }], metadata: {} },
        },
        log,
      ),
    );
    const type = { group: 'folder.grafana.app', version: 'v1', resource: 'folders', kind: 'Folder' };
    const items = await client.list(type, 'app.kubernetes.io/managed-by=plotwatch');
    expect(items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(log).toHaveLength(2);
  });
});
