import {
  DEFAULT_TARGET,
  parseDuration,
  ruleFileFieldAvailability,
  validatePromql,
  type Diagnostic,
  type PrometheusTarget,
  type RuleFileField,
} from '@plotwatch/promql';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';

/** Where a rule file came from: a plain Prometheus file, a PrometheusRule's spec, or a mimirtool namespace. */
export type RuleFileForm = 'prometheus' | 'prometheus-rule' | 'mimir';

/** Where a rule's `expr` value is written in the file: offsets of its YAML scalar (quotes, block header included). */
export interface SourceRange {
  readonly from: number;
  readonly to: number;
}

export interface ReadRecordingRule {
  readonly kind: 'record';
  /** `groups[0].rules[2]`, as errors and the summary name it. */
  readonly path: string;
  readonly record: string;
  readonly expr: string;
  readonly exprSource: SourceRange;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ReadAlertingRule {
  readonly kind: 'alert';
  readonly path: string;
  readonly alert: string;
  readonly expr: string;
  readonly exprSource: SourceRange;
  readonly for: string | undefined;
  readonly keepFiringFor: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export type ReadRule = ReadRecordingRule | ReadAlertingRule;

export interface ReadGroup {
  readonly path: string;
  readonly name: string;
  readonly interval: string | undefined;
  /** Group fields besides name, interval and rules (`limit`, mimir's `source_tenants`, ...), as written. */
  readonly other: Readonly<Record<string, string>>;
  readonly rules: readonly ReadRule[];
}

export interface ReadRuleFile {
  readonly file: string;
  readonly form: RuleFileForm;
  /** The mimirtool namespace, or the PrometheusRule's name. */
  readonly namespace: string | undefined;
  readonly groups: readonly ReadGroup[];
}

/** A rule file promtool (or the operator, or mimirtool) would refuse: `file: path: message`. */
export class RuleFileError extends Error {
  readonly file: string;
  readonly path: string;
  constructor(file: string, path: string, problem: string) {
    super(`${file}: ${path ? `${path}: ` : ''}${problem}`);
    this.file = file;
    this.path = path;
  }
}

// What promtool 2.42's strict YAML decoding knows; anything else it refuses.
const GROUP_FIELDS = new Set(['name', 'interval', 'limit', 'rules']);
const MIMIR_GROUP_FIELDS = new Set([...GROUP_FIELDS, 'source_tenants', 'evaluation_delay', 'query_offset']);
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

type Fail = (path: string, problem: string) => never;

export interface ReadOptions {
  /**
   * Refuse the file at the first expression Prometheus 2.42 would not load (as promtool does; the default).
   * `false` reads every expression as written, for a linter that reports them all.
   */
  readonly checkExprs?: boolean;
  /** The Prometheus the file must load in: group fields newer than 2.42 (`query_offset`, `labels`) as it takes them. */
  readonly target?: PrometheusTarget;
}

/** Group fields of later releases than promtool 2.42 (versions.ts says which). */
const NEWER_GROUP_FIELDS: readonly RuleFileField[] = ['query_offset', 'labels'];

/** What a read needs besides the node: how to fail, whether to check expressions, the target's group fields. */
interface Reading {
  readonly fail: Fail;
  readonly checkExprs: boolean;
  readonly target: PrometheusTarget;
}

function keysOf(node: Node): string[] {
  return isMap(node) ? node.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [];
}

function get(node: Node, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return (pair?.value as Node | null | undefined) ?? undefined;
}

/** A scalar as Go's YAML decoder reads it into a string: numbers and booleans as written. */
function text(node: Node | undefined, path: string, fail: Fail): string | undefined {
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (!isScalar(node)) return fail(path, 'expected a string');
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

function stringMap(node: Node | undefined, path: string, fail: Fail, what: 'label' | 'annotation') {
  if (node === undefined || (isScalar(node) && node.value === null)) return {};
  if (!isMap(node)) return fail(path, `expected a map of ${what}s`);
  const out: Record<string, string> = {};
  for (const pair of node.items) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!LABEL_NAME.test(name)) fail(`${path}.${name}`, `invalid ${what} name "${name}"`);
    const value = text(pair.value as Node, `${path}.${name}`, fail) ?? '';
    checkTemplate(value, `${path}.${name}`, fail);
    out[name] = value;
  }
  return out;
}

/** Prometheus parses labels and annotations as Go templates: an action left open or closed twice is refused. */
function checkTemplate(value: string, path: string, fail: Fail): void {
  let open = false;
  for (const token of value.match(/\{\{|\}\}/g) ?? []) {
    if ((token === '{{') === open) fail(path, `not a valid template: unbalanced ${token}`);
    open = !open;
  }
  if (open) fail(path, 'not a valid template: unclosed {{');
}

function duration(node: Node | undefined, path: string, fail: Fail): string | undefined {
  const value = text(node, path, fail);
  if (value !== undefined && parseDuration(value) === undefined)
    fail(path, `"${value}" is not a duration (a number and a unit: 30s, 5m, 1h30m)`);
  return value;
}

/**
 * codemirror-promql refuses `{__name__=~"a.*", __name__!="ab"}`, which the Go parser (and so
 * promtool) accepts: only a name outside the braces may not be repeated inside them.
 */
function goAccepts(expr: string, d: Diagnostic): boolean {
  return d.message.startsWith('metric name must not be set twice') && expr.slice(d.from).trimStart().startsWith('{');
}

function sourceRange(node: Node | undefined): SourceRange {
  const [from = 0, to = from] = node?.range ?? [];
  return { from, to };
}

function readRule(node: Node, path: string, fail: Fail, checkExprs: boolean): ReadRule {
  if (!isMap(node)) return fail(path, 'expected a rule (a map with record or alert, and expr)');
  for (const key of keysOf(node))
    if (!RULE_FIELDS.has(key))
      fail(`${path}.${key}`, `field ${key} is not a rule field (${[...RULE_FIELDS].join(', ')})`);
  const record = text(get(node, 'record'), `${path}.record`, fail);
  const alert = text(get(node, 'alert'), `${path}.alert`, fail);
  if (record !== undefined && alert !== undefined) fail(path, 'only one of record and alert may be set');
  if (record === undefined && alert === undefined) fail(path, 'one of record or alert must be set');
  const expr = text(get(node, 'expr'), `${path}.expr`, fail)?.trim();
  if (!expr) fail(`${path}.expr`, 'field expr must be set');
  const exprSource = sourceRange(get(node, 'expr'));
  const diagnostics = (checkExprs ? validatePromql(expr!) : []).filter(
    (d) => d.severity === 'error' && !goAccepts(expr!, d),
  );
  if (diagnostics.length) {
    const d = diagnostics[0]!;
    const where =
      d.from < expr!.length
        ? `at character ${d.from + 1}: "${expr!.slice(d.from, Math.max(d.to, d.from + 1))}"`
        : `at the end: "${expr!.slice(-24)}"`;
    fail(`${path}.expr`, `${d.message} (${where})`);
  }
  const labels = stringMap(get(node, 'labels'), `${path}.labels`, fail, 'label');
  if (record !== undefined) {
    if (!METRIC_NAME.test(record)) fail(`${path}.record`, `invalid recording rule name "${record}"`);
    for (const key of ['for', 'keep_firing_for', 'annotations'])
      if (get(node, key) !== undefined) fail(`${path}.${key}`, `invalid field ${key} in a recording rule`);
    if ('__name__' in labels) fail(`${path}.labels.__name__`, 'a recording rule may not set __name__');
    return { kind: 'record', path, record, expr: expr!, exprSource, labels };
  }
  if (!alert!.trim()) fail(`${path}.alert`, 'invalid alert name ""');
  return {
    kind: 'alert',
    path,
    alert: alert!,
    expr: expr!,
    exprSource,
    for: duration(get(node, 'for'), `${path}.for`, fail),
    keepFiringFor: duration(get(node, 'keep_firing_for'), `${path}.keep_firing_for`, fail),
    labels,
    annotations: stringMap(get(node, 'annotations'), `${path}.annotations`, fail, 'annotation'),
  };
}

function readGroups(node: Node | undefined, at: string, form: RuleFileForm, reading: Reading): ReadGroup[] {
  const { fail, checkExprs, target } = reading;
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) return fail(at, 'expected a list of rule groups');
  const names = new Set<string>();
  const newer = NEWER_GROUP_FIELDS.filter((f) => ruleFileFieldAvailability(f, target) === undefined);
  const fields = form === 'mimir' ? MIMIR_GROUP_FIELDS : new Set([...GROUP_FIELDS, ...newer]);
  return node.items.map((item, g) => {
    const path = `${at}[${g}]`;
    const group = item as Node;
    if (!isMap(group)) return fail(path, 'expected a rule group (a map with name and rules)');
    for (const key of keysOf(group)) {
      if (fields.has(key)) continue;
      const newerField = form !== 'mimir' && NEWER_GROUP_FIELDS.find((f) => f === key);
      const tooNew = newerField ? ruleFileFieldAvailability(newerField, target) : undefined;
      fail(`${path}.${key}`, tooNew ?? `field ${key} is not a rule group field (${[...fields].join(', ')})`);
    }
    const name = text(get(group, 'name'), `${path}.name`, fail);
    if (!name) fail(`${path}.name`, 'a group needs a name');
    if (names.has(name!)) fail(`${path}.name`, `group name "${name}" is repeated in the same file`);
    names.add(name!);
    const interval = duration(get(group, 'interval'), `${path}.interval`, fail);
    const rules = get(group, 'rules');
    if (rules !== undefined && !isSeq(rules)) fail(`${path}.rules`, 'expected a list of rules');
    const other = Object.fromEntries(
      keysOf(group)
        .filter((k) => !['name', 'interval', 'rules'].includes(k))
        .map((k) => [k, String(get(group, k)?.toJSON() ?? '')]),
    );
    return {
      path,
      name: name!,
      interval,
      other,
      rules: isSeq(rules)
        ? rules.items.map((r, i) => readRule(r as Node, `${path}.rules[${i}]`, fail, checkExprs))
        : [],
    };
  });
}

/**
 * A rule file as promtool reads it, or the same groups in a PrometheusRule object (`spec.groups`)
 * or a mimirtool namespace file (`namespace:` and `groups:`). Anything promtool would refuse is
 * refused with its file and path: `groups[1].rules[3].expr: …`.
 */
export function readRuleFile(
  source: string,
  file: string,
  { checkExprs = true, target = DEFAULT_TARGET }: ReadOptions = {},
): ReadRuleFile {
  const fail: Fail = (path, problem) => {
    throw new RuleFileError(file, path, problem);
  };
  const reading: Reading = { fail, checkExprs, target };
  const lines = new LineCounter();
  const docs = parseAllDocuments(source, { uniqueKeys: true, lineCounter: lines, prettyErrors: false });
  const all = Array.isArray(docs) ? docs : [];
  const error = all.flatMap((d) => d.errors)[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    throw new RuleFileError(`${file}:${line}:${col}`, '', `not YAML (${error.message.split('\n')[0]})`);
  }
  if (all.length <= 1) return readDocument((all[0]?.contents as Node | null) ?? null, '', file, reading);
  // mimirtool reads a namespace per YAML document; nothing else comes in several.
  const read = all.map((d, i) => readDocument(d.contents as Node | null, `documents[${i}].`, file, reading));
  const other = read.findIndex((r) => r.form !== 'mimir');
  if (other >= 0) fail(`documents[${other}]`, 'only mimirtool namespace files may hold several YAML documents');
  return { file, form: 'mimir', namespace: read[0]!.namespace, groups: read.flatMap((r) => r.groups) };
}

function readDocument(root: Node | null, at: string, file: string, reading: Reading): ReadRuleFile {
  const { fail } = reading;
  if (!root || !isMap(root))
    return fail(
      at.replace(/\.$/, ''),
      'not a rule file: expected groups:, a PrometheusRule object or a mimirtool namespace file',
    );
  const keys = keysOf(root);
  if (keys.includes('kind') || keys.includes('apiVersion')) {
    const kind = text(get(root, 'kind'), `${at}kind`, fail);
    if (kind !== 'PrometheusRule') fail(`${at}kind`, `a ${kind ?? 'resource without a kind'} is not a PrometheusRule`);
    const spec = get(root, 'spec');
    if (!spec || !isMap(spec)) fail(`${at}spec`, 'a PrometheusRule needs a spec with groups');
    for (const key of keysOf(spec!))
      if (key !== 'groups') fail(`${at}spec.${key}`, `field ${key} is not a PrometheusRule spec field`);
    const metadata = get(root, 'metadata');
    return {
      file,
      form: 'prometheus-rule',
      namespace: metadata ? text(get(metadata, 'name'), `${at}metadata.name`, fail) : undefined,
      groups: readGroups(get(spec!, 'groups'), `${at}spec.groups`, 'prometheus-rule', reading),
    };
  }
  if (!keys.includes('groups'))
    fail(
      at.replace(/\.$/, ''),
      'not a rule file: expected groups:, a PrometheusRule object or a mimirtool namespace file',
    );
  const form: RuleFileForm = keys.includes('namespace') ? 'mimir' : 'prometheus';
  for (const key of keys)
    if (key !== 'groups' && !(form === 'mimir' && key === 'namespace'))
      fail(`${at}${key}`, `field ${key} is not a rule file field (groups${form === 'mimir' ? ', namespace' : ''})`);
  return {
    file,
    form,
    namespace: form === 'mimir' ? text(get(root, 'namespace'), `${at}namespace`, fail) : undefined,
    groups: readGroups(get(root, 'groups'), `${at}groups`, form, reading),
  };
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

/**
 * Where an offset into a rule's expression is in the file, as 1-based `line` and `col`. The scalar as written
 * is walked beside the value YAML read from it: what only the file has (a block header, indentation, line
 * breaks folded into blanks, quotes, escapes) is stepped over, so a literal block (`|`), a folded or plain
 * multi-line scalar and a quoted one all map exactly (an escape other than a quote's maps to what follows it).
 */
export function exprPosition(source: string, rule: Pick<ReadRule, 'expr' | 'exprSource'>, offset: number) {
  const { from, to } = rule.exprSource;
  let at = from;
  if (source[at] === '|' || source[at] === '>') at = source.indexOf('\n', at) + 1 || to;
  else if (source[at] === '"' || source[at] === "'") at += 1;
  const end = Math.min(offset, rule.expr.length);
  for (let i = 0; i < end; i++) {
    const c = rule.expr[i];
    while (at < to && source[at] !== c && !(isBlank(c) && isBlank(source[at]))) at += 1;
    at = Math.min(at + 1, to);
  }
  while (end < rule.expr.length && at < to && source[at] !== rule.expr[end] && isBlank(source[at])) at += 1;
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < at; i = source.indexOf('\n', i + 1)) line += 1;
  return { line, col: at - lineStart + 1 };
}
