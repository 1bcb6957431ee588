import { validateQuery } from '@plotwatch/promql';
import { ImportError, isRecord, pathJoin } from '../shared/errors.ts';
import type { DashboardJson, PanelJson, ReadDashboard, TargetJson, VariableJson } from './model.ts';
import { fromLegacyRows, upgradePanels } from './legacy.ts';
import { fromV2 } from './v2.ts';

/** The kit's datasource variable: every panel of a definition queries it. */
export const KIT_DATASOURCE = '${datasource}';

/**
 * Any dashboard JSON a user has, as the classic model: classic JSON, a Grafana export (its
 * Prometheus `${DS_...}` inputs become the kit's `${datasource}`, constant inputs their value), the
 * `{dashboard, meta}` envelope of `GET /api/dashboards/uid/X`, or a schema v2 resource. `json` is
 * the text or its parse. Every Prometheus query is parsed; the first bad one is an ImportError
 * naming its JSON path.
 */
export function readDashboard(json: unknown, file: string): ReadDashboard {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new ImportError(file, '', `not JSON: ${(e as Error).message}`);
    }
  }
  if (!isRecord(value))
    throw new ImportError(file, '', `not a dashboard: the JSON is ${describe(value)}, not an object`);
  if (typeof value.apiVersion === 'string' || typeof value.kind === 'string') {
    const { dashboard, paths } = fromV2(value, file);
    return checked({ file, form: 'v2', dashboard, paths });
  }
  if (isRecord(value.dashboard) && ('meta' in value || !('panels' in value))) {
    const dashboard = upgraded(resolveInputs(value.dashboard as DashboardJson, file, 'dashboard'));
    return checked({ file, form: 'envelope', dashboard, paths: classicPaths(dashboard, 'dashboard') });
  }
  const form = Array.isArray(value.__inputs) ? 'export' : 'classic';
  const dashboard = upgraded(resolveInputs(value as DashboardJson, file, ''));
  return checked({ file, form, dashboard, paths: classicPaths(dashboard, '') });
}

/** Before Grafana 5 panels sat in `rows[]`: placed on the grid as Grafana's migration does. */
function upgraded(d: DashboardJson): DashboardJson {
  const legacy = !Array.isArray(d.panels) && Array.isArray(d.rows) && d.rows.length > 0;
  const placed = legacy ? fromLegacyRows(d) : d;
  return Array.isArray(placed.panels) ? { ...placed, panels: upgradePanels(placed.panels) } : placed;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Export inputs: Prometheus datasources become the kit's variable, constants their value; the rest stays. */
function resolveInputs(dashboard: DashboardJson, file: string, at: string): DashboardJson {
  if (!isRecord(dashboard)) throw new ImportError(file, at, 'not a dashboard: expected an object');
  const inputs = Array.isArray(dashboard.__inputs) ? dashboard.__inputs : [];
  const replacements = new Map<string, string>();
  inputs.forEach((input, i) => {
    if (!isRecord(input) || typeof input.name !== 'string')
      throw new ImportError(file, pathJoin(pathJoin(at, '__inputs'), i), 'an input without a name');
    if (input.type === 'datasource' && input.pluginId === 'prometheus')
      replacements.set(`\${${input.name}}`, KIT_DATASOURCE);
    else if (input.type === 'constant' && typeof input.value === 'string')
      replacements.set(`\${${input.name}}`, input.value);
  });
  if (!replacements.size) return dashboard;
  const replace = (v: unknown): unknown => {
    if (typeof v === 'string') return replacements.get(v) ?? replaceWithin(v, replacements);
    if (Array.isArray(v)) return v.map(replace);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    return v;
  };
  return replace(dashboard) as DashboardJson;
}

function replaceWithin(text: string, replacements: ReadonlyMap<string, string>): string {
  if (!text.includes('${')) return text;
  let out = text;
  for (const [from, to] of replacements) out = out.split(from).join(to);
  return out;
}

function classicPaths(dashboard: DashboardJson, at: string): Map<object, string> {
  const paths = new Map<object, string>();
  const visit = (panels: unknown, path: string) => {
    if (!Array.isArray(panels)) return;
    panels.forEach((p, i) => {
      if (!isRecord(p)) return;
      const here = pathJoin(path, i);
      paths.set(p, here);
      if (Array.isArray(p.targets))
        p.targets.forEach((t, j) => isRecord(t) && paths.set(t, pathJoin(pathJoin(here, 'targets'), j)));
      visit(p.panels, pathJoin(here, 'panels'));
    });
  };
  visit(dashboard.panels, pathJoin(at, 'panels'));
  return paths;
}

/** Whether the document is a dashboard at all, and every Prometheus expression in it parses. */
function checked(read: ReadDashboard): ReadDashboard {
  const { dashboard, file } = read;
  const root = read.form === 'envelope' ? 'dashboard' : read.form === 'v2' ? 'spec' : '';
  if (!Array.isArray(dashboard.panels)) {
    throw new ImportError(
      file,
      root,
      'not a dashboard: no panels (expected a classic dashboard, a Grafana export, {dashboard, meta} or a dashboard.grafana.app/v2 resource)',
    );
  }
  const panelsOf = (panels: readonly PanelJson[]): PanelJson[] =>
    panels.flatMap((p) => (isRecord(p) ? [p, ...panelsOf(Array.isArray(p.panels) ? p.panels : [])] : []));
  for (const panel of panelsOf(dashboard.panels)) {
    if (!Array.isArray(panel.targets)) continue;
    panel.targets.forEach((t: TargetJson) => {
      if (!isRecord(t) || typeof t.expr !== 'string' || !isPromTarget(t, panel)) return;
      checkExpr(t.expr, file, pathJoin(read.paths.get(t) ?? root, 'expr'));
    });
  }
  (dashboard.templating?.list ?? []).forEach((v: VariableJson, i) => {
    if (v.type !== 'query') return;
    const query = queryText(v);
    const expr = variableExpr(query);
    const at = read.paths.get(v) ?? pathJoin(pathJoin(pathJoin(root, 'templating'), 'list'), i);
    if (expr !== undefined) checkExpr(expr, file, pathJoin(at, 'query'), query.indexOf(expr));
  });
  return read;
}

/** `offset`: where `expr` starts in the field (a variable's `label_values(` before it), for the character named. */
function checkExpr(expr: string, file: string, path: string, offset = 0): void {
  const error = validateQuery(expr).find((d) => d.severity === 'error');
  if (!error) return;
  const near = expr.slice(Math.max(0, error.from - 20), error.to + 20).replace(/\s+/g, ' ');
  throw new ImportError(
    file,
    path,
    `${error.message} (at character ${offset + error.from + 1}: ${JSON.stringify(near)})`,
  );
}

/** A query variable's query as text: older Grafana writes a string, newer `{ query, refId }`. */
export function queryText(v: VariableJson): string {
  if (typeof v.query === 'string') return v.query;
  if (isRecord(v.query) && typeof v.query.query === 'string') return v.query.query;
  return typeof v.definition === 'string' ? v.definition : '';
}

/**
 * The PromQL inside a variable query (`label_values(SELECTOR, label)`, `query_result(EXPR)`),
 * or undefined when it has none (`label_names()`, `metrics(regex)`).
 */
export function variableExpr(query: string): string | undefined {
  const labelValues = /^\s*label_values\(\s*(.+),\s*([\w.]+)\s*\)\s*$/s.exec(query);
  if (labelValues) return labelValues[1];
  const result = /^\s*query_result\(\s*(.+)\s*\)\s*$/s.exec(query);
  return result?.[1];
}

/** A target Prometheus answers: its datasource (or its panel's) is Prometheus or unnamed, and it has an expr. */
export function isPromTarget(t: TargetJson, panel: PanelJson): boolean {
  const ref = t.datasource ?? panel.datasource;
  if (ref === undefined || ref === null) return typeof t.expr === 'string';
  // A datasource named by a string: a variable (`$datasource`, `${DS_PROMETHEUS}`) or a name, before Grafana 8.
  if (typeof ref === 'string') return ref.startsWith('$') || /prometheus/i.test(ref) || ref === 'default';
  if (ref.type === 'prometheus') return true;
  // No type (v2's empty group): the datasource variable, or the default datasource.
  if (!ref.type) return typeof t.expr === 'string' && (ref.uid === undefined || ref.uid.startsWith('$'));
  // `-- Mixed --` panels name each target's own datasource; `-- Dashboard --` reuses another panel's data.
  return false;
}
