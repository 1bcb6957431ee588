import { createTransport, DEFAULT_RETRY_POLICY } from '@plotwatch/publish';
import { startGrafanaTestServer, type GrafanaTestServer } from '@plotwatch/testing';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDashboard, parseJson, readInput, SourceError } from './source.ts';

describe('parseJson', () => {
  it.each([
    ['{"title": }', 'f.json:1:11: not JSON (value expected)'],
    ['{"title": "x"', 'f.json:1:14: not JSON (close brace expected)'],
    ['', 'f.json:1:1: not JSON (value expected)'],
    ['{"a": 1}\n]', 'f.json:2:1: not JSON (end of file expected)'],
    ['title: yaml', 'f.json:1:1: not JSON (invalid symbol)'],
  ])('%j: says where and what', (text, message) => {
    expect(() => parseJson({ text, name: 'f.json' })).toThrow(
      new SourceError(`${message}; give a dashboard's JSON model, a Grafana export or a v2 resource`),
    );
  });

  it('reads JSON', () => {
    expect(parseJson({ text: '{"title": "x", "panels": []}', name: 'f.json' })).toEqual({ title: 'x', panels: [] });
  });
});

describe('readInput', () => {
  it('reads stdin for -', async () => {
    expect(await readInput('-', Readable.from(['{"a"', ': 1}']))).toEqual({ text: '{"a": 1}', name: 'stdin' });
  });

  it('names a missing file', async () => {
    await expect(readInput('/nonexistent/dash.json')).rejects.toThrow(
      '/nonexistent/dash.json: cannot read it (no such file)',
    );
  });
});

describe('fetchDashboard', () => {
  const token = 'import-token';
  let grafana: GrafanaTestServer;
  const api = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${grafana.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
  };
  const transport = () =>
    createTransport({ url: grafana.url, token, timeoutMs: 5000, retry: { ...DEFAULT_RETRY_POLICY, retries: 0 } });

  beforeAll(async () => {
    grafana = await startGrafanaTestServer({ token });
    await api('POST', '/api/dashboards/db', {
      dashboard: { uid: 'classic-one', title: 'Classic', panels: [], schemaVersion: 41 },
      overwrite: true,
    });
    await api('POST', '/apis/dashboard.grafana.app/v2/namespaces/default/dashboards', {
      apiVersion: 'dashboard.grafana.app/v2',
      kind: 'Dashboard',
      metadata: { name: 'stored-as-v2' },
      spec: {
        title: 'Stored as v2',
        elements: {},
        layout: { kind: 'GridLayout', spec: { items: [] } },
        annotations: [],
        variables: [],
        links: [],
        tags: [],
        cursorSync: 'Off',
        preload: false,
        editable: true,
        liveNow: false,
        timeSettings: {
          timezone: 'browser',
          from: 'now-6h',
          to: 'now',
          autoRefresh: '',
          autoRefreshIntervals: [],
          hideTimepicker: false,
          fiscalYearStartMonth: 0,
        },
      },
    });
  });
  afterAll(async () => {
    expect(grafana.responseViolations).toEqual([]);
    await grafana.stop();
  });

  it('reads a classic dashboard from the classic API, as {dashboard, meta}', async () => {
    expect(await fetchDashboard(transport(), 'classic-one', 'default')).toMatchObject({
      dashboard: { uid: 'classic-one', title: 'Classic' },
      meta: {},
    });
  });

  it('reads a dashboard stored as v2 from the resource API after the classic one refuses it (406)', async () => {
    grafana.resetRequests();
    expect(await fetchDashboard(transport(), 'stored-as-v2', 'default')).toMatchObject({
      kind: 'Dashboard',
      metadata: { name: 'stored-as-v2' },
      spec: { title: 'Stored as v2' },
    });
    expect(grafana.requests.map((r) => `${r.method} ${r.outcome}`)).toEqual(['GET 406', 'GET 200']);
  });

  it('names a uid Grafana does not have', async () => {
    await expect(fetchDashboard(transport(), 'nope', 'default')).rejects.toThrow(
      'no dashboard with uid "nope" in this Grafana (GET /api/dashboards/uid/nope)',
    );
  });
});
