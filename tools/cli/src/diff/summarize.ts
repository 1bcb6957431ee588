import { parse as parseYaml } from 'yaml';

/** An out/ tree: path relative to out/ -> content. */
export type Tree = ReadonlyMap<string, string>;

export type Section = 'thresholds' | 'rules' | 'routes' | 'dashboards' | 'panels' | 'files';
export const SECTIONS: readonly Section[] = ['thresholds', 'rules', 'routes', 'dashboards', 'panels', 'files'];

/**
 * One change to one tenant's (or the platform's) output: the JSON has every one of them, the
 * Markdown groups those that are the same change apart from the tenant.
 */
export interface Entry {
  readonly section: Section;
  readonly status: 'added' | 'removed' | 'changed' | 'renamed';
  /** What changed: a threshold series, a rule, a route's matchers, a dashboard uid, `uid › panel`, a path. */
  readonly subject: string;
  /** The field that changed (`for`, `query A`, `unit`, `receivers`, …), when it is one field. */
  readonly field?: string;
  readonly before?: string;
  readonly after?: string;
  /** The tenant whose output it is; null for the platform's or shared output. */
  readonly tenant: string | null;
  /** The file of out/ it was found in. */
  readonly path: string;
}

/** What a change does to out/: every per-tenant change, and the tenants the head tree has. */
export interface Summary {
  readonly tenants: readonly string[];
  readonly entries: readonly Entry[];
}

/** Entries that are one change apart from the tenant: the unit the Markdown lists. */
export interface Group {
  readonly section: Section;
  readonly status: Entry['status'];
  readonly subject: string;
  readonly field?: string;
  readonly before?: string;
  readonly after?: string;
  /** The tenants it affects, sorted. */
  readonly tenants: readonly string[];
  /** Whether it also changes shared or platform output. */
  readonly shared: boolean;
  /** Per-tenant entries it stands for. */
  readonly count: number;
}

interface Target {
  refId?: string;
  expr?: string;
  legendFormat?: string;
}
interface FieldDefaults {
  unit?: string;
  min?: number;
  max?: number;
  thresholds?: { steps?: Array<{ value: number | null; color: string }> };
}
interface Panel {
  id?: number;
  title?: string;
  targets?: Target[];
  fieldConfig?: { defaults?: FieldDefaults };
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
          data?: {
            spec: {
              queries?: Array<{ spec: { refId?: string; query: { spec: { expr?: string; legendFormat?: string } } } }>;
            };
          };
          vizConfig?: { spec: { fieldConfig?: Panel['fieldConfig'] } };
        };
      }
    >;
  };
}
interface RuleFile {
  groups?: Array<{ name: string; rules?: Array<Record<string, unknown>> }>;
}
interface GrafanaRuleGroup {
  title?: string;
  rules?: Array<{
    title: string;
    for?: string;
    labels?: Record<string, string>;
    data?: Array<{ refId: string; model?: { expr?: string } }>;
  }>;
}

const CLASSIC = 'grafana/dashboards/';
const RESOURCES = 'grafana/resources/';
const FOLDER_FILE = '/_folder.json';
const GRAFANA_RULES = 'grafana/alerting/rules/';
const ROUTING_TREES = 'grafana/alerting/routing-trees/';
const ALERTMANAGER = 'alertmanager/alertmanager.yaml';
/** A dashboard in either schema: classic JSON (v1), or a v2 resource beside its folders' `_folder.json`. */
const isDashboard = (path: string) =>
  path.endsWith('.json') && (path.startsWith(CLASSIC) || (path.startsWith(RESOURCES) && !path.endsWith(FOLDER_FILE)));
const uidOfPath = (path: string) => path.slice(path.lastIndexOf('/') + 1, -'.json'.length);
const isRuleFile = (path: string) => /^(prometheus\/rules|mimir)\/.*\.ya?ml$/.test(path);
const isGrafanaRules = (path: string) => path.startsWith(GRAFANA_RULES) && path.endsWith('.json');
const isRoutes = (path: string) => path === ALERTMANAGER || (path.startsWith(ROUTING_TREES) && path.endsWith('.json'));

/**
 * Whether the summary reads a file's content (dashboards, rules, routes); of any other file it only
 * needs to know whether it changed, which a manifest's sha256 tells without reading it.
 */
export const readsContent = (path: string) =>
  isDashboard(path) || isRuleFile(path) || isGrafanaRules(path) || isRoutes(path);

/** The tenants a tree has: threshold series' labels, classic dashboard folders, Mimir rule dirs. */
function tenantsOf(tree: Tree): Set<string> {
  const tenants = new Set<string>();
  for (const [path, content] of tree) {
    const m = /^(?:grafana\/dashboards\/tenants|mimir)\/([^/]+)\//.exec(path);
    if (m) tenants.add(m[1]!);
    if (path.endsWith('thresholds.yaml') && path.startsWith('prometheus/rules/'))
      for (const t of content.matchAll(/^\s+tenant: "?([^"\s]+)"?$/gm)) tenants.add(t[1]!);
  }
  return tenants;
}

/** The tenant a path (or name) belongs to: the longest tenant id one of its segments starts with. */
function tenantIn(text: string, tenants: ReadonlySet<string>): string | null {
  let found: string | null = null;
  for (let segment of text.split(/[/.]/)) {
    if (segment.startsWith('tenant-') && !tenants.has(segment)) segment = segment.slice('tenant-'.length);
    for (let end = segment.length; end > 0; end = segment.lastIndexOf('-', end - 1)) {
      const candidate = segment.slice(0, end);
      if (tenants.has(candidate) && (!found || candidate.length > found.length)) found = candidate;
      if (end <= 0) break;
    }
  }
  return found;
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
        ...(q.spec.query.spec.legendFormat !== undefined ? { legendFormat: q.spec.query.spec.legendFormat } : {}),
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

/** Panels by id (so a renamed panel is the same panel), by title when a panel has no id. */
function panelsOf(d: Dashboard): Map<string, Panel> {
  const all = (d.panels ?? [])
    .flatMap((p) => [p, ...(p.panels ?? [])])
    .filter((p) => p.targets !== undefined || p.fieldConfig !== undefined);
  return new Map(all.map((p) => [p.id !== undefined ? `#${p.id}` : `title ${p.title}`, p]));
}

function thresholdText(p: Panel): string {
  return (
    (p.fieldConfig?.defaults?.thresholds?.steps ?? [])
      .filter((s) => s.value !== null)
      .map((s) => `${s.value} (${s.color})`)
      .join(', ') || 'none'
  );
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Every field of a panel a viewer sees, as text: title, queries, legends, unit, thresholds, min/max. */
function panelFields(p: Panel): Map<string, string | undefined> {
  const d = p.fieldConfig?.defaults;
  const fields = new Map<string, string | undefined>([
    ['unit', str(d?.unit)],
    ['min', str(d?.min)],
    ['max', str(d?.max)],
    ['thresholds', thresholdText(p)],
  ]);
  (p.targets ?? []).forEach((t, i) => {
    const ref = t.refId ?? String(i);
    fields.set(`query ${ref}`, t.expr);
    fields.set(`legend ${ref}`, t.legendFormat);
  });
  return fields;
}

function diffDashboard(path: string, before: Dashboard, after: Dashboard, tenant: string | null, out: Entry[]): void {
  const [b, a] = [panelsOf(before), panelsOf(after)];
  const uid = after.uid;
  const title = (p: Panel) => p.title ?? `#${p.id}`;
  for (const [key, p] of a) {
    const old = b.get(key);
    if (!old) {
      out.push({ section: 'panels', status: 'added', subject: `${uid} › ${title(p)}`, tenant, path });
      continue;
    }
    if (title(old) !== title(p))
      out.push({
        section: 'panels',
        status: 'renamed',
        subject: `${uid} › ${title(p)}`,
        field: 'title',
        before: title(old),
        after: title(p),
        tenant,
        path,
      });
    const [fb, fa] = [panelFields(old), panelFields(p)];
    for (const field of new Set([...fb.keys(), ...fa.keys()])) {
      if (fb.get(field) === fa.get(field)) continue;
      const entry = { section: 'panels', status: 'changed', subject: `${uid} › ${title(p)}`, field, tenant, path };
      out.push({ ...(entry as Entry), before: fb.get(field), after: fa.get(field) });
    }
  }
  for (const [key, p] of b)
    if (!a.has(key)) out.push({ section: 'panels', status: 'removed', subject: `${uid} › ${title(p)}`, tenant, path });
}

interface RuleEntry {
  path: string;
  name: string;
  tenant: string | null;
  fields: Map<string, string | undefined>;
  threshold?: string;
}

const thresholdValue = (expr: unknown) => String(expr).replace(/^vector\((.*)\)$/, '$1');

/**
 * The rules of a rule file as text blocks per group, `group\nrule` (the layout the build writes:
 * groups at 2 spaces, their rules at 6), or undefined for another layout. A block both trees have
 * is an unchanged rule: only the others are parsed (YAML parsing is most of a large diff's time).
 */
function ruleBlocks(content: string): string[] | undefined {
  const blocks: string[] = [];
  let group: string | undefined;
  let current: string[] | undefined;
  const flush = () => {
    if (current && group !== undefined) blocks.push(`${group}\n${current.join('\n')}`);
    current = undefined;
  };
  for (const line of content.split('\n')) {
    const name = /^ {2}- name: (.*)$/.exec(line);
    if (name) {
      flush();
      group = name[1]!;
    } else if (line.startsWith('      - ')) {
      flush();
      current = [line.slice(6)];
    } else if (current && (line.startsWith('        ') || line.trim() === '')) current.push(line.slice(6));
    else flush();
  }
  flush();
  return group === undefined ? undefined : blocks;
}

/** A rule file's groups, without the rule blocks in `skip`. */
function ruleGroups(content: string, skip: ReadonlySet<string> | undefined): NonNullable<RuleFile['groups']> {
  const blocks = skip && ruleBlocks(content);
  if (!blocks) return (parseYaml(content) as RuleFile).groups ?? [];
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const block of blocks) {
    if (skip.has(block)) continue;
    const cut = block.indexOf('\n');
    const rules = groups.get(block.slice(0, cut)) ?? [];
    rules.push(...(parseYaml(block.slice(cut + 1)) as Array<Record<string, unknown>>));
    groups.set(block.slice(0, cut), rules);
  }
  return [...groups].map(([name, rules]) => ({ name, rules }));
}

/** Per rule file, the rule blocks two trees have in common. */
function commonBlocks(base: Tree, head: Tree, paths: ReadonlySet<string>): Map<string, Set<string>> {
  const common = new Map<string, Set<string>>();
  for (const path of paths) {
    const [b, a] = [base.get(path), head.get(path)];
    if (!isRuleFile(path) || b === undefined || a === undefined) continue;
    const [bb, ab] = [ruleBlocks(b), ruleBlocks(a)];
    if (!bb || !ab) continue;
    const inBase = new Set(bb);
    common.set(path, new Set(ab.filter((x) => inBase.has(x))));
  }
  return common;
}

/** Alert and recording rules of Prometheus/Mimir YAML and Grafana-managed rule groups, by identity. */
function rulesOf(
  tree: Tree,
  tenants: ReadonlySet<string>,
  paths: ReadonlySet<string>,
  common: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, RuleEntry> {
  const rules = new Map<string, RuleEntry>();
  for (const path of paths) {
    const content = tree.get(path);
    if (content === undefined) continue;
    if (isRuleFile(path)) {
      const fileTenant = path.startsWith('mimir/') ? tenantIn(path, tenants) : null;
      for (const group of ruleGroups(content, common.get(path))) {
        for (const rule of group.rules ?? []) {
          const name = String(rule.alert ?? rule.record);
          const labels = (rule.labels ?? {}) as Record<string, string>;
          const fields = new Map([
            ['expr', str(rule.expr)],
            ['for', str(rule.for)],
            ['severity', str(labels.severity)],
            ['persona', str(labels.persona)],
          ]);
          // Threshold series share a name and differ by tenant: the tenant is part of their identity.
          if (rule.record && name.endsWith(':threshold') && labels.tenant) {
            const key = `${path} ${group.name} ${name} tenant=${labels.tenant}`;
            rules.set(key, { path, name, tenant: labels.tenant, fields, threshold: thresholdValue(rule.expr) });
          } else rules.set(`${path} ${group.name} ${name}`, { path, name, tenant: fileTenant, fields });
        }
      }
    } else if (isGrafanaRules(path)) {
      const tenant = tenantIn(path.slice(GRAFANA_RULES.length), tenants);
      const group = JSON.parse(content) as GrafanaRuleGroup;
      for (const rule of group.rules ?? []) {
        const fields = new Map([
          ['expr', str(rule.data?.find((d) => d.model?.expr !== undefined)?.model?.expr)],
          ['for', str(rule.for)],
          ['severity', str(rule.labels?.severity)],
          ['persona', str(rule.labels?.persona)],
        ]);
        rules.set(`${path} ${group.title} ${rule.title}`, { path, name: rule.title, tenant, fields });
      }
    }
  }
  return rules;
}

interface RouteNode {
  receiver?: string;
  matchers?: Array<string | { label: string; type: string; value: string }>;
  routes?: RouteNode[];
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
}

/**
 * A routing tree as its routes, keyed by their chain of matchers: per route its receivers (its
 * own and those of its matcher-less children, in order) and its grouping and timing.
 */
function flattenRoutes(root: RouteNode | undefined): Map<string, Map<string, string | undefined>> {
  const routes = new Map<string, Map<string, string | undefined>>();
  const matcherText = (m: NonNullable<RouteNode['matchers']>[number]) =>
    typeof m === 'string' ? m.replace(/\s+/g, '') : `${m.label}${m.type}"${m.value}"`;
  const visit = (node: RouteNode, chain: string) => {
    const receivers = [node.receiver, ...(node.routes ?? []).filter((r) => !r.matchers?.length).map((r) => r.receiver)]
      .filter((r) => r !== undefined)
      .join(', ');
    routes.set(
      chain,
      new Map([
        ['receivers', receivers || undefined],
        ['group_by', node.group_by?.join(', ')],
        [
          'timing',
          [node.group_wait, node.group_interval, node.repeat_interval].some((t) => t !== undefined)
            ? `wait ${node.group_wait ?? '-'}, interval ${node.group_interval ?? '-'}, repeat ${node.repeat_interval ?? '-'}`
            : undefined,
        ],
        ['continue', node.continue ? 'true' : undefined],
      ]),
    );
    for (const child of node.routes ?? []) {
      if (!child.matchers?.length) continue;
      visit(child, `${chain} ${child.matchers.map(matcherText).join(', ')} ›`);
    }
  };
  if (root) visit(root, '›');
  return routes;
}

type Routes = Map<string, Map<string, string | undefined>>;

function routesOf(path: string, content: string | undefined): { routes: Routes; receivers: Set<string> } {
  if (content === undefined) return { routes: new Map(), receivers: new Set<string>() };
  if (path === ALERTMANAGER) {
    const doc = parseYaml(content) as { route?: RouteNode; receivers?: Array<{ name: string }> };
    return { routes: flattenRoutes(doc.route), receivers: new Set((doc.receivers ?? []).map((r) => r.name)) };
  }
  const doc = JSON.parse(content) as { spec?: { defaults?: RouteNode; routes?: RouteNode[] } };
  return { routes: flattenRoutes({ ...doc.spec?.defaults, routes: doc.spec?.routes ?? [] }), receivers: new Set() };
}

function diffRoutes(path: string, base: Tree, head: Tree, tenants: ReadonlySet<string>, out: Entry[]): void {
  const [b, a] = [routesOf(path, base.get(path)), routesOf(path, head.get(path))];
  const tenantOf = (chain: string) => {
    const m = /tenant="([^"]+)"/.exec(chain);
    return m && m[1] ? m[1] : path === ALERTMANAGER ? null : tenantIn(uidOfPath(path), tenants);
  };
  const describe = (fields: Map<string, string | undefined>) =>
    [...fields].flatMap(([k, v]) => (v === undefined ? [] : [`${k}: ${v}`])).join('; ');
  for (const [chain, fields] of a.routes) {
    const old = b.routes.get(chain);
    const base = { section: 'routes', subject: chain, tenant: tenantOf(chain), path } as const;
    if (!old) {
      out.push({ ...base, status: 'added', after: describe(fields) });
      continue;
    }
    for (const [field, value] of fields)
      if (old.get(field) !== value)
        out.push({ ...base, status: 'changed', field, before: old.get(field), after: value });
  }
  for (const [chain, fields] of b.routes)
    if (!a.routes.has(chain))
      out.push({
        section: 'routes',
        status: 'removed',
        subject: chain,
        before: describe(fields),
        tenant: tenantOf(chain),
        path,
      });
  const receiverTenant = (r: string) => /^tenant\/([^/]+)\//.exec(r)?.[1] ?? null;
  for (const r of a.receivers)
    if (!b.receivers.has(r))
      out.push({ section: 'routes', status: 'added', subject: `receiver ${r}`, tenant: receiverTenant(r), path });
  for (const r of b.receivers)
    if (!a.receivers.has(r))
      out.push({ section: 'routes', status: 'removed', subject: `receiver ${r}`, tenant: receiverTenant(r), path });
}

/** Compares two out/ trees. Pure: the caller reads them from disk or from git. */
export function summarize(base: Tree, head: Tree): Summary {
  const headTenants = tenantsOf(head);
  const tenants = new Set([...tenantsOf(base), ...headTenants]);
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const entries: Entry[] = [];
  const changedUids = new Set<string>();
  // A rule is identified by its file: only the files that changed can have changed rules.
  const rulePaths = new Set<string>();
  for (const path of paths) {
    const [b, a] = [base.get(path), head.get(path)];
    if (b === a || path === 'manifest.json') continue;
    if (isDashboard(path)) changedUids.add(uidOfPath(path));
    else if (isRuleFile(path) || isGrafanaRules(path)) rulePaths.add(path);
    else if (isRoutes(path)) diffRoutes(path, base, head, tenants, entries);
    else
      entries.push({
        section: 'files',
        status: b === undefined ? 'added' : a === undefined ? 'removed' : 'changed',
        subject: path,
        tenant: tenantIn(path, tenants),
        path,
      });
  }

  const [baseFiles, headFiles] = [dashboardFiles(base), dashboardFiles(head)];
  for (const uid of [...changedUids].sort()) {
    const [bp, ap] = [baseFiles.get(uid), headFiles.get(uid)];
    // With both schemas written, the classic file is the one read: unchanged, nothing a viewer sees changed.
    if (bp !== undefined && bp === ap && base.get(bp) === head.get(ap)) continue;
    const before = bp === undefined ? undefined : readDashboard(bp, base.get(bp)!);
    const after = ap === undefined ? undefined : readDashboard(ap, head.get(ap)!);
    const path = (ap ?? bp)!;
    const tenant = tenantIn(path.split('/').slice(2).join('/'), tenants);
    if (!before && after)
      entries.push({ section: 'dashboards', status: 'added', subject: uid, after: after.title, tenant, path });
    else if (before && !after)
      entries.push({ section: 'dashboards', status: 'removed', subject: uid, before: before.title, tenant, path });
    else if (before && after) {
      if (before.title !== after.title)
        entries.push({
          section: 'dashboards',
          status: 'renamed',
          subject: uid,
          field: 'title',
          before: before.title,
          after: after.title,
          tenant,
          path,
        });
      diffDashboard(path, before, after, tenant, entries);
    }
  }

  if (rulePaths.size) {
    const common = commonBlocks(base, head, rulePaths);
    const [rb, ra] = [rulesOf(base, tenants, rulePaths, common), rulesOf(head, tenants, rulePaths, common)];
    for (const [key, after] of ra) {
      const before = rb.get(key);
      if (after.threshold !== undefined) {
        if (before?.threshold !== after.threshold)
          entries.push({
            section: 'thresholds',
            status: before ? 'changed' : 'added',
            subject: after.name,
            ...(before ? { before: before.threshold } : {}),
            after: after.threshold,
            tenant: after.tenant,
            path: after.path,
          });
        continue;
      }
      const rule = { section: 'rules', subject: after.name, tenant: after.tenant, path: after.path } as const;
      if (!before) {
        entries.push({ ...rule, status: 'added', after: after.fields.get('expr') });
        continue;
      }
      for (const [field, value] of after.fields)
        if (before.fields.get(field) !== value)
          entries.push({ ...rule, status: 'changed', field, before: before.fields.get(field), after: value });
    }
    for (const [key, before] of rb) {
      if (ra.has(key)) continue;
      const section = before.threshold !== undefined ? 'thresholds' : 'rules';
      const value = before.threshold ?? before.fields.get('expr');
      entries.push({
        section,
        status: 'removed',
        subject: before.name,
        before: value,
        tenant: before.tenant,
        path: before.path,
      });
    }
  }
  return { tenants: [...headTenants].sort(), entries };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The entries grouped into changes that are the same apart from the tenant (its id replaced by
 * `<tenant>`), in section order, then by subject: one shared change across N tenants is one group.
 */
export function groupEntries(summary: Summary): Group[] {
  const groups = new Map<string, { g: Omit<Group, 'tenants' | 'count'>; tenants: Set<string>; count: number }>();
  const patterns = new Map<string, RegExp>();
  for (const e of summary.entries) {
    let { subject, field, before, after } = e;
    if (e.tenant !== null) {
      let re = patterns.get(e.tenant);
      if (!re)
        patterns.set(e.tenant, (re = new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(e.tenant)}(?![A-Za-z0-9_])`, 'g')));
      const t = (s: string | undefined) => s?.replace(re!, '<tenant>');
      [subject, field, before, after] = [t(subject)!, t(field), t(before), t(after)];
    }
    const key = JSON.stringify([e.section, e.status, subject, field, before, after]);
    let group = groups.get(key);
    if (!group) {
      const g = {
        section: e.section,
        status: e.status,
        subject,
        ...(field !== undefined ? { field } : {}),
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
        shared: false,
      };
      groups.set(key, (group = { g, tenants: new Set(), count: 0 }));
    }
    group.count++;
    if (e.tenant === null) group.g = { ...group.g, shared: true };
    else group.tenants.add(e.tenant);
  }
  const order = (s: Section) => SECTIONS.indexOf(s);
  return [...groups.values()]
    .map(({ g, tenants, count }) => {
      // A change of one tenant's alone names it, as it is in out/.
      if (tenants.size !== 1 || g.shared) return { ...g, tenants: [...tenants].sort(), count };
      const [tenant] = [...tenants] as [string];
      const named = (s: string | undefined) => s?.replaceAll('<tenant>', tenant);
      const fields = {
        ...(g.field !== undefined ? { field: named(g.field) } : {}),
        ...(g.before !== undefined ? { before: named(g.before) } : {}),
        ...(g.after !== undefined ? { after: named(g.after) } : {}),
      };
      return { ...g, subject: named(g.subject)!, ...fields, tenants: [tenant], count };
    })
    .sort(
      (x, y) =>
        order(x.section) - order(y.section) ||
        x.subject.localeCompare(y.subject) ||
        (x.field ?? '').localeCompare(y.field ?? '') ||
        x.status.localeCompare(y.status),
    );
}
