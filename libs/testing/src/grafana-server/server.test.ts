import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGrafanaTestServer, type GrafanaTestServer } from './server.ts';

const TOKEN = 'admin-token';
const VIEWER = 'viewer-token';
let grafana: GrafanaTestServer;

beforeEach(async () => {
  grafana = await startGrafanaTestServer({ token: TOKEN, viewerToken: VIEWER });
});
afterEach(async () => {
  // Every response this server sent must be one the spec allows.
  expect(grafana.responseViolations).toEqual([]);
  await grafana.stop();
});

// Answers are checked against the spec by the server itself; here they are read loosely.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function api(
  method: string,
  path: string,
  body?: unknown,
  token = TOKEN,
): Promise<{ status: number; body: Loose }> {
  const response = await fetch(`${grafana.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const dashboard = (uid: string, extra: Record<string, unknown> = {}) => ({
  uid,
  title: `Dashboard ${uid}`,
  tags: ['t'],
  panels: [],
  ...extra,
});

describe('Grafana test server', () => {
  it('wants the Bearer token; a viewer token may read but not write', async () => {
    expect((await api('GET', '/api/search', undefined, 'wrong')).status).toBe(401);
    expect((await api('GET', '/api/search', undefined, VIEWER)).status).toBe(200);
    expect((await api('POST', '/api/folders', { uid: 'f', title: 'F' }, VIEWER)).status).toBe(403);
  });

  it('rejects what the spec rejects, and records it', async () => {
    expect(await api('POST', '/api/dashboards/db', { dashboard: dashboard('d'), overwrite: 'yes' })).toMatchObject({
      status: 400,
      body: { message: 'bad request data: /overwrite must be boolean' },
    });
    expect((await api('GET', '/api/search?limit=many')).status).toBe(400);
    expect((await api('POST', '/api/folders', '{not json')).status).toBe(400);
    expect(grafana.rejectedRequests).toHaveLength(3);
  });

  it('versions dashboards: 412 on a stale version unless overwrite', async () => {
    expect(await api('POST', '/api/dashboards/db', { dashboard: dashboard('d') })).toMatchObject({
      status: 200,
      body: { uid: 'd', version: 1, status: 'success' },
    });
    expect(await api('POST', '/api/dashboards/db', { dashboard: dashboard('d') })).toMatchObject({
      status: 412,
      body: { status: 'version-mismatch' },
    });
    expect(await api('POST', '/api/dashboards/db', { dashboard: { ...dashboard('d'), version: 1 } })).toMatchObject({
      status: 200,
      body: { version: 2 },
    });
    expect(await api('POST', '/api/dashboards/db', { dashboard: dashboard('d'), overwrite: true })).toMatchObject({
      status: 200,
      body: { version: 3 },
    });
  });

  it("keeps fields it does not know and returns keys sorted, as Grafana's Go backend does", async () => {
    await api('POST', '/api/dashboards/db', {
      dashboard: dashboard('d', { plotwatch: { contentSha256: 'abc' }, b: 1, a: 2 }),
    });
    const { body } = await api('GET', '/api/dashboards/uid/d');
    expect(body.dashboard.plotwatch).toEqual({ contentSha256: 'abc' });
    expect(Object.keys(body.dashboard)).toEqual([...Object.keys(body.dashboard)].sort());
    expect(body.meta).toMatchObject({ version: 1 });
  });

  it("refuses a tag longer than Grafana's tag column, a long uid and a title taken in the folder", async () => {
    expect(
      (await api('POST', '/api/dashboards/db', { dashboard: dashboard('d', { tags: ['x'.repeat(51)] }) })).status,
    ).toBe(400);
    expect((await api('POST', '/api/dashboards/db', { dashboard: dashboard('u'.repeat(41)) })).status).toBe(400);
    await api('POST', '/api/dashboards/db', { dashboard: dashboard('one') });
    expect(
      await api('POST', '/api/dashboards/db', { dashboard: { ...dashboard('two'), title: 'Dashboard one' } }),
    ).toMatchObject({ status: 412, body: { status: 'name-exists' } });
  });

  it("nests folders, gives a new folder Grafana's default permissions, and shows inherited ones", async () => {
    expect((await api('POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'missing' })).status).toBe(
      404,
    );
    await api('POST', '/api/folders', { uid: 'root', title: 'Root' });
    expect((await api('POST', '/api/folders', { uid: 'root', title: 'Again' })).status).toBe(409);
    expect(await api('POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'root' })).toMatchObject({
      status: 200,
      body: { parentUid: 'root', parents: [{ uid: 'root' }] },
    });
    const { body: teamBody } = await api('POST', '/api/teams', { name: 'tenant-ops' });
    expect(
      (await api('POST', '/api/folders/child/permissions', { items: [{ teamId: teamBody.teamId, permission: 1 }] }))
        .status,
    ).toBe(200);
    const { body: acl } = await api('GET', '/api/folders/child/permissions');
    expect(acl.map((e: Loose) => [e.inherited, e.team ?? e.role ?? `user ${e.userId}`, e.permission])).toEqual([
      [true, 'user 1', 4],
      [true, 'Editor', 2],
      [true, 'Viewer', 1],
      [false, 'tenant-ops', 1],
    ]);
  });

  it('deletes a folder with its subfolders and dashboards, but not one holding alert rules', async () => {
    await api('POST', '/api/folders', { uid: 'root', title: 'Root' });
    await api('POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'root' });
    await api('POST', '/api/dashboards/db', { dashboard: dashboard('d'), folderUid: 'child' });
    expect((await api('DELETE', '/api/folders/root')).status).toBe(200);
    expect([grafana.state.folders.size, grafana.state.dashboards.size]).toEqual([0, 0]);

    await api('POST', '/api/folders', { uid: 'rules', title: 'Rules' });
    const rule = {
      title: 'r',
      folderUID: 'rules',
      ruleGroup: 'g',
      orgID: 1,
      condition: 'A',
      data: [{ refId: 'A', datasourceUid: 'p', model: {} }],
      for: '5m',
      noDataState: 'OK',
      execErrState: 'Error',
    };
    expect(
      (await api('PUT', '/api/v1/provisioning/folder/rules/rule-groups/g', { title: 'g', interval: 60, rules: [rule] }))
        .status,
    ).toBe(200);
    expect((await api('DELETE', '/api/folders/rules')).status).toBe(400);
  });

  it("pages search results, and names a nested folder's parent", async () => {
    await api('POST', '/api/folders', { uid: 'root', title: 'Root' });
    await api('POST', '/api/folders', { uid: 'child', title: 'Child', parentUid: 'root' });
    for (const uid of ['a', 'b', 'c'])
      await api('POST', '/api/dashboards/db', { dashboard: dashboard(uid), folderUid: 'child' });
    const pages = await Promise.all(
      [1, 2].map(async (page) =>
        (await api('GET', `/api/search?type=dash-db&limit=2&page=${page}`)).body.map((h: Loose) => h.uid),
      ),
    );
    expect(pages).toEqual([['a', 'b'], ['c']]);
    expect((await api('GET', '/api/search?type=dash-folder')).body.map((h: Loose) => [h.uid, h.folderUid])).toEqual([
      ['child', 'root'],
      ['root', undefined],
    ]);
  });

  it('keeps team names unique', async () => {
    expect((await api('POST', '/api/teams', { name: 'ops' })).status).toBe(200);
    expect((await api('POST', '/api/teams', { name: 'ops' })).status).toBe(409);
    expect((await api('GET', '/api/teams/search?name=ops')).body).toMatchObject({
      totalCount: 1,
      teams: [{ name: 'ops' }],
    });
  });

  it('redacts secure contact point settings and refuses a policy naming an unknown receiver', async () => {
    expect(
      (
        await api('POST', '/api/v1/provisioning/contact-points', {
          uid: 'cp',
          name: 'team-slack',
          type: 'slack',
          settings: { url: 'https://hooks.example/secret' },
        })
      ).status,
    ).toBe(202);
    expect((await api('GET', '/api/v1/provisioning/contact-points')).body).toMatchObject([
      { uid: 'cp', settings: { url: '[REDACTED]' }, provenance: 'api' },
    ]);
    expect((await api('PUT', '/api/v1/provisioning/policies', { receiver: 'nobody' })).status).toBe(400);
    expect(
      (
        await api('PUT', '/api/v1/provisioning/policies', {
          receiver: 'team-slack',
          routes: [{ receiver: 'team-slack', object_matchers: [['tenant', '=', 'a']] }],
        })
      ).status,
    ).toBe(202);
  });

  it('injects faults: errors and throttling before the work, dropped connections before or after it', async () => {
    grafana.setFaults({ rate: 1, kinds: ['throttle-429'], retryAfterSeconds: 7 });
    const throttled = await fetch(`${grafana.url}/api/search`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '7']);

    grafana.setFaults({ rate: 1, kinds: ['reset-after'] });
    await expect(api('POST', '/api/teams', { name: 'made-anyway' })).rejects.toThrow();
    grafana.setFaults({ rate: 1, kinds: ['reset-before'] });
    await expect(api('POST', '/api/teams', { name: 'never-made' })).rejects.toThrow();
    grafana.setFaults(undefined);
    expect([...grafana.state.teams.values()].map((t) => t.name)).toEqual(['made-anyway']);
    expect(grafana.requests.map((r) => r.outcome)).toEqual(['throttle-429', 'reset-after', 'reset-before']);
  });
});
