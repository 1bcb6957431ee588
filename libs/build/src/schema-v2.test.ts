import { alertDomains } from '@plotwatch/alerts';
import { dashboards } from '@plotwatch/dashboards';
import {
  DASHBOARD_V2_API_VERSION,
  dashboardV2SchemaErrors,
  FOLDER_ANNOTATION,
  FOLDER_API_VERSION,
  type Folder,
} from '@plotwatch/grafana';
import { environment } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DASHBOARD_KINDS, dashboardUidOf, type Artifact } from './artifacts.ts';
import { FOLDER_FILE, RESOURCES_DIR } from './producers/grafana.ts';
import { compileOrThrow, repoTenants } from './test-support.ts';

// Read independently of the conversion: what a v1 and a v2 dashboard hold, in the same terms.
interface Content {
  readonly dashboard: unknown;
  readonly panels: Map<string, unknown>;
  readonly queries: Set<string>;
  readonly layout: unknown[];
}

type Target = { refId: string; datasource?: { type: string; uid: string }; hide?: boolean } & Record<string, unknown>;
type ClassicPanel = {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
  links?: Array<{ title: string; url: string; targetBlank?: boolean }>;
  options?: unknown;
  fieldConfig?: unknown;
  transformations?: Array<{ id: string; options: unknown }>;
  collapsed?: boolean;
  panels?: ClassicPanel[];
};
type Classic = {
  title: string;
  description: string;
  tags: string[];
  editable: boolean;
  timezone: string;
  refresh: string;
  time: { from: string; to: string };
  links: Array<Record<string, unknown>>;
  templating: { list: Array<{ type: string; name: string; label?: string; query: string; hide?: number }> };
  panels: ClassicPanel[];
};
type V2Query = {
  spec: { refId: string; hidden: boolean; query: { group: string; datasource?: { name: string }; spec: object } };
};
type V2Panel = {
  kind: 'Panel';
  spec: {
    id: number;
    title: string;
    description: string;
    links: Array<{ title: string; url: string; targetBlank?: boolean }>;
    data: { spec: { queries: V2Query[]; transformations: Array<{ group: string; spec: { options: unknown } }> } };
    vizConfig: { group: string; spec: { options: unknown; fieldConfig: unknown } };
  };
};
type V2Item = { spec: { x: number; y: number; width: number; height: number; element: { name: string } } };
type V2Resource = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: unknown; annotations: Record<string, string> };
  spec: {
    title: string;
    description: string;
    tags: string[];
    editable: boolean;
    links: Array<Record<string, unknown>>;
    timeSettings: { timezone: string; from: string; to: string; autoRefresh: string };
    variables: Array<{
      kind: string;
      spec: { name: string; label?: string; query?: string; pluginId?: string; hide: string };
    }>;
    elements: Record<string, V2Panel>;
    layout:
      | { kind: 'GridLayout'; spec: { items: V2Item[] } }
      | {
          kind: 'RowsLayout';
          spec: { rows: Array<{ spec: { title: string; collapse: boolean; layout: { spec: { items: V2Item[] } } } }> };
        };
  };
};

const HIDE = ['dontHide', 'hideLabel', 'hideVariable'];

function classicContent(d: Classic): Content {
  const all = d.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
  const panels = new Map(
    all.map((p) => [
      p.title,
      {
        id: p.id,
        type: p.type,
        description: p.description ?? '',
        links: (p.links ?? []).map((l) => ({ title: l.title, url: l.url, targetBlank: l.targetBlank ?? false })),
        options: p.options,
        fieldConfig: p.fieldConfig,
        transformations: (p.transformations ?? []).map((t) => ({ id: t.id, options: t.options })),
        queries: (p.targets ?? []).map(({ refId, datasource, hide, ...spec }) => ({
          refId,
          hidden: hide ?? false,
          datasource: datasource ?? p.datasource,
          spec,
        })),
      },
    ]),
  );
  const queries = new Set(all.flatMap((p) => (p.targets ?? []).map((t) => `${p.title}\u0000${String(t.expr)}`)));
  // Rows and their panels in order, each panel's place relative to its row.
  const layout: unknown[] = [];
  let rowY = -1;
  for (const p of d.panels) {
    if (p.type === 'row') {
      rowY = p.gridPos.y;
      layout.push({ row: p.title, collapsed: p.collapsed ?? false });
      for (const q of p.panels ?? []) layout.push(place(q, rowY));
    } else layout.push(place(p, d.panels.some((r) => r.type === 'row') ? rowY : undefined));
  }
  return {
    dashboard: {
      title: d.title,
      description: d.description,
      tags: d.tags,
      editable: d.editable,
      timezone: d.timezone,
      refresh: d.refresh,
      time: d.time,
      links: d.links,
      variables: d.templating.list.map((v) => ({
        type: v.type,
        name: v.name,
        label: v.label,
        query: v.query,
        hide: HIDE[v.hide ?? 0],
      })),
    },
    panels,
    queries,
    layout,
  };
}

function place(p: ClassicPanel, rowY: number | undefined) {
  const { x, y, w, h } = p.gridPos;
  return { title: p.title, x, y: rowY === undefined ? y : y - rowY - 1, w, h };
}

function v2Content(r: V2Resource): Content {
  const s = r.spec;
  const elements = Object.values(s.elements);
  const panels = new Map(
    elements.map(({ spec: p }) => [
      p.title,
      {
        id: p.id,
        type: p.vizConfig.group,
        description: p.description,
        links: p.links.map((l) => ({ title: l.title, url: l.url, targetBlank: l.targetBlank ?? false })),
        options: p.vizConfig.spec.options,
        fieldConfig: p.vizConfig.spec.fieldConfig,
        transformations: p.data.spec.transformations.map((t) => ({ id: t.group, options: t.spec.options })),
        queries: p.data.spec.queries.map(({ spec: q }) => ({
          refId: q.refId,
          hidden: q.hidden,
          datasource: { type: q.query.group, uid: q.query.datasource?.name },
          spec: q.query.spec,
        })),
      },
    ]),
  );
  const queries = new Set(
    elements.flatMap(({ spec: p }) =>
      p.data.spec.queries.map((q) => `${p.title}\u0000${String((q.spec.query.spec as { expr?: string }).expr)}`),
    ),
  );
  const title = (name: string) => s.elements[name]!.spec.title;
  const items = (list: V2Item[]) =>
    list.map(({ spec: i }) => ({ title: title(i.element.name), x: i.x, y: i.y, w: i.width, h: i.height }));
  const layout =
    s.layout.kind === 'GridLayout'
      ? items(s.layout.spec.items)
      : s.layout.spec.rows.flatMap(({ spec: row }) => [
          { row: row.title, collapsed: row.collapse },
          ...items(row.layout.spec.items),
        ]);
  return {
    dashboard: {
      title: s.title,
      description: s.description,
      tags: s.tags,
      editable: s.editable,
      timezone: s.timeSettings.timezone,
      refresh: s.timeSettings.autoRefresh,
      time: { from: s.timeSettings.from, to: s.timeSettings.to },
      links: s.links,
      variables: s.variables.map(({ kind, spec: v }) => ({
        type: kind === 'ConstantVariable' ? 'constant' : kind === 'DatasourceVariable' ? 'datasource' : kind,
        name: v.name,
        label: v.label,
        query: v.query ?? v.pluginId,
        hide: v.hide,
      })),
    },
    panels,
    queries,
    layout,
  };
}

const byUid = (artifacts: readonly Artifact[], kind: string) =>
  new Map(artifacts.filter((a) => a.kind === kind).map((a) => [dashboardUidOf(a), a]));
const parsed = <T>(a: Artifact) => JSON.parse(a.content) as T;

describe('dashboards in schema v2, for a Grafana 13 target (env dev)', () => {
  const tenants = repoTenants();
  const dev = compileOrThrow(tenants, 'dev');
  const both = compileOrThrow(tenants, 'dev', 'both');
  const resources = dev.filter((a) => a.kind === DASHBOARD_KINDS.v2);

  it('targets Grafana 13 in dev and staging (schema v2), Grafana 12 in prod (v1)', () => {
    expect(environment('dev').grafana).toEqual({ version: '13.0', schema: 'v2' });
    expect(environment('staging').grafana.schema).toBe('v2');
    expect(environment('prod').grafana.schema).toBe('v1');
  });

  it('writes every dashboard of every tenant as a v2 resource, and no classic file', () => {
    const perTenant = dashboards.filter((d) => d.scope === 'tenant').length;
    const platformScoped = dashboards.length - perTenant;
    expect(resources).toHaveLength(platformScoped + perTenant * tenants.length);
    expect(dev.filter((a) => a.kind === DASHBOARD_KINDS.v1)).toEqual([]);
    expect(dev.some((a) => a.path.startsWith('grafana/dashboards/'))).toBe(false);
  });

  it("validates every v2 dashboard against Grafana's v2 schema, as the resource dashboard.grafana.app/v2", () => {
    for (const a of resources) {
      const resource = parsed<V2Resource>(a);
      expect(dashboardV2SchemaErrors(resource), a.path).toEqual([]);
      expect(resource.apiVersion).toBe('dashboard.grafana.app/v2');
      expect(resource.apiVersion).toBe(DASHBOARD_V2_API_VERSION);
      expect(resource.kind).toBe('Dashboard');
    }
  });

  it('keeps every query, unit, threshold, link, description, variable and place of the classic form', () => {
    const [classic, v2] = [byUid(both, DASHBOARD_KINDS.v1), byUid(both, DASHBOARD_KINDS.v2)];
    expect([...v2.keys()].sort()).toEqual([...classic.keys()].sort());
    expect(classic.size).toBe(resources.length);
    for (const [uid, a] of classic) {
      const [before, after] = [classicContent(parsed<Classic>(a)), v2Content(parsed<V2Resource>(v2.get(uid)!))];
      expect(after.queries, uid).toEqual(before.queries);
      expect(after.panels, uid).toEqual(before.panels);
      expect(after.dashboard, uid).toEqual(before.dashboard);
      expect(after.layout, uid).toEqual(before.layout);
    }
  });

  it('writes both forms with --schema both, each byte-identical to a build of that schema alone', () => {
    const v1 = compileOrThrow(tenants, 'dev', 'v1');
    const files = (artifacts: readonly Artifact[], kinds: readonly string[]) =>
      new Map(artifacts.filter((a) => kinds.includes(a.kind)).map((a) => [a.path, a.content]));
    const dashboardKinds = [DASHBOARD_KINDS.v1];
    const resourceKinds = [DASHBOARD_KINDS.v2, 'grafana-folder-resource'];
    expect(files(both, dashboardKinds)).toEqual(files(v1, dashboardKinds));
    expect(files(both, resourceKinds)).toEqual(files(dev, resourceKinds));
    // The target is still Grafana 13: its ConfigMaps carry v2 whatever else is written.
    expect(files(both, ['kubernetes-manifest'])).toEqual(files(dev, ['kubernetes-manifest']));
  });

  it('lays out the resources as Git Sync and `gcx resources push` read them: a directory per folder, its _folder.json', () => {
    const model = JSON.parse(dev.find((a) => a.path === 'grafana/folders.json')!.content) as { folders: Folder[] };
    const folderFiles = dev.filter((a) => a.kind === 'grafana-folder-resource');
    const byDir = new Map(folderFiles.map((a) => [a.path.slice(0, -`/${FOLDER_FILE}`.length), a]));
    type FolderResource = { apiVersion: string; kind: string; metadata: V2Resource['metadata']; spec: unknown };
    // Every folder of the access model, once, under its parent's directory.
    expect(folderFiles.map((a) => parsed<FolderResource>(a).metadata.name).sort()).toEqual(
      model.folders.map((f) => f.uid).sort(),
    );
    for (const [dir, a] of byDir) {
      const folder = parsed<FolderResource>(a);
      const expected = model.folders.find((f) => f.uid === folder.metadata.name)!;
      expect(folder).toEqual({
        apiVersion: FOLDER_API_VERSION,
        kind: 'Folder',
        metadata: {
          name: expected.uid,
          ...(expected.parentUid ? { annotations: { [FOLDER_ANNOTATION]: expected.parentUid } } : {}),
        },
        spec: { title: expected.title },
      });
      expect(folder.apiVersion).toBe('folder.grafana.app/v1');
      const parentDir = dir.slice(0, dir.lastIndexOf('/'));
      if (expected.parentUid)
        expect(parsed<FolderResource>(byDir.get(parentDir)!).metadata.name).toBe(expected.parentUid);
      else expect(parentDir).toBe(RESOURCES_DIR);
    }
    for (const a of resources) {
      const resource = parsed<V2Resource>(a);
      const dir = a.path.slice(0, a.path.lastIndexOf('/'));
      // Named by its uid, in the directory of its folder (Git Sync places it by the directory, gcx by the annotation).
      expect(resource.metadata).toEqual({
        name: dashboardUidOf(a),
        annotations: { [FOLDER_ANNOTATION]: parsed<FolderResource>(byDir.get(dir)!).metadata.name },
      });
      const persona = a.persona!;
      expect(a.path).toBe(
        a.tenant
          ? `${RESOURCES_DIR}/tenant-${a.tenant}/${persona}/${dashboardUidOf(a)}.json`
          : `${RESOURCES_DIR}/platform/${persona}/${dashboardUidOf(a)}.json`,
      );
      // No publishing stamps (publish adds them): no labels, no managed-by tag or hash.
      expect(resource.spec.tags.filter((t) => t.startsWith('managed-by:') || t.startsWith('plotwatch:sha256'))).toEqual(
        [],
      );
    }
    for (const a of [...resources, ...folderFiles]) {
      expect(a.content, a.path).toBe(`${JSON.stringify(JSON.parse(a.content), null, 2)}\n`);
      expect(a.content).not.toMatch(/managed-by|plotwatch:sha256|"namespace"/);
    }
  });

  it('links each alert to the same panel as in v1: viewPanel=<id> opens the scene panel panel-<id>', () => {
    const prod = compileOrThrow(tenants, 'prod');
    const panelOf = new Map(alertDomains.flatMap((d) => d.alerts).map((a) => [a.name, a.dashboard.panel]));
    const firstLabelTenant = tenants.find((t) => t.tenancy === 'label')!.id;
    type Rules = { groups: Array<{ rules: Array<{ alert?: string; annotations?: { dashboard_url?: string } }> }> };
    const links = (artifacts: readonly Artifact[]) =>
      artifacts
        .filter((a) => a.kind === 'prometheus-rules' || a.kind === 'mimir-rules')
        .flatMap((a) => (parseYaml(a.content) as Rules).groups.flatMap((g) => g.rules))
        .filter((r) => r.alert && r.annotations?.dashboard_url)
        .map((r) => ({ alert: r.alert!, url: r.annotations!.dashboard_url! }));
    const devLinks = links(dev);
    expect(devLinks.length).toBeGreaterThan(0);
    expect(devLinks.map((l) => l.url.replace(/^https:\/\/[^/]+/, ''))).toEqual(
      links(prod).map((l) => l.url.replace(/^https:\/\/[^/]+/, '')),
    );
    const v2 = byUid(dev, DASHBOARD_KINDS.v2);
    for (const { alert, url } of devLinks) {
      const [, uid, id] = /\/d\/(.+)\?viewPanel=(\d+)$/.exec(url.replace('{{ $labels.tenant }}', firstLabelTenant))!;
      const element = parsed<V2Resource>(v2.get(uid!)!).spec.elements[`panel-${id}`];
      expect(element?.spec.id, `${alert}: ${url}`).toBe(Number(id));
      expect(element?.spec.title, `${alert}: ${url}`).toBe(panelOf.get(alert));
    }
  });

  it("puts the v2 resource in each dashboard's ConfigMap, its folder left to the sidecar's provisioning provider", () => {
    const configMaps = dev.filter((a) => a.path.startsWith('kubernetes/dev/dashboards/'));
    expect(configMaps).toHaveLength(resources.length);
    for (const a of resources) {
      const configMap = JSON.parse(
        dev.find((c) => c.path === `kubernetes/dev/dashboards/${dashboardUidOf(a)}.json`)!.content,
      ) as {
        data: Record<string, string>;
      };
      const resource = parsed<V2Resource>(a);
      expect(JSON.parse(configMap.data[`${dashboardUidOf(a)}.json`]!)).toEqual({
        ...resource,
        metadata: { ...resource.metadata, annotations: { [FOLDER_ANNOTATION]: '' } },
      });
    }
  });
});
