import { seconds } from '@plotwatch/rules';
import { formatTypeScript } from '../shared/format.ts';
import type { DerivedProof, ProofInput } from './derive.ts';
import type {
  PlannedAlert,
  PlannedAlertModule,
  PlannedPlainRule,
  PlannedRecordingGroup,
  PlannedThresholdAlert,
  RulePlan,
} from './plan.ts';

/** A file the import writes: a new module, or a registry's new text (`replaces` is the text it was read as). */
export interface RenderedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly content: string;
  readonly replaces?: string;
}

/** The registries as read: `alerts/index.ts` and `recording-rules/index.ts`. */
export interface RuleRegistries {
  readonly alerts: string;
  readonly recordingRules: string;
}

/** A string as TypeScript source: quoted, or a template literal when it spans lines. */
export function str(value: string): string {
  if (!value.includes('\n')) return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `\`${value.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (IDENTIFIER.test(k) ? k : str(k));

function object(entries: Record<string, string>): string {
  const parts = Object.entries(entries).map(([k, v]) => (k === v ? k : `${key(k)}: ${v}`));
  return `{ ${parts.join(', ')} }`;
}

const strings = (map: Readonly<Record<string, string>>) =>
  object(Object.fromEntries(Object.entries(map).map(([k, v]) => [k, str(v)])));

/** A number as it reads in source: the shortest that parses back. */
const num = (n: number) => String(n);

function input(i: ProofInput, used: Set<string>, interval: string): string {
  if (i.histogram) {
    used.add('quantileBuckets');
    used.add('PROOF_SCALE');
    const h = i.histogram;
    return `...quantileBuckets(${object({
      metric: str(h.metric),
      labels: strings(h.labels),
      buckets: `[${h.buckets.map(num).join(', ')}]`,
      quantile: num(h.quantile),
      value: num(i.value!),
      perStep: 'PROOF_SCALE',
      steps: 'steps',
    })})`;
  }
  if (i.perStep !== undefined && i.value !== undefined) {
    used.add('linearGauge');
    return `linearGauge(${str(i.series)}, ${num(i.value)}, ${num(i.perStep / seconds(interval))}, steps, ${str(interval)})`;
  }
  if (i.perStep !== undefined) {
    used.add('counterSeries');
    return `counterSeries(${str(i.series)}, ${num(i.perStep)}, steps)`;
  }
  used.add('gaugeSeries');
  return `gaugeSeries(${str(i.series)}, ${num(i.value!)}, steps)`;
}

function timing(proof: DerivedProof): string | undefined {
  const t = Object.fromEntries(Object.entries(proof.timing).map(([k, v]) => [k, str(v)]));
  return Object.keys(t).length ? object(t) : undefined;
}

function plainProof(rule: PlannedPlainRule, used: Set<string>): string {
  const p = rule.proof!;
  const side = (s: DerivedProof['firing'], firing: readonly string[] | undefined) =>
    object({
      value: num(s.value),
      inputs: `(steps) => [${s.inputs.map((i) => input(i, used, p.timing.interval ?? '1m')).join(', ')}]`,
      ...(firing ? { firing: `[${firing.map(str).join(', ')}]` } : {}),
    });
  const t = timing(p);
  return object({
    ...(p.threshold !== undefined ? { threshold: num(p.threshold) } : {}),
    labels: strings(p.labels),
    firing: side(p.firing, rule.firesWith?.firing),
    silent: side(p.silent, rule.firesWith?.silent),
    ...(t ? { timing: t } : {}),
  });
}

/** What an alert's summary says, without its template actions: the definition's doc comment. */
function docOf(annotations: Readonly<Record<string, string>>, name: string): string {
  const said = (annotations.summary || annotations.description || annotations.message || '')
    .replace(/\{\{[^}]*\}\}/g, '')
    .replace(/\(\s*(instance\s*)?\)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\*\//g, '* /')
    .replace(/[.:,;(\s-]+$/, '')
    .trim();
  // A summary that was mostly template (`Errors of {{ $labels.tenant }}`) says less than the alert's name.
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim();
  const text = said.split(' ').length >= 3 ? said : `${words[0]!.toUpperCase()}${words.slice(1).toLowerCase()}`;
  return `/** ${text}. */`;
}

function todo(reason: string): string {
  return `// TODO: ${reason.replace(/\s+/g, ' ')}; write its proof by hand (inputs that fire it and inputs that do not).\n`;
}

function keptFields(source: { for?: string | undefined; labels: object; annotations: object }): Record<string, string> {
  const labels = source.labels as Record<string, string>;
  const annotations = source.annotations as Record<string, string>;
  return {
    ...(source.for ? { for: str(source.for) } : {}),
    ...(Object.keys(labels).length ? { labels: strings(labels) } : {}),
    ...(Object.keys(annotations).length ? { annotations: strings(annotations) } : {}),
  };
}

function renderPlain(alert: Extract<PlannedAlert, { kind: 'plain' }>, common: string, used: Set<string>): string {
  used.add('plainAlert');
  const rules = alert.rules.map((r) => {
    const fields = object({
      severity: str(r.severity),
      expr: str(r.source.expr),
      ...keptFields(r.source),
      ...(r.proof ? { proof: plainProof(r, used) } : {}),
    });
    return `${r.todo ? todo(r.todo) : ''}${fields}`;
  });
  return `${docOf(alert.rules[0]!.source.annotations, alert.name)}
export const ${alert.exportName} = plainAlert({ ...${common}, name: ${str(alert.name)}, rules: [${rules.join(',\n')}] });`;
}

/** `value * 60`, `value / 4`, `(value - 1) / 2`: how the free input follows the signal's value. */
function affine(a: number, b: number): string {
  const scaled = a === 1 ? 'value' : Number.isInteger(1 / a) ? `value / ${num(1 / a)}` : `value * ${num(a)}`;
  if (b === 0) return scaled;
  return b > 0 ? `${scaled} + ${num(b)}` : `${scaled} - ${num(-b)}`;
}

/** A proof's labels for the tenant it runs for: the `tenant` label is the tenant's id. */
function tenantLabels(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => (k === 'tenant' ? 'tenant' : `${key(k)}: ${str(v)}`));
  return `{ ${parts.join(', ')} }`;
}

function renderThreshold(alert: PlannedThresholdAlert, common: string, used: Set<string>): string {
  used.add('plainThresholdAlert');
  const signalText = alert.signal
    .map((p) => {
      if (typeof p === 'string') return p.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
      used.add('scoped');
      return `\${scoped(${str(p.selector)}, scope)}`;
    })
    .join('')
    .trim();
  const scoped = alert.signal.some((p) => typeof p !== 'string');
  const fields: Record<string, string> = {
    name: str(alert.name),
    severity: str(alert.severity),
    threshold: str(alert.threshold),
    comparison: str(alert.comparison),
    signal: scoped ? `(scope) => \`${signalText}\`` : `() => \`${signalText}\``,
    ...keptFields(alert.source),
  };
  const p = alert.proof;
  if (p?.free) {
    used.add('seriesName');
    const inputs = p.leaves.map((leaf, i) => {
      const series = `seriesName(${str(leaf.metric)}, ${tenantLabels(leaf.labels)})`;
      const free = i === p.free!.leaf;
      if (leaf.input.perStep !== undefined) {
        used.add('counterSeries');
        return `counterSeries(${series}, ${free ? affine(p.free!.a, p.free!.b) : num(leaf.input.perStep)}, steps)`;
      }
      used.add('gaugeSeries');
      return `gaugeSeries(${series}, ${free ? affine(p.free!.a, p.free!.b) : num(leaf.input.value!)}, steps)`;
    });
    const t = timing(p);
    fields.proof = object({
      inputs: `(tenant, value, steps) => [${inputs.join(', ')}]`,
      labels: `(tenant) => (${tenantLabels(p.labels)})`,
      ...(t ? { timing: t } : {}),
    });
  }
  return `${docOf(alert.source.annotations, alert.name)}
${alert.todo ? todo(alert.todo) : ''}export const ${alert.exportName} = plainThresholdAlert({ ...${common}, ${Object.entries(
    fields,
  )
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} });`;
}

function importLine(names: Iterable<string>, from: string, types: readonly string[] = []): string {
  const all = [...new Set(names)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en'));
  const specifiers = [...all, ...types.map((t) => `type ${t}`)];
  return `import { ${specifiers.join(', ')} } from '${from}';`;
}

async function alertModule(plan: RulePlan, module: PlannedAlertModule): Promise<string> {
  const used = new Set<string>();
  const common = plan.domain.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[0-9]/, '_$&');
  const dashboard = plan.dashboard ?? { persona: plan.persona, slug: plan.domain, panel: module.group };
  const body = module.alerts
    .map((a) => (a.kind === 'plain' ? renderPlain(a, common, used) : renderThreshold(a, common, used)))
    .join('\n\n');
  const dashboardTodo = plan.dashboard
    ? ''
    : '// TODO: the panel these alerts link to (persona, dashboard slug, panel title); the build checks that it exists.\n';
  return formatTypeScript(`${importLine(used, '@plotwatch/rules')}

${dashboardTodo}const ${common} = { persona: ${str(plan.persona)}, dashboard: ${strings({ ...dashboard })} } as const;

${body}
`);
}

async function recordingModule(group: PlannedRecordingGroup): Promise<string> {
  const rules = group.rules.map((r) =>
    object({
      record: str(r.record),
      expr: str(r.expr),
      ...(Object.keys(r.labels).length ? { labels: strings(r.labels) } : {}),
    }),
  );
  return formatTypeScript(`import type { RecordingGroupDefinition } from '@plotwatch/rules';

/** The ${group.group} recording rules, in evaluation order: each may read the ones above it. */
export const ${group.exportName}: RecordingGroupDefinition = {
  name: ${str(group.name)},
  source: import.meta.url,
  rules: [${rules.join(',\n')}],
};
`);
}

/** The registry with an import added in path order, among the other `import … from './…'` lines. */
function withImport(text: string, line: string, path: string): string {
  const imports = [...text.matchAll(/^import[\s\S]*?from '(\.[^']+)';$/gm)];
  const after = imports.filter((m) => m[1]! < path).at(-1) ?? imports.filter((m) => !m[1]!.startsWith('.')).at(-1);
  if (!after) return `${line}\n${text}`;
  const end = after.index + after[0].length;
  return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
}

/** The array `name` of the registry with `entry` added last (before a spread of generated entries). */
function withEntry(text: string, array: string, entry: string, file: string): string {
  const start = text.indexOf(`export const ${array}`);
  if (start < 0) throw new Error(`${file} has no \`export const ${array}\` to register the new modules in`);
  const close = text.indexOf('\n];', start);
  const spread = text.lastIndexOf('\n  ...', close);
  const at = spread > start ? spread : close;
  return `${text.slice(0, at)}\n  ${entry},${text.slice(at)}`;
}

/**
 * The plan with every exported name free in the registries it is imported into: a name another
 * module already registers gets the domain in front (`nodeExporterRules` -> `mixinNodeExporterRules`).
 */
function withFreeNames(plan: RulePlan, registries: RuleRegistries): RulePlan {
  const taken = new Set(`${registries.alerts}\n${registries.recordingRules}`.match(/[A-Za-z_$][\w$]*/g) ?? []);
  const prefix = plan.domain.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[0-9]/, '_$&');
  const free = (name: string) => {
    if (!taken.has(name)) return name;
    let candidate = `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}`;
    for (let i = 2; taken.has(candidate); i++) candidate = `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}${i}`;
    taken.add(candidate);
    return candidate;
  };
  return {
    ...plan,
    recording: plan.recording.map((g) => ({ ...g, exportName: free(g.exportName) })),
    alertModules: plan.alertModules.map((m) => ({
      ...m,
      alerts: m.alerts.map((a) => ({ ...a, exportName: free(a.exportName) })),
    })),
  };
}

export interface RenderedRules {
  readonly files: readonly RenderedFile[];
}

/**
 * The modules of a plan, formatted as the repository formats them, and the registries with their
 * new lines: one alert domain in `alerts/index.ts`, each recording group in `recording-rules/index.ts`.
 */
export async function renderRuleModules(input: RulePlan, registries: RuleRegistries): Promise<RenderedRules> {
  const plan = withFreeNames(input, registries);
  const files: RenderedFile[] = [];
  let recordingIndex = registries.recordingRules;
  for (const group of plan.recording) {
    const from = `./${group.module.replace(/^recording-rules\//, '')}`;
    if (recordingIndex.includes(`'${from}'`))
      throw new Error(`recording-rules/index.ts already imports ${from}: choose another --domain`);
    files.push({ path: group.module, content: await recordingModule(group) });
    recordingIndex = withEntry(
      withImport(recordingIndex, importLine([group.exportName], from), from),
      'recordingGroups',
      group.exportName,
      'recording-rules/index.ts',
    );
  }
  let alertsIndex = registries.alerts;
  if (plan.alertModules.length) {
    if (new RegExp(`domain: '${plan.domain}'`).test(alertsIndex))
      throw new Error(`alerts/index.ts already has a domain ${plan.domain}: choose another --domain`);
    for (const module of plan.alertModules) {
      files.push({ path: module.module, content: await alertModule(plan, module) });
      const from = `./${module.module.replace(/^alerts\//, '')}`;
      alertsIndex = withImport(
        alertsIndex,
        importLine(
          module.alerts.map((a) => a.exportName),
          from,
        ),
        from,
      );
    }
    const names = plan.alertModules.flatMap((m) => m.alerts.map((a) => a.exportName));
    alertsIndex = withEntry(
      alertsIndex,
      'alertDomains',
      `{ domain: ${str(plan.domain)}, source: folder(${str(plan.domain)}), alerts: [${names.join(', ')}] }`,
      'alerts/index.ts',
    );
  }
  if (plan.recording.length)
    files.push({
      path: 'recording-rules/index.ts',
      content: await formatTypeScript(recordingIndex),
      replaces: registries.recordingRules,
    });
  if (plan.alertModules.length)
    files.push({ path: 'alerts/index.ts', content: await formatTypeScript(alertsIndex), replaces: registries.alerts });
  return { files };
}
