import { didYouMean, platformThresholdSpecs, TENANT_LABEL, THRESHOLD_IDS, type PersonaId } from '@plotwatch/platform';
import { kebab, literal, type Comparison, type PanelLink, type Severity } from '@plotwatch/rules';
import { deriveProof, type DerivedProof } from './derive.ts';
import { isComparison, selectorsIn, structure } from './expr.ts';
import type { ReadAlertingRule, ReadRecordingRule, ReadRuleFile } from './read.ts';

export interface RulePlanOptions {
  /** `alerts/<domain>/` and `recording-rules/<domain>/`; by default from the file's name. */
  readonly domain?: string;
  /** `--threshold ALERT=id`: alerts whose literal threshold becomes a per-tenant threshold id. */
  readonly thresholds?: ReadonlyMap<string, string>;
  /** The persona the alerts route to and are filed under; `ops` by default. */
  readonly persona?: PersonaId;
  /** The panel the alerts link to; a TODO in the module when not given. */
  readonly dashboard?: PanelLink;
  /** Names of the recording groups already built (each writes `prometheus/rules/<name>.yaml`): the import's are kept apart. */
  readonly recordingGroups?: ReadonlySet<string>;
}

/** A rule file's problem the import cannot decide for the user: nothing is written. */
export class RulePlanError extends Error {}

export interface PlannedRecordingGroup {
  /** The group's name in the file. */
  readonly group: string;
  /** Group and rule file name in the build: `<domain>-<group>`, kebab-case. */
  readonly name: string;
  readonly module: string;
  readonly exportName: string;
  readonly rules: readonly ReadRecordingRule[];
}

/** One rule of a plain alert: the rule as read, its severity, its proof or why there is none. */
export interface PlannedPlainRule {
  readonly source: ReadAlertingRule;
  readonly severity: Severity;
  readonly proof: DerivedProof | undefined;
  readonly todo: string | undefined;
  /** Severities of the alert's rules that fire in this rule's firing and silent cases. */
  readonly firesWith: { readonly firing: readonly Severity[]; readonly silent: readonly Severity[] } | undefined;
}

export interface PlannedPlainAlert {
  readonly kind: 'plain';
  readonly name: string;
  readonly exportName: string;
  readonly rules: readonly PlannedPlainRule[];
}

/** Text of a signal with the tenant's selectors marked: they become `scoped(selector, scope)`. */
export type SignalPart = string | { readonly selector: string };

export interface PlannedThresholdAlert {
  readonly kind: 'threshold';
  readonly name: string;
  readonly exportName: string;
  readonly threshold: string;
  readonly comparison: '>' | '<' | '>=' | '<=';
  readonly signal: readonly SignalPart[];
  readonly severity: Severity;
  readonly source: ReadAlertingRule;
  /** Each tenant's literal, as the file had it. */
  readonly perTenant: ReadonlyMap<string, number>;
  readonly proof: DerivedProof | undefined;
  readonly todo: string | undefined;
}

export type PlannedAlert = PlannedPlainAlert | PlannedThresholdAlert;

export interface PlannedAlertModule {
  readonly group: string;
  readonly module: string;
  readonly alerts: readonly PlannedAlert[];
}

/** A threshold id the import introduces: the exact entries to add, printed by the command. */
export interface NewThreshold {
  readonly id: string;
  readonly alert: string;
  /** For `thresholdSpecs` in libs/platform/src/thresholds.ts. */
  readonly spec: string;
  /** For each tier's `thresholds` in libs/platform/src/tiers.ts. */
  readonly tierDefault: string;
  /** Tenants whose value differs from the tier default: `thresholds:` of libs/platform/tenants/<id>.yaml. */
  readonly overrides: ReadonlyArray<{ readonly tenant: string; readonly line: string }>;
}

export interface RulePlan {
  readonly file: string;
  readonly domain: string;
  readonly persona: PersonaId;
  readonly dashboard: PanelLink | undefined;
  readonly recording: readonly PlannedRecordingGroup[];
  readonly alertModules: readonly PlannedAlertModule[];
  readonly newThresholds: readonly NewThreshold[];
  /** What the build does not keep as the file had it (group intervals, keep_firing_for, ...). */
  readonly notes: readonly string[];
}

const PAGE_SEVERITIES = new Set(['critical', 'page', 'error', 'high', 'emergency', 'alert', 'fatal']);

/** The platform's severity of a rule: its `severity` label's, `ticket` for anything short of a page. */
export function severityOf(labels: Readonly<Record<string, string>>): Severity {
  return PAGE_SEVERITIES.has((labels.severity ?? '').toLowerCase()) ? 'page' : 'ticket';
}

/** `node-exporter.rules` -> `node-exporter-rules`. */
export function slug(name: string): string {
  return (
    kebab(name)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'rules'
  );
}

/** `NodeFilesystemAlmostOutOfSpace` -> `nodeFilesystemAlmostOutOfSpace`; any name to a JS identifier. */
export function camel(name: string): string {
  const words = name.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  const lower = joined.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (m) => m.toLowerCase());
  return /^[0-9]/.test(lower) ? `_${lower}` : lower || 'rule';
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** The file's name without folders and extension: the default domain. */
function stemOf(file: string): string {
  return slug(
    file
      .split('/')
      .at(-1)!
      .replace(/\.(ya?ml)$/, ''),
  );
}

interface TenantShape {
  readonly tenant: string;
  readonly signal: SignalPart[];
  readonly key: string;
  readonly comparison: '>' | '<' | '>=' | '<=';
  readonly literal: number;
}

/** `<signal> <op> <number>`, the signal's selectors on one tenant: the shape a per-tenant threshold replaces. */
function tenantShape(expr: string): TenantShape | { readonly problem: string } {
  const top = structure(expr);
  if (top.t !== 'bin' || !isComparison(top.op) || top.bool || top.op === '==' || top.op === '!=')
    return { problem: 'it is not a signal compared with >, <, >= or <= to a number' };
  if (top.rhs.t !== 'num') return { problem: 'the right side of its comparison is not a number' };
  const selectors = selectorsIn(top.lhs);
  const tenants = new Set(
    selectors.flatMap((s) => s.matchers.filter((m) => m.label === TENANT_LABEL && m.op === '=').map((m) => m.value)),
  );
  if (tenants.size > 1) return { problem: `its selectors name different tenants (${[...tenants].join(', ')})` };
  const signal: SignalPart[] = [];
  let at = top.lhs.from;
  for (const s of selectors) {
    const matcher = s.matchers.find((m) => m.label === TENANT_LABEL);
    signal.push(expr.slice(at, s.from));
    if (matcher) {
      const text = expr.slice(s.from, s.to);
      const inner = `${text.slice(0, matcher.from - s.from)}${text.slice(matcher.to - s.from)}`
        .replace(/\{\s*,\s*/, '{')
        .replace(/,\s*,/, ',')
        .replace(/,\s*\}/, '}')
        .replace(/\{\s*\}$/, '');
      signal.push({ selector: inner });
    } else {
      signal.push(expr.slice(s.from, s.to));
    }
    at = s.to;
  }
  signal.push(expr.slice(at, top.lhs.to));
  const parts = signal.filter((p) => p !== '');
  return {
    tenant: [...tenants][0] ?? '',
    signal: parts,
    key: JSON.stringify(parts),
    comparison: top.op as TenantShape['comparison'],
    literal: top.rhs.v,
  };
}

function proofOf(rule: ReadAlertingRule): { proof: DerivedProof | undefined; todo: string | undefined } {
  if (rule.keepFiringFor) return { proof: undefined, todo: 'the kit does not model keep_firing_for' };
  const derived = deriveProof(rule.expr, { for: rule.for, annotations: rule.annotations });
  return 'proof' in derived
    ? { proof: derived.proof, todo: undefined }
    : { proof: undefined, todo: `no proof derived: ${derived.reason}` };
}

function compare(v: number, op: Comparison, t: number): boolean {
  return op === '>'
    ? v > t
    : op === '<'
      ? v < t
      : op === '>='
        ? v >= t
        : op === '<='
          ? v <= t
          : op === '=='
            ? v === t
            : v !== t;
}

/**
 * Rules of one name (a warning and a critical threshold on the same signal) are tested together:
 * at each rule's inputs, the rules whose threshold the value also crosses fire as well.
 */
function plainAlert(name: string, exportName: string, rules: readonly ReadAlertingRule[]): PlannedPlainAlert {
  const planned = rules.map((source) => ({ source, severity: severityOf(source.labels), ...proofOf(source) }));
  const severities = planned.map((r) => r.severity);
  // The same expression but for the threshold: each rule's literal (as a whole number token) set aside.
  const shape = (r: (typeof planned)[number]) =>
    r.proof?.threshold === undefined
      ? undefined
      : `${r.proof.comparison} ${r.source.expr.replace(/(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g, (n) => (Number(n) === r.proof!.threshold ? 'N' : n))}`;
  const comparable =
    planned.length === 1 ||
    (new Set(severities).size === severities.length &&
      new Set(planned.map((r) => r.source.for ?? '0s')).size === 1 &&
      planned.every((r) => shape(r) !== undefined && shape(r) === shape(planned[0]!)));
  return {
    kind: 'plain',
    name,
    exportName,
    rules: planned.map((r) => {
      if (planned.length === 1 || !r.proof) return { ...r, firesWith: undefined };
      if (!comparable)
        return {
          ...r,
          proof: undefined,
          firesWith: undefined,
          todo: `no proof derived: the rules named ${name} differ in more than their threshold and severity, so one cannot be tested without the others`,
        };
      const firingSide = (value: number) =>
        planned.filter((o) => compare(value, r.proof!.comparison!, o.proof!.threshold!)).map((o) => o.severity);
      return {
        ...r,
        firesWith: { firing: firingSide(r.proof.firing.value), silent: firingSide(r.proof.silent.value) },
      };
    }),
  };
}

function unknownIdError(alert: string, id: string): RulePlanError {
  const known = THRESHOLD_IDS as readonly string[];
  if (id in platformThresholdSpecs)
    return new RulePlanError(
      `--threshold ${alert}=${id}: ${id} is a platform threshold; import maps literals to per-tenant thresholds only (${known.join(', ')})`,
    );
  return new RulePlanError(
    `--threshold ${alert}=${id}: unknown threshold id "${id}"${didYouMean(id, known)}; the known ids are: ${known.join(', ')}`,
  );
}

function newThreshold(
  id: string,
  alert: string,
  rule: ReadAlertingRule,
  perTenant: ReadonlyMap<string, number>,
): NewThreshold {
  const values = [...perTenant.values()];
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const tierDefault = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const ratio = values.every((v) => v >= 0 && v <= 1);
  const max = ratio ? 1 : Number((Math.max(...values) * 10).toPrecision(2));
  const summary = (rule.annotations.summary ?? alert)
    .replace(/\{\{[^}]*\}\}/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s:,.;(-]+$/, '')
    .trim();
  return {
    id,
    alert,
    spec: `${id}: { description: ${JSON.stringify(`${alert}: ${summary}`).replace(/^"|"$/g, "'")}, unit: '${ratio ? 'ratio' : 'none'}', min: 0, max: ${literal(max)} },`,
    tierDefault: `${id}: ${literal(tierDefault)},`,
    overrides: [...perTenant]
      .filter(([, v]) => v !== tierDefault)
      .map(([tenant, v]) => ({ tenant, line: `${id}: ${literal(v)}` })),
  };
}

/** What of a group the build does not keep: its own interval and fields such as `limit`. */
function groupNotes(g: ReadRuleFile['groups'][number]): string[] {
  return [
    ...(g.interval
      ? [
          `${g.path}: group ${g.name} is evaluated every ${g.interval}; the build evaluates every group at the environment's interval`,
        ]
      : []),
    ...Object.entries(g.other).map(
      ([k, v]) => `${g.path}.${k}: ${k}: ${v} of group ${g.name} is not kept (the rule kit's groups have no ${k})`,
    ),
  ];
}

/**
 * What the import writes for a read rule file: recording groups into `recording-rules/<domain>/`,
 * alerts into `alerts/<domain>/`, one module per group. An alert repeated once per tenant, its
 * signal the same but for the tenant matcher and its literal threshold different, becomes one
 * alert on a per-tenant threshold id; so does an alert named by `--threshold`.
 */
export function planRules(file: ReadRuleFile, options: RulePlanOptions = {}): RulePlan {
  const domain = options.domain ? slug(options.domain) : stemOf(file.file);
  const notes: string[] = [];
  const newThresholds: NewThreshold[] = [];
  const exportNames = new Set<string>();
  const modules = new Set<string>();
  const groupNames = new Set<string>(options.recordingGroups);
  const named = new Map(options.thresholds ?? []);
  const allAlerts = file.groups.flatMap((g) => g.rules.filter((r) => r.kind === 'alert'));
  for (const alert of named.keys())
    if (!allAlerts.some((r) => r.alert === alert))
      throw new RulePlanError(
        `--threshold ${alert}=${named.get(alert)}: ${file.file} has no alert ${alert}${didYouMean(
          alert,
          allAlerts.map((r) => r.alert),
        )}`,
      );
  for (const [alert, id] of named)
    if (!(THRESHOLD_IDS as readonly string[]).includes(id)) throw unknownIdError(alert, id);

  const recording = file.groups
    .filter((g) => g.rules.some((r) => r.kind === 'record'))
    .map((g) => {
      const own = slug(g.name);
      const name = unique(options.recordingGroups?.has(own) ? `${domain}-${own}` : own, groupNames);
      notes.push(...groupNotes(g));
      return {
        group: g.name,
        name,
        module: unique(`recording-rules/${domain}/${slug(g.name)}`, modules) + '.ts',
        exportName: unique(`${camel(name).replace(/Rules$/, '')}Rules`, exportNames),
        rules: g.rules.filter((r): r is ReadRecordingRule => r.kind === 'record'),
      };
    });

  const seen = new Set<string>();
  const alertModules = file.groups
    .filter((g) => g.rules.some((r) => r.kind === 'alert'))
    .map((g) => {
      if (!recording.some((r) => r.group === g.name)) notes.push(...groupNotes(g));
      const rules = g.rules.filter((r): r is ReadAlertingRule => r.kind === 'alert');
      const alerts: PlannedAlert[] = [];
      for (const rule of rules) {
        if (seen.has(rule.alert)) continue;
        seen.add(rule.alert);
        const same = allAlerts.filter((r): r is ReadAlertingRule => r.kind === 'alert' && r.alert === rule.alert);
        if (same.some((r) => r.keepFiringFor))
          notes.push(`${rule.path}: keep_firing_for is not kept (the kit does not model it)`);
        const exportName = unique(camel(rule.alert), exportNames);
        const shapes = same.map((r) => tenantShape(r.expr));
        const tenantShapes = shapes.filter((s): s is TenantShape => 'key' in s && s.tenant !== '');
        const perTenant =
          same.length > 1 &&
          tenantShapes.length === same.length &&
          new Set(tenantShapes.map((s) => s.tenant)).size === same.length &&
          new Set(tenantShapes.map((s) => `${s.key}${s.comparison}`)).size === 1;
        const id = named.get(rule.alert);
        if (!perTenant && !id) {
          alerts.push(plainAlert(rule.alert, exportName, same));
          continue;
        }
        if (!perTenant && same.length > 1)
          throw new RulePlanError(
            `--threshold ${rule.alert}=${id}: ${file.file} has ${same.length} rules named ${rule.alert} that are not one signal on different tenants`,
          );
        const shape = perTenant ? tenantShapes[0]! : shapes[0]!;
        if (!('key' in shape))
          throw new RulePlanError(`--threshold ${rule.alert}=${id}: ${rule.path}.expr: ${shape.problem}`);
        const values = new Map(
          (perTenant ? tenantShapes : [shape]).map((s) => [s.tenant || 'every tenant', s.literal] as const),
        );
        const thresholdId = id ?? slug(rule.alert).replace(/-/g, '_');
        if (!id && !(THRESHOLD_IDS as readonly string[]).includes(thresholdId))
          newThresholds.push(newThreshold(thresholdId, rule.alert, rule, values));
        const first = same[0]!;
        const proof = proofOf(first);
        alerts.push({
          kind: 'threshold',
          name: rule.alert,
          exportName,
          threshold: thresholdId,
          comparison: shape.comparison,
          signal: shape.signal,
          severity: severityOf(first.labels),
          source: first,
          perTenant: values,
          proof: proof.proof?.free ? proof.proof : undefined,
          todo:
            proof.proof && !proof.proof.free
              ? 'no proof derived: the signal does not follow one series linearly'
              : proof.todo,
        });
        const labelSets = new Set(same.map((r) => JSON.stringify([r.for, r.labels, r.annotations])));
        if (labelSets.size > 1)
          notes.push(
            `${rule.alert}: the tenants' rules differ in for, labels or annotations; those of ${first.path} are kept`,
          );
      }
      return { group: g.name, module: `${unique(`alerts/${domain}/${slug(g.name)}`, modules)}.ts`, alerts };
    });
  if (!options.dashboard && alertModules.length)
    notes.push(
      'the alerts link to no dashboard panel yet: the modules say where to name it (the build checks that it exists)',
    );
  return {
    file: file.file,
    domain,
    persona: options.persona ?? 'ops',
    dashboard: options.dashboard,
    recording,
    alertModules,
    newThresholds,
    notes,
  };
}

/** What the command prints after an import: what was written, what is proven, what the user must add. */
export function summarizeRulePlan(plan: RulePlan): string[] {
  const recorded = plan.recording.reduce((n, g) => n + g.rules.length, 0);
  const alerts = plan.alertModules.flatMap((m) => m.alerts);
  const rules = alerts.flatMap((a) =>
    a.kind === 'plain'
      ? a.rules.map((r) => ({ name: a.name, todo: r.todo }))
      : [{ name: a.name, todo: a.proof ? undefined : (a.todo ?? 'no proof derived') }],
  );
  const todos = rules.filter((r) => r.todo);
  return [
    `${plan.file}: ${recorded} recording rules in ${plan.recording.length} groups, ${alerts.length} alerts (${rules.length} rules) into domain ${plan.domain}`,
    `proofs: ${rules.length - todos.length} of ${rules.length} alerting rules have a generated promtool test; ${todos.length} have a TODO in their definition`,
    ...todos.map((r) => `  TODO ${r.name}: ${r.todo}`),
    ...plan.newThresholds.flatMap((t) => [
      `threshold ${t.id} (for ${t.alert}) is new: add to libs/platform/src/thresholds.ts (thresholdSpecs):`,
      `  ${t.spec}`,
      `and to each tier's thresholds in libs/platform/src/tiers.ts:`,
      `  ${t.tierDefault}`,
      ...t.overrides.map((o) => `and to thresholds: of libs/platform/tenants/${o.tenant}.yaml: ${o.line}`),
    ]),
    ...plan.notes.map((n) => `note: ${n}`),
  ];
}
