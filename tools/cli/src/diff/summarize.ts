import { parse as parseYaml } from 'yaml';

/** An out/ tree: path relative to out/ -> content. */
export type Tree = ReadonlyMap<string, string>;

export interface Change<T> {
  readonly before: T;
  readonly after: T;
}

export interface PanelDiff {
  readonly title: string;
  readonly queries: ReadonlyArray<Change<string | undefined> & { readonly refId: string }>;
  readonly thresholds?: Change<string>;
}

export interface DashboardDiff {
  readonly uid: string;
  readonly title: string;
  readonly group: string;
  readonly panelsAdded: readonly string[];
  readonly panelsRemoved: readonly string[];
  readonly panelsChanged: readonly PanelDiff[];
}

export interface RuleDiff {
  readonly file: string;
  readonly rule: string;
  readonly changes: ReadonlyArray<Change<string | undefined> & { readonly field: string }>;
}

/** What a change does to dashboards, queries, thresholds, alerts and routes: the PR summary's content. */
export interface Summary {
  readonly dashboardsAdded: ReadonlyArray<{ uid: string; title: string; group: string }>;
  readonly dashboardsRemoved: ReadonlyArray<{ uid: string; title: string; group: string }>;
  readonly dashboardsChanged: readonly DashboardDiff[];
  readonly thresholds: ReadonlyArray<Change<string | undefined> & { readonly series: string; readonly tenant: string }>;
  readonly rulesAdded: readonly string[];
  readonly rulesRemoved: readonly string[];
  readonly rulesChanged: readonly RuleDiff[];
  readonly routes: {
    readonly receiversAdded: readonly string[];
    readonly receiversRemoved: readonly string[];
    readonly changed: boolean;
  };
  readonly otherFiles: ReadonlyArray<{ path: string; status: 'added' | 'removed' | 'changed' }>;
}

interface Panel {
  id?: number;
  title?: string;
  targets?: Array<{ refId?: string; expr?: string }>;
  fieldConfig?: { defaults?: { thresholds?: { steps?: Array<{ value: number | null; color: string }> } } };
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels?: Panel[];
}
/** A schema v2 dashboard resource, as much of it as the summary reads. */
interface DashboardResource {
  metadata: { name: string };
  spec: {
    title: string;
    elements?: Record<
      string,
      {
        kind: string;
        spec: {
          id?: number;
          title?: string;
          data?: { spec: { queries?: Array<{ spec: { refId?: string; query: { spec: { expr?: string } } } }> } };
          vizConfig?: { spec: { fieldConfig?: Panel['fieldConfig'] } };
        };
      }
    >;
  };
}
interface RuleFile {
  groups?: Array<{ name: string; rules?: Array<Record<string, unknown>> }>;
}

const CLASSIC = 'grafana/dashboards/';
const RESOURCES = 'grafana/resources/';
const FOLDER_FILE = '/_folder.json';
/** A dashboard in either schema: classic JSON (v1), or a v2 resource beside its folders' `_folder.json`. */
const isDashboard = (path: string) =>
  path.endsWith('.json') && (path.startsWith(CLASSIC) || (path.startsWith(RESOURCES) && !path.endsWith(FOLDER_FILE)));
const uidOfPath = (path: string) => path.slice(path.lastIndexOf('/') + 1, -'.json'.length);
const isRuleFile = (path: string) => /^(prometheus\/rules|mimir)\/.*\.ya?ml$/.test(path);
const ALERTMANAGER = 'alertmanager/alertmanager.yaml';

/** `tenants/aurora-books/ops` or `platform/ops` (v2: its folder's directory): where a dashboard belongs, for grouping. */
function groupOf(path: string): string {
  return path
    .slice(path.startsWith(CLASSIC) ? CLASSIC.length : RESOURCES.length)
    .split('/')
    .slice(0, -1)
    .join('/');
}

/** A dashboard file of either schema, read as the classic model the summary compares. */
function readDashboard(path: string, content: string): Dashboard {
  if (path.startsWith(CLASSIC)) return JSON.parse(content) as Dashboard;
  const { metadata, spec } = JSON.parse(content) as DashboardResource;
  const panels = Object.values(spec.elements ?? {})
    .filter((e) => e.kind === 'Panel')
    .map(({ spec: p }) => ({
      ...(p.id !== undefined ? { id: p.id } : {}),
      ...(p.title !== undefined ? { title: p.title } : {}),
      targets: (p.data?.spec.queries ?? []).map((q) => ({
        ...(q.spec.refId !== undefined ? { refId: q.spec.refId } : {}),
        ...(q.spec.query.spec.expr !== undefined ? { expr: q.spec.query.spec.expr } : {}),
      })),
      ...(p.vizConfig?.spec.fieldConfig ? { fieldConfig: p.vizConfig.spec.fieldConfig } : {}),
    }));
  return { uid: metadata.name, title: spec.title, panels };
}

/**
 * Each dashboard of a tree by uid, with its file: the classic one when both schemas are written
 * (`--schema both`), so a dashboard is summarized once, and a switch of schema with the same
 * panels and queries is no change.
 */
function dashboardFiles(tree: Tree): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of tree.keys()) {
    if (!isDashboard(path)) continue;
    const uid = uidOfPath(path);
    const other = files.get(uid);
    if (!other || (path.startsWith(CLASSIC) && !other.startsWith(CLASSIC))) files.set(uid, path);
  }
  return files;
}

function panelsOf(d: Dashboard): Map<string, Panel> {
  const all = (d.panels ?? [])
    .flatMap((p) => [p, ...(p.panels ?? [])])
    .filter((p) => p.targets !== undefined || p.fieldConfig !== undefined);
  return new Map(all.map((p) => [p.title ?? `#${p.id}`, p]));
}

function thresholdText(p: Panel): string {
  return (
    (p.fieldConfig?.defaults?.thresholds?.steps ?? [])
      .filter((s) => s.value !== null)
      .map((s) => `${s.value} (${s.color})`)
      .join(', ') || 'none'
  );
}

function diffPanel(title: string, before: Panel, after: Panel): PanelDiff | undefined {
  const queries = new Map<string, Change<string | undefined> & { refId: string }>();
  const index = (p: Panel) => new Map((p.targets ?? []).map((t, i) => [t.refId ?? String(i), t.expr]));
  const [b, a] = [index(before), index(after)];
  for (const refId of new Set([...b.keys(), ...a.keys()])) {
    if (b.get(refId) !== a.get(refId)) queries.set(refId, { refId, before: b.get(refId), after: a.get(refId) });
  }
  const thresholds =
    thresholdText(before) === thresholdText(after)
      ? undefined
      : { before: thresholdText(before), after: thresholdText(after) };
  if (queries.size === 0 && !thresholds) return undefined;
  return { title, queries: [...queries.values()], ...(thresholds ? { thresholds } : {}) };
}

function diffDashboard(path: string, before: Dashboard, after: Dashboard): DashboardDiff | undefined {
  const [b, a] = [panelsOf(before), panelsOf(after)];
  const panelsAdded = [...a.keys()].filter((t) => !b.has(t));
  const panelsRemoved = [...b.keys()].filter((t) => !a.has(t));
  const panelsChanged = [...a.keys()].filter((t) => b.has(t)).flatMap((t) => diffPanel(t, b.get(t)!, a.get(t)!) ?? []);
  if (!panelsAdded.length && !panelsRemoved.length && !panelsChanged.length) return undefined;
  return { uid: after.uid, title: after.title, group: groupOf(path), panelsAdded, panelsRemoved, panelsChanged };
}

type RuleEntry = { file: string; key: string; rule: Record<string, unknown> };

function rulesOf(tree: Tree): Map<string, RuleEntry> {
  const rules = new Map<string, RuleEntry>();
  for (const [path, content] of tree) {
    if (!isRuleFile(path)) continue;
    for (const group of (parseYaml(content) as RuleFile).groups ?? []) {
      for (const rule of group.rules ?? []) {
        const name = String(rule.alert ?? rule.record);
        const labels = (rule.labels ?? {}) as Record<string, string>;
        // Threshold series share a name and differ by tenant: the tenant is part of their identity.
        const key = `${path} ${group.name} ${name}${labels.tenant && rule.record ? ` tenant=${labels.tenant}` : ''}`;
        rules.set(key, { file: path, key, rule });
      }
    }
  }
  return rules;
}

const RULE_FIELDS = ['expr', 'for', 'severity', 'persona'] as const;
function ruleField(rule: Record<string, unknown>, field: (typeof RULE_FIELDS)[number]): string | undefined {
  const value =
    field === 'expr' || field === 'for' ? rule[field] : (rule.labels as Record<string, unknown> | undefined)?.[field];
  return value === undefined ? undefined : String(value);
}

function receiversOf(content: string | undefined): Set<string> {
  if (!content) return new Set();
  const doc = parseYaml(content) as { receivers?: Array<{ name: string }> };
  return new Set((doc.receivers ?? []).map((r) => r.name));
}

/** Compares two out/ trees. Pure: the caller reads them from disk or from git. */
export function summarize(base: Tree, head: Tree): Summary {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const dashboardsAdded: Summary['dashboardsAdded'][number][] = [];
  const dashboardsRemoved: Summary['dashboardsRemoved'][number][] = [];
  const dashboardsChanged: DashboardDiff[] = [];
  const otherFiles: Array<{ path: string; status: 'added' | 'removed' | 'changed' }> = [];
  const changedUids = new Set<string>();
  for (const path of paths) {
    const [b, a] = [base.get(path), head.get(path)];
    if (b === a || path === 'manifest.json') continue;
    if (isDashboard(path)) changedUids.add(uidOfPath(path));
    else if (!isRuleFile(path) && path !== ALERTMANAGER) {
      otherFiles.push({ path, status: b === undefined ? 'added' : a === undefined ? 'removed' : 'changed' });
    }
  }
  const [baseFiles, headFiles] = [dashboardFiles(base), dashboardFiles(head)];
  for (const uid of [...changedUids].sort()) {
    const [bp, ap] = [baseFiles.get(uid), headFiles.get(uid)];
    const before = bp === undefined ? undefined : readDashboard(bp, base.get(bp)!);
    const after = ap === undefined ? undefined : readDashboard(ap, head.get(ap)!);
    if (!before && after) dashboardsAdded.push({ uid: after.uid, title: after.title, group: groupOf(ap!) });
    else if (before && !after) dashboardsRemoved.push({ uid: before.uid, title: before.title, group: groupOf(bp!) });
    else if (before && after) {
      const diff = diffDashboard(ap!, before, after);
      if (diff) dashboardsChanged.push(diff);
    }
  }

  const [rb, ra] = [rulesOf(base), rulesOf(head)];
  const thresholds: Summary['thresholds'][number][] = [];
  const rulesChanged: RuleDiff[] = [];
  for (const [key, after] of ra) {
    const before = rb.get(key);
    if (!before) continue;
    const name = String(after.rule.alert ?? after.rule.record);
    const tenant = (after.rule.labels as Record<string, string> | undefined)?.tenant;
    if (after.rule.record && name.endsWith(':threshold') && tenant) {
      if (before.rule.expr !== after.rule.expr)
        thresholds.push({ series: name, tenant, before: String(before.rule.expr), after: String(after.rule.expr) });
      continue;
    }
    const changes = RULE_FIELDS.flatMap((field) => {
      const [x, y] = [ruleField(before.rule, field), ruleField(after.rule, field)];
      return x === y ? [] : [{ field, before: x, after: y }];
    });
    if (changes.length) rulesChanged.push({ file: after.file, rule: name, changes });
  }
  const [receiversBefore, receiversAfter] = [receiversOf(base.get(ALERTMANAGER)), receiversOf(head.get(ALERTMANAGER))];
  return {
    dashboardsAdded,
    dashboardsRemoved,
    dashboardsChanged,
    thresholds,
    rulesAdded: [...ra.keys()].filter((k) => !rb.has(k)),
    rulesRemoved: [...rb.keys()].filter((k) => !ra.has(k)),
    rulesChanged,
    routes: {
      receiversAdded: [...receiversAfter].filter((r) => !receiversBefore.has(r)),
      receiversRemoved: [...receiversBefore].filter((r) => !receiversAfter.has(r)),
      changed: base.get(ALERTMANAGER) !== head.get(ALERTMANAGER),
    },
    otherFiles,
  };
}
