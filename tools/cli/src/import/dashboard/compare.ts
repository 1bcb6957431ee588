import { isRecord } from '../shared/errors.ts';
import { normalizeExpr, type FormatExpr } from '../shared/normalize.ts';
import type { DashboardJson, LinkJson, PanelJson, VariableJson } from './model.ts';
import { tenantVariablesOf } from './queries.ts';
import { isRepeatClone } from './plan.ts';
import { isPromTarget, queryText, variableExpr } from './read.ts';

/** One way the built dashboard differs from the original. */
export interface Difference {
  /** `panel 3 "Request rate" targets[0].expr`, `variable route query`, `link 1 url`. */
  readonly where: string;
  /** The panel's title, when it is a panel's. */
  readonly panel?: string;
  readonly original: unknown;
  readonly built: unknown;
}

export interface CompareOptions {
  /** The tenant a tenant-scoped dashboard was built for: it replaces the original's tenant variable. */
  readonly tenantId?: string;
  readonly tenantLabel?: string;
  /** The Go printer both sides' expressions are printed with. */
  readonly format?: FormatExpr;
}

interface PanelFacts {
  type: string;
  title: string;
  gridPos: unknown;
  repeat: unknown;
  /** The collapsed row it is folded in, if any. */
  collapsedRow: string | null;
  targets: Array<{ expr: string; legendFormat: string }>;
  unit: string;
  thresholds: unknown;
}

/**
 * The semantic comparison of docs (issue 15's plan): per panel in grid order its type, title,
 * gridPos, repeat, queries (printed by the Go printer, the tenant substituted), legends, unit,
 * thresholds and collapsed row; per dashboard its variables (the kit's own `datasource` and
 * `tenant` stand for the original's) and links (after the kit's sibling links). Ids, styling and
 * datasource uids are not compared. Thresholds the original does not set are not compared: a
 * preset colours neutrally where Grafana would use its default.
 */
export async function compareDashboards(
  original: DashboardJson,
  built: DashboardJson,
  o: CompareOptions = {},
): Promise<Difference[]> {
  const tenantLabel = o.tenantLabel ?? 'tenant';
  const exprsOf = (d: DashboardJson) =>
    flat(d.panels ?? []).flatMap(({ panel }) =>
      (panel.targets ?? []).flatMap((t) => (typeof t.expr === 'string' ? [t.expr] : [])),
    );
  const tenantVars =
    o.tenantId !== undefined
      ? new Set([...tenantVariablesOf(exprsOf(original), tenantLabel), 'tenant'])
      : new Set<string>();
  const values: Record<string, string> = {};
  if (o.tenantId !== undefined) for (const name of new Set([...tenantVars, 'tenant'])) values[name] = o.tenantId;
  const tenant = o.tenantId !== undefined ? { label: tenantLabel, value: o.tenantId } : undefined;
  // The original's tenant matchers stand for the tenant; the built one's must say it exactly.
  const normOriginal = (expr: string) =>
    normalizeExpr(expr, { format: o.format, values, ...(tenant ? { tenant } : {}) });
  const normBuilt = (expr: string) => normalizeExpr(expr, { format: o.format, values });
  const diffs: Difference[] = [];
  const add = (where: string, a: unknown, b: unknown, panel?: string) => {
    if (!same(a, b)) diffs.push({ where, original: a, built: b, ...(panel !== undefined ? { panel } : {}) });
  };

  const listOrder = flat(original.panels ?? []).some(({ panel }) => !panel.gridPos);
  const [a, b] = await Promise.all([
    panelFacts(original, normOriginal, listOrder),
    panelFacts(built, normBuilt, listOrder),
  ]);
  add('panel count', a.length, b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const p = a[i]!;
    const q = b[i]!;
    const at = `panel ${i} "${p.title}"`;
    add(`${at} type`, p.type, q.type, p.title);
    add(`${at} title`, p.title, q.title, p.title);
    add(`${at} gridPos`, p.gridPos, q.gridPos, p.title);
    add(`${at} repeat`, p.repeat, q.repeat, p.title);
    add(`${at} collapsed row`, p.collapsedRow, q.collapsedRow, p.title);
    add(`${at} unit`, p.unit, q.unit, p.title);
    if (p.thresholds !== undefined) add(`${at} thresholds`, p.thresholds, q.thresholds, p.title);
    add(`${at} query count`, p.targets.length, q.targets.length, p.title);
    p.targets.forEach((t, j) => {
      const u = q.targets[j];
      if (!u) return;
      add(`${at} targets[${j}].expr`, t.expr, u.expr, p.title);
      add(`${at} targets[${j}].legendFormat`, t.legendFormat, u.legendFormat, p.title);
    });
  }

  const [va, vb] = await Promise.all([
    variableFacts(original, tenantVars, true, normOriginal),
    variableFacts(built, new Set(['tenant']), false, normBuilt),
  ]);
  add(
    'variable names',
    va.map((v) => v.name),
    vb.map((v) => v.name),
  );
  for (const v of va) {
    const w = vb.find((x) => x.name === v.name);
    if (!w) continue;
    add(`variable ${v.name} type`, v.type, w.type);
    add(`variable ${v.name} query`, v.query, w.query);
  }

  const la = linkFacts(original.links ?? []);
  const lb = linkFacts((built.links ?? []).filter((l) => !isSiblingLink(l)));
  add('link count', la.length, lb.length);
  la.forEach((l, i) => lb[i] && add(`link ${i} "${String(l.title)}"`, l, lb[i]));
  return diffs;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every panel and row, nested ones with the collapsed row they are in. */
function flat(
  panels: readonly PanelJson[],
  row: string | null = null,
): Array<{ panel: PanelJson; row: string | null }> {
  return panels.flatMap((p) =>
    isRecord(p) && !isRepeatClone(p)
      ? [{ panel: p, row }, ...flat(p.panels ?? [], p.type === 'row' && p.collapsed ? (p.title ?? '') : row)]
      : [],
  );
}

async function panelFacts(
  d: DashboardJson,
  norm: (expr: string) => Promise<string>,
  listOrder: boolean,
): Promise<PanelFacts[]> {
  const all = flat(d.panels ?? []);
  const facts = await Promise.all(
    all.map(async ({ panel: p, row }): Promise<PanelFacts & { isRow: boolean }> => {
      const defaults = p.fieldConfig?.defaults ?? {};
      const steps =
        isRecord(defaults.thresholds) && Array.isArray(defaults.thresholds.steps)
          ? defaults.thresholds.steps
          : undefined;
      // A row queries nothing, whatever targets an old editor left on it.
      const targets = await Promise.all(
        (p.type === 'row' ? [] : (p.targets ?? [])).map(async (t) => ({
          expr: typeof t.expr === 'string' && isPromTarget(t, p) ? await norm(t.expr) : String(t.expr ?? ''),
          legendFormat: t.legendFormat ?? '',
        })),
      );
      const pos = p.gridPos ?? { x: 0, y: 0, w: 0, h: 0 };
      return {
        isRow: p.type === 'row',
        // Grafana migrates graph panels to time series when it loads them.
        type: p.type === 'graph' ? 'timeseries' : (p.type ?? ''),
        title: p.title ?? '',
        // Rows span the grid and take one line, whatever an old editor saved.
        gridPos: p.type === 'row' ? { x: 0, y: pos.y, w: 24, h: 1 } : { x: pos.x, y: pos.y, w: pos.w, h: pos.h },
        repeat: p.repeat
          ? {
              variable: p.repeat,
              ...(p.type !== 'row' ? { direction: p.repeatDirection ?? 'h' } : {}),
              ...((p.repeatDirection ?? 'h') === 'h' && p.maxPerRow ? { maxPerRow: p.maxPerRow } : {}),
            }
          : null,
        collapsedRow: row,
        targets,
        unit: (p.type === 'graph' ? graphUnit(p) : defaults.unit) || '',
        thresholds: steps?.map((s: { value?: unknown; color?: unknown }) => ({
          value: s.value ?? null,
          color: s.color,
        })),
      };
    }),
  );
  // Grid order: top to bottom, left to right; a row before the panels on its line. A dashboard
  // whose panels have no place yet (Grafana places them on load) is compared in its list's order.
  if (listOrder) return facts.map(({ isRow: _isRow, ...f }) => ({ ...f, gridPos: null }));
  return facts
    .sort((p, q) => {
      const a = p.gridPos as { x: number; y: number };
      const b = q.gridPos as { x: number; y: number };
      return a.y - b.y || Number(q.isRow) - Number(p.isRow) || a.x - b.x;
    })
    .map(({ isRow: _isRow, ...f }) => f);
}

function graphUnit(p: PanelJson): string {
  const axes = Array.isArray(p.yaxes) ? (p.yaxes as Array<{ format?: string }>) : [];
  return axes[0]?.format ?? '';
}

/** The variables besides the datasource variable and the tenant's. */
async function variableFacts(
  d: DashboardJson,
  tenantVars: ReadonlySet<string>,
  original: boolean,
  norm: (expr: string) => Promise<string>,
): Promise<Array<{ name: string; type: string; query: unknown }>> {
  const list = (d.templating?.list ?? []).filter((v: VariableJson) => {
    if (v.type === 'datasource') return !isKitDatasource(v, d, original);
    return !tenantVars.has(v.name ?? '');
  });
  return Promise.all(
    list.map(async (v) => {
      const text = queryText(v);
      let query: unknown = text;
      if (v.type === 'query') {
        const expr = variableExpr(text);
        if (expr !== undefined) query = text.replace(expr, await norm(expr)).replace(/\s+/g, ' ');
      } else if (v.type === 'custom' || v.type === 'interval') {
        query = (text.match(/(?:\\,|[^,])+/g) ?? []).map((x) => x.trim()).filter(Boolean);
      }
      return { name: v.name ?? '', type: v.type ?? '', query };
    }),
  );
}

/** The first Prometheus datasource variable: the one the kit's own `datasource` stands for. */
function isKitDatasource(v: VariableJson, d: DashboardJson, original: boolean): boolean {
  if (!original) return v.name === 'datasource';
  const first = (d.templating?.list ?? []).find((x) => x.type === 'datasource' && x.query === 'prometheus');
  return first === v;
}

/** The kit's links to sibling dashboards: by persona tag. */
function isSiblingLink(l: LinkJson): boolean {
  return l.type === 'dashboards' && (l.tags ?? []).some((t) => t.startsWith('persona:'));
}

function linkFacts(links: readonly LinkJson[]): Array<Record<string, unknown>> {
  return links.map((l) =>
    l.type === 'dashboards'
      ? {
          type: 'dashboards',
          title: l.title ?? '',
          tags: l.tags ?? [],
          asDropdown: l.asDropdown ?? false,
          includeVars: l.includeVars ?? false,
          keepTime: l.keepTime ?? false,
        }
      : {
          type: 'link',
          title: l.title ?? '',
          url: l.url ?? '',
          targetBlank: l.targetBlank ?? false,
          includeVars: l.includeVars ?? false,
          keepTime: l.keepTime ?? false,
        },
  );
}
