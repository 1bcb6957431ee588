import { afterEach, expect, it } from 'vitest';
import { startGrafanaTestServer, type GrafanaTestServer } from './server.ts';

const TOKEN = 'admin-token';
let grafana: GrafanaTestServer | undefined;
afterEach(async () => {
  expect(grafana?.responseViolations).toEqual([]);
  expect(grafana?.rejectedRequests).toEqual([]);
  await grafana?.stop();
});

it("serves a folder's counts (Grafana's getFolderCounts): its subtree's folders, dashboards and alert rules", async () => {
  grafana = await startGrafanaTestServer({ token: TOKEN });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${grafana!.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as { counts?: unknown[] } };
  };
  await call('POST', '/api/folders', { uid: 'top', title: 'Top' });
  await call('POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'top' });
  await call('POST', '/api/dashboards/db', { dashboard: { uid: 'd1', title: 'One' }, folderUid: 'top' });
  await call('POST', '/api/dashboards/db', { dashboard: { uid: 'd2', title: 'Two' }, folderUid: 'child' });
  const counts = (name: string) => call('GET', `/apis/folder.grafana.app/v1/namespaces/default/folders/${name}/counts`);
  expect((await counts('top')).body.counts).toEqual([
    { group: 'folder.grafana.app', resource: 'folders', count: 1 },
    { group: 'dashboard.grafana.app', resource: 'dashboards', count: 2 },
    { group: 'sql-fallback', resource: 'alertrules', count: 0 },
    { group: 'sql-fallback', resource: 'library_elements', count: 0 },
  ]);
  expect((await counts('child')).body.counts).toContainEqual({
    group: 'dashboard.grafana.app',
    resource: 'dashboards',
    count: 1,
  });
  expect((await counts('nowhere')).status).toBe(404);
});
