import { startGrafanaTestServer } from '@plotwatch/testing';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { importDashboard, importRules, type ImportIo } from './command.ts';

const FIXTURES = join(REPO_ROOT, 'tools/cli/src/import/fixtures');
const NARRATIVE = join(REPO_ROOT, 'tools/cli/src/import/dashboard/__fixtures__/narrative-story-health.json');
const REGISTRIES = ['dashboards/index.ts', 'alerts/index.ts', 'recording-rules/index.ts'];

/** A scratch repository holding the registries an import edits; the command writes into it. */
let root: string;
let printed: string[];
let warned: string[];
const io = (extra: Partial<ImportIo> = {}): ImportIo => ({
  print: (line) => printed.push(line),
  warn: (line) => warned.push(line),
  env: {},
  stdin: Readable.from([]),
  root,
  ...extra,
});
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tree = async () => (await readdir(root, { recursive: true })).sort();

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'plotwatch-import-'));
  for (const registry of REGISTRIES) {
    await mkdir(join(root, registry, '..'), { recursive: true });
    await cp(join(REPO_ROOT, registry), join(root, registry));
  }
  printed = [];
  warned = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('plotwatch import dashboard', () => {
  it('writes the definition and registers it; a tenant dashboard is found by its tenant matchers', async () => {
    expect(await importDashboard(['--persona', 'ml', NARRATIVE], io())).toBe(0);
    const [path] = printed.at(-1)!.replace('wrote ', '').split(', ');
    expect(path).toMatch(/^dashboards\/ml\/[a-z0-9-]+\.ts$/);
    const module = await readFile(join(root, path!), 'utf8');
    expect(module).toContain('defineTenantDashboard(');
    expect(module).toContain("persona: 'ml'");
    const registry = await readFile(join(root, 'dashboards/index.ts'), 'utf8');
    const exported = /export const (\w+Dashboard) =/.exec(module)![1]!;
    expect(registry).toContain(`import { ${exported} } from './${path!.slice('dashboards/'.length)}';`);
    expect(printed.join('\n')).toMatch(/panels? converted to presets/);
    expect(warned).toEqual([]);
  });

  it('a public dashboard without tenant matchers is platform scope; --slug names it', async () => {
    const file = join(FIXTURES, 'dashboards/etcd.json');
    expect(await importDashboard(['--slug', 'etcd-cluster', file], io())).toBe(0);
    const module = await readFile(join(root, 'dashboards/ops/etcd-cluster.ts'), 'utf8');
    expect(module).toMatch(/definePlatformDashboard\(\s*\{ slug: 'etcd-cluster', persona: 'ops'/);
    expect(printed.join('\n')).toMatch(/metrics? missing from the catalog: add to libs\/platform\/src\/catalog.ts/);
  });

  it('--dry-run prints the files and writes nothing', async () => {
    const before = await tree();
    expect(await importDashboard(['--dry-run', join(FIXTURES, 'dashboards/etcd.json')], io())).toBe(0);
    expect(printed[0]).toMatch(/^--- dashboards\/ops\/etcd\.ts\nimport/);
    expect(printed.at(-1)).toBe('would write dashboards/ops/etcd.ts, dashboards/index.ts');
    expect(await tree()).toEqual(before);
  });

  it('reads stdin for -', async () => {
    const text = await readFile(join(FIXTURES, 'dashboards/etcd.json'), 'utf8');
    expect(await importDashboard(['--dry-run', '-'], io({ stdin: Readable.from([text]) }))).toBe(0);
    expect(printed.at(-1)).toBe('would write dashboards/ops/etcd.ts, dashboards/index.ts');
  });

  it('refuses to overwrite a definition, writing nothing', async () => {
    const file = join(FIXTURES, 'dashboards/etcd.json');
    expect(await importDashboard([file], io())).toBe(0);
    const registry = await readFile(join(root, 'dashboards/index.ts'), 'utf8');
    expect(await importDashboard([file], io())).toBe(1);
    expect(warned).toEqual([
      'plotwatch import: dashboards/ops/etcd.ts exists already; choose another name with --slug (or --domain), or replace it with --force',
    ]);
    expect(await readFile(join(root, 'dashboards/index.ts'), 'utf8')).toBe(registry);
  });

  describe('bad input: one message naming the file and the place, exit 1, nothing written', () => {
    const cases: Array<[string, string, string]> = [
      ['not JSON', '{"title": "x",', 'bad.json:1:15: not JSON (property name expected)'],
      [
        'not a dashboard',
        '{"groups": []}',
        'bad.json: not a dashboard: no panels (expected a classic dashboard, a Grafana export, {dashboard, meta} or a dashboard.grafana.app/v2 resource)',
      ],
      [
        'a v2 resource of an unknown kind',
        JSON.stringify({ apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Playlist', spec: {} }),
        'bad.json: kind: unknown kind "Playlist" of dashboard.grafana.app/v2beta1 (expected Dashboard)',
      ],
      [
        'a query PromQL refuses',
        JSON.stringify({
          title: 'Broken',
          panels: [
            { type: 'timeseries', title: 'A', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ expr: 'rate(x[5m]' }] },
          ],
        }),
        'bad.json: panels[0].targets[0].expr: unexpected end of input (at character 11: "rate(x[5m]")',
      ],
    ];
    it.each(cases)('%s', async (_, text, message) => {
      const file = join(root, 'bad.json');
      await writeFile(file, text);
      const before = await tree();
      expect(await importDashboard([file], io())).toBe(1);
      expect(warned).toHaveLength(1);
      expect(warned[0]!.replace(`${root}/`, '')).toMatch(new RegExp(`^plotwatch import: ${escape(message)}`));
      expect(await tree()).toEqual(before);
      expect(await readFile(join(root, 'dashboards/index.ts'), 'utf8')).toBe(
        await readFile(join(REPO_ROOT, 'dashboards/index.ts'), 'utf8'),
      );
    });
  });

  it('reads a live dashboard with --url, --uid and the token from the environment', async () => {
    const token = 'import-token';
    const grafana = await startGrafanaTestServer({ token });
    try {
      const dashboard = JSON.parse(await readFile(join(FIXTURES, 'dashboards/etcd.json'), 'utf8'));
      const saved = await fetch(`${grafana.url}/api/dashboards/db`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ dashboard: { ...dashboard, id: null, uid: 'etcd-live' }, overwrite: true }),
      });
      expect(saved.status).toBe(200);
      const args = ['--url', grafana.url, '--uid', 'etcd-live', '--token-env', 'GRAFANA_TOKEN', '--dry-run'];
      expect(await importDashboard(args, io({ env: { GRAFANA_TOKEN: token } }))).toBe(0);
      expect(printed.at(-1)).toBe('would write dashboards/ops/etcd.ts, dashboards/index.ts');
      expect(printed.join('\n')).not.toContain(token);
      expect(grafana.responseViolations).toEqual([]);
    } finally {
      await grafana.stop();
    }
  });
});

describe('plotwatch import rules', () => {
  it('writes the alert modules and registers them, with the summary of proofs and missing metrics', async () => {
    const file = join(FIXTURES, 'rules/mixin-etcd-alerts.yaml');
    expect(await importRules(['--domain', 'etcd', file], io())).toBe(0);
    const written = (await tree()).filter((p) => p.startsWith('alerts/etcd/') && p.endsWith('.ts'));
    expect(written.length).toBeGreaterThan(0);
    expect(await readFile(join(root, 'alerts/index.ts'), 'utf8')).toContain(`from './etcd/`);
    const summary = printed.join('\n');
    expect(summary).toMatch(/proofs: \d+ of \d+ alerting rules have a generated promtool test/);
    expect(summary).toMatch(/metrics? missing from the catalog/);
  });

  it('--dashboard names the panel the alerts link to', async () => {
    const file = join(FIXTURES, 'rules/mixin-etcd-alerts.yaml');
    const args = ['--domain', 'etcd', '--dashboard', 'ops/etcd:Up', '--dry-run', file];
    expect(await importRules(args, io())).toBe(0);
    expect(printed.join('\n')).toContain("dashboard: { persona: 'ops', slug: 'etcd', panel: 'Up' }");
  });

  it('a rule file promtool refuses: its path in the file, exit 1, nothing written', async () => {
    const file = join(root, 'bad.yaml');
    await writeFile(file, 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[5m]\n');
    const before = await tree();
    expect(await importRules([file], io())).toBe(1);
    expect(warned[0]!.replace(`${root}/`, '')).toContain('plotwatch import: bad.yaml: groups[0].rules[0].expr: ');
    expect(await tree()).toEqual(before);
  });

  it('not YAML: line and column', async () => {
    const file = join(root, 'bad.yaml');
    await writeFile(file, 'groups: [\n');
    expect(await importRules([file], io())).toBe(1);
    expect(warned[0]!.replace(`${root}/`, '')).toMatch(/^plotwatch import: bad\.yaml:\d+:\d+: not YAML/);
  });
});
