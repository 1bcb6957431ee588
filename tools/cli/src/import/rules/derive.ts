import {
  crossing,
  duration,
  PROOF_SCALE,
  quantileBuckets,
  seconds,
  type Comparison,
  type Labels,
} from '@plotwatch/rules';
import { isComparison, selectorsIn, structure, type Expr } from './expr.ts';

type Sel = Extract<Expr, { t: 'sel' }>;

/** One steady input series: a gauge at `value`, a counter rising `perStep`, or a gauge rising with the clock. */
export interface ProofInput {
  readonly series: string;
  readonly value?: number;
  readonly perStep?: number;
  /** A histogram's buckets, counted so that `histogram_quantile(quantile, ...)` is `value` (the kit's quantileBuckets). */
  readonly histogram?: {
    readonly metric: string;
    readonly labels: Labels;
    readonly buckets: readonly number[];
    readonly quantile: number;
  };
}

export interface ProofSide {
  readonly value: number;
  readonly inputs: readonly ProofInput[];
}

export interface ProofTimingText {
  readonly interval?: string;
  readonly from?: string;
  readonly settled?: string;
}

/** How the free input follows the signal's value (`param = a * value + b`), for per-tenant thresholds. */
export interface FreeInput {
  readonly leaf: number;
  readonly kind: 'gauge' | 'counter';
  readonly a: number;
  readonly b: number;
}

export interface DerivedProof {
  readonly comparison: Comparison | undefined;
  readonly threshold: number | undefined;
  /** The alerted series' labels. */
  readonly labels: Labels;
  readonly firing: ProofSide;
  readonly silent: ProofSide;
  readonly timing: ProofTimingText;
  /** The signal (left of the comparison) and its leaves' series, for per-tenant thresholds. */
  readonly leaves: ReadonlyArray<{ readonly metric: string; readonly labels: Labels; readonly input: ProofInput }>;
  readonly free: FreeInput | undefined;
}

export type Derivation = { readonly proof: DerivedProof } | { readonly reason: string };

class Unsupported extends Error {}
const unsupported = (reason: string): never => {
  throw new Unsupported(reason);
};

const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
const GAUGE_WINDOW_FUNCTIONS = new Set(['avg_over_time', 'min_over_time', 'max_over_time', 'last_over_time']);
const VALUE_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = { abs: Math.abs };

interface Leaf {
  readonly sel: Sel;
  readonly kind: 'gauge' | 'counter' | 'clock';
  readonly windows: readonly number[];
  labels: Labels;
}

/** Each distinct series read, by how it is read. */
function leavesOf(e: Expr, out: Map<string, Leaf>, context?: { fn: string; window?: number }): void {
  const add = (sel: Sel, kind: Leaf['kind'], window?: number) => {
    const known = out.get(sel.text);
    if (known && known.kind !== kind) unsupported(`${sel.text} is read both as a counter and as a gauge`);
    out.set(sel.text, {
      sel,
      kind,
      windows: [...(known?.windows ?? []), ...(window === undefined ? [] : [window])],
      labels: {},
    });
  };
  switch (e.t) {
    case 'sel':
      if (e.range !== undefined) {
        if (context && COUNTER_FUNCTIONS.has(context.fn)) return add(e, 'counter', e.range);
        if (context && GAUGE_WINDOW_FUNCTIONS.has(context.fn)) return add(e, 'gauge', e.range);
        return unsupported(`${e.text}[…] is read by a function no proof is derived through`);
      }
      return add(e, 'gauge');
    case 'fn':
      return e.args.forEach((a) => leavesOf(a, out, { fn: e.name }));
    case 'agg':
      return e.args.forEach((a) => leavesOf(a, out));
    case 'bin':
      leavesOf(e.lhs, out);
      return leavesOf(e.rhs, out);
    case 'neg':
      return leavesOf(e.arg, out);
    default:
      return;
  }
}

/** promtool expands `a+bxn` by repeated addition: the exact floats it feeds Prometheus. */
function sample(start: number, perStep: number, index: number): number {
  let v = start;
  for (let i = 0; i < index; i++) v += perStep;
  return v;
}

interface World {
  readonly t: number;
  readonly interval: number;
  /** Per leaf: a gauge's value, a counter's step, a clock gauge's start. */
  readonly params: ReadonlyMap<string, number>;
  readonly leaves: ReadonlyMap<string, Leaf>;
}

function valueOf(leaf: Leaf, w: World, index: number): number {
  const p = w.params.get(leaf.sel.text)!;
  if (leaf.kind === 'gauge') return p;
  if (leaf.kind === 'clock') return sample(p, w.interval, index);
  return sample(0, p, index);
}

/** The expression's value at `w.t`, as Prometheus computes it over one series per selector. */
function evaluate(e: Expr, w: World): number {
  const k = Math.floor(w.t / w.interval);
  switch (e.t) {
    case 'num':
      return e.v;
    case 'str':
      return unsupported('a string where a number was expected');
    case 'sel':
      return valueOf(w.leaves.get(e.text)!, w, k);
    case 'neg':
      return -evaluate(e.arg, w);
    case 'agg': {
      if (['sum', 'min', 'max', 'avg'].includes(e.op)) return evaluate(e.args[0]!, w);
      if (['topk', 'bottomk', 'quantile'].includes(e.op)) return evaluate(e.args[1]!, w);
      if (e.op === 'count' || e.op === 'group') return 1;
      return unsupported(`the aggregation ${e.op}`);
    }
    case 'fn': {
      const [first] = e.args;
      if (COUNTER_FUNCTIONS.has(e.name)) {
        const sel = first as Sel;
        const leaf = w.leaves.get(sel.text)!;
        const steps = sel.range! / w.interval;
        if (e.name === 'irate') return (valueOf(leaf, w, k) - valueOf(leaf, w, k - 1)) / w.interval;
        const increase = valueOf(leaf, w, k) - valueOf(leaf, w, k - steps);
        // Prometheus multiplies by one factor: (extrapolated / sampled interval) / range, here 1 / range.
        return e.name === 'rate' ? increase * (1 / sel.range!) : increase;
      }
      if (GAUGE_WINDOW_FUNCTIONS.has(e.name)) return valueOf(w.leaves.get((first as Sel).text)!, w, k);
      if (e.name === 'time') return w.t;
      if (e.name === 'vector' || e.name === 'scalar' || e.name === 'label_replace') return evaluate(first!, w);
      if (e.name === 'clamp_min') return Math.max(evaluate(first!, w), evaluate(e.args[1]!, w));
      if (e.name === 'clamp_max') return Math.min(evaluate(first!, w), evaluate(e.args[1]!, w));
      const fn = VALUE_FUNCTIONS[e.name];
      if (fn) return fn(evaluate(first!, w));
      return unsupported(`the function ${e.name}()`);
    }
    case 'bin': {
      const l = evaluate(e.lhs, w);
      const r = evaluate(e.rhs, w);
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return l / r;
        case '%':
          return l % r;
        case '^':
          return l ** r;
        default:
          return unsupported(`\`${e.op}\` inside the signal`);
      }
    }
    case 'other':
      return unsupported(`\`${e.what}\``);
  }
}

const isScalar = (e: Expr): boolean =>
  e.t === 'num' ||
  (e.t === 'neg' && isScalar(e.arg)) ||
  (e.t === 'bin' && isScalar(e.lhs) && isScalar(e.rhs)) ||
  (e.t === 'fn' && (e.name === 'time' || e.name === 'scalar'));

function dropName(labels: Labels): Labels {
  const { __name__: _name, ...rest } = labels;
  return rest;
}

/** The labels one-to-one (or many-to-one) matching compares, for a vector-vector operation. */
function matched(e: Extract<Expr, { t: 'bin' }>, side: Expr, leaves: ReadonlyMap<string, Leaf>): string {
  const labels = dropName(labelsOut(side, leaves));
  const compared = e.on ? pick(labels, e.on.labels, e.on.mode === 'on') : labels;
  return JSON.stringify(Object.entries(compared).sort(([a], [b]) => a.localeCompare(b)));
}

/** Whether every vector-vector operation finds its partner: the synthetic series match as real ones would. */
function matches(e: Expr, leaves: ReadonlyMap<string, Leaf>): boolean {
  switch (e.t) {
    case 'bin':
      if (!matches(e.lhs, leaves) || !matches(e.rhs, leaves)) return false;
      if (isScalar(e.lhs) || isScalar(e.rhs) || e.op === 'or') return true;
      return matched(e, e.lhs, leaves) === matched(e, e.rhs, leaves);
    case 'fn':
    case 'agg':
      return e.args.every((a) => matches(a, leaves));
    case 'neg':
      return matches(e.arg, leaves);
    default:
      return true;
  }
}

function pick(labels: Labels, names: readonly string[], keep: boolean): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => names.includes(k) === keep));
}

/** The labels of the expression's one result series. */
function labelsOut(e: Expr, leaves: ReadonlyMap<string, Leaf>): Labels {
  switch (e.t) {
    case 'sel':
      return { __name__: e.metric!, ...leaves.get(e.text)!.labels };
    case 'neg':
      return dropName(labelsOut(e.arg, leaves));
    case 'agg': {
      const inner = labelsOut(['topk', 'bottomk', 'quantile'].includes(e.op) ? e.args[1]! : e.args[0]!, leaves);
      if (e.op === 'topk' || e.op === 'bottomk') return inner;
      if (!e.grouping) return {};
      return dropName(pick(inner, e.grouping.labels, e.grouping.mode === 'by'));
    }
    case 'fn': {
      if (e.name === 'time' || e.name === 'vector' || e.name === 'scalar') return {};
      if (e.name === 'histogram_quantile') {
        const { le: _le, ...rest } = dropName(labelsOut(e.args[1]!, leaves));
        return rest;
      }
      const inner = labelsOut(e.args[0]!, leaves);
      if (e.name !== 'label_replace') return dropName(inner);
      const [, dst, replacement, src, regex] = e.args.map((a) => (a.t === 'str' ? a.v : ''));
      const match = new RegExp(`^(?:${regex})$`).exec(inner[src!] ?? '');
      if (!match) return inner;
      const value = replacement!.replace(/\$\{?(\d+)\}?/g, (_, i: string) => match[Number(i)] ?? '');
      const { [dst!]: _dropped, ...rest } = inner;
      return value ? { ...rest, [dst!]: value } : rest;
    }
    case 'bin': {
      // Arithmetic drops the metric name; a filtering comparison keeps its left side's.
      const named = (l: Labels) => (isComparison(e.op) || ['and', 'or', 'unless'].includes(e.op) ? l : dropName(l));
      if (isScalar(e.rhs)) return named(labelsOut(e.lhs, leaves));
      if (isScalar(e.lhs)) return named(labelsOut(e.rhs, leaves));
      const [one, other] = e.group?.side === 'right' ? [e.rhs, e.lhs] : [e.lhs, e.rhs];
      const kept = named(labelsOut(one, leaves));
      if (e.group) return { ...kept, ...pick(labelsOut(other, leaves), e.group.labels, true) };
      if (['and', 'or', 'unless'].includes(e.op) || !e.on) return kept;
      return pick(kept, e.on.labels, e.on.mode === 'on');
    }
    default:
      return {};
  }
}

function groupingLabels(e: Expr): string[] {
  switch (e.t) {
    case 'agg':
      return [...(e.grouping?.mode === 'by' ? e.grouping.labels : []), ...e.args.flatMap(groupingLabels)];
    case 'bin':
      return [
        ...(e.on?.mode === 'on' ? e.on.labels : []),
        ...(e.group?.labels ?? []),
        ...groupingLabels(e.lhs),
        ...groupingLabels(e.rhs),
      ];
    case 'fn':
      return [
        ...(e.name === 'label_replace' && e.args[3]?.t === 'str' ? [e.args[3].v] : []),
        ...e.args.flatMap(groupingLabels),
      ];
    case 'neg':
      return groupingLabels(e.arg);
    default:
      return [];
  }
}

function satisfies(value: string, m: { op: string; value: string }): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(value);
    default:
      return !new RegExp(`^(?:${m.value})$`).test(value);
  }
}

/** A string the regular expression matches in full, for the simple ones label matchers use; '' when unsure. */
export function exampleOf(re: string): string {
  let i = 0;
  const alternatives = (): string => {
    const options = [sequence()];
    while (re[i] === '|') {
      i++;
      options.push(sequence());
    }
    return options.find((o) => o !== '') ?? '';
  };
  const sequence = (): string => {
    let out = '';
    while (i < re.length && re[i] !== '|' && re[i] !== ')') {
      let atom: string;
      const c = re[i++]!;
      if (c === '(') {
        if (re.startsWith('?:', i)) i += 2;
        atom = alternatives();
        i++;
      } else if (c === '[') {
        const end = re.indexOf(']', i + 1);
        const body = re.slice(i, end);
        i = end + 1;
        atom = body.startsWith('^') ? '_' : (body.replace(/^\\/, '')[0] ?? '');
      } else if (c === '\\') {
        const e = re[i++]!;
        atom = e === 'd' ? '0' : e === 'w' ? 'a' : e === 's' ? ' ' : e;
      } else if (c === '.') atom = 'x';
      else if (c === '^' || c === '$') atom = '';
      else atom = c;
      const q = re[i];
      if (q === '*' || q === '?') {
        i++;
        atom = '';
      } else if (q === '+') i++;
      else if (q === '{') {
        const end = re.indexOf('}', i);
        atom = atom.repeat(Number(re.slice(i + 1, end).split(',')[0]));
        i = end + 1;
      }
      out += atom;
    }
    return out;
  };
  try {
    return alternatives();
  } catch {
    return '';
  }
}

/** A value for a label that every selector's matchers on it accept. */
function labelValue(label: string, leaves: readonly Leaf[]): string {
  const matchers = leaves.flatMap((l) => l.sel.matchers.filter((m) => m.label === label));
  const equal = matchers.find((m) => m.op === '=');
  const examples = matchers.filter((m) => m.op === '=~').map((m) => exampleOf(m.value));
  const candidates = [...(equal ? [equal.value] : []), ...examples, `${label}-1`, 'x'];
  const found = candidates.find((c) => c !== '' && matchers.every((m) => satisfies(c, m)));
  return found ?? unsupported(`no value of label ${label} satisfies all of its matchers`);
}

function seriesText(metric: string, labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? `${metric}{${parts.join(', ')}}` : metric;
}

/** Steps of 5m keep long tests cheap; shorter `for`s need finer ones (the kit's own default). */
function evaluationStep(forSeconds: number): number {
  return forSeconds >= 300 && forSeconds % 300 === 0 ? 300 : 60;
}

const round15 = (x: number) => Number(x.toPrecision(15));

function annotationLabels(annotations: Readonly<Record<string, string>>): string[] {
  return Object.values(annotations).flatMap((a) =>
    [...a.matchAll(/(?:\$labels|\.Labels)\.([a-zA-Z_][a-zA-Z0-9_]*)/g)].map((m) => m[1]!),
  );
}

/**
 * Labels for each selector's series: its own equality matchers, a value its other matchers
 * accept, and the labels the expression groups or matches by and the annotations print, the same
 * value on every series so that they match one to one.
 */
function realize(leaves: Map<string, Leaf>, shared: readonly string[], baselines: Map<string, number>) {
  const all = [...leaves.values()];
  const common = Object.fromEntries([...new Set(shared)].map((n) => [n, labelValue(n, all)]));
  realizeWith(all, common, baselines);
}

/**
 * Series that match one another as real ones would: first every selector's equality labels on
 * every series (but those an aggregation or `ignoring` drops), else only the shared ones.
 */
function realizeMatching(
  top: Expr,
  leaves: Map<string, Leaf>,
  shared: readonly string[],
  baselines: Map<string, number>,
) {
  const all = [...leaves.values()];
  const dropped = new Set(droppedLabels(top));
  const equal = all.flatMap((l) =>
    l.sel.matchers.filter((m) => m.op === '=' && m.label !== '__name__').map((m) => m.label),
  );
  for (const names of [[...shared, ...equal.filter((n) => !dropped.has(n))], shared]) {
    const common = Object.fromEntries([...new Set(names)].map((n) => [n, labelValue(n, all)]));
    realizeWith(all, common, baselines);
    if (matches(top, leaves)) return;
  }
  unsupported('its series cannot be given labels that match one to one');
}

function droppedLabels(e: Expr): string[] {
  switch (e.t) {
    case 'agg':
      return [...(e.grouping?.mode === 'without' ? e.grouping.labels : []), ...e.args.flatMap(droppedLabels)];
    case 'bin':
      return [...(e.on?.mode === 'ignoring' ? e.on.labels : []), ...droppedLabels(e.lhs), ...droppedLabels(e.rhs)];
    case 'fn':
      return e.args.flatMap(droppedLabels);
    case 'neg':
      return droppedLabels(e.arg);
    default:
      return [];
  }
}

function realizeWith(all: readonly Leaf[], common: Labels, baselines: Map<string, number>) {
  for (const leaf of all) {
    if (!leaf.sel.metric) unsupported(`${leaf.sel.text} names no metric`);
    const own = leaf.sel.matchers.filter((m) => m.label !== '__name__');
    const needed = Object.fromEntries(
      own.filter((m) => !(m.label in common) && !satisfies('', m)).map((m) => [m.label, labelValue(m.label, [leaf])]),
    );
    const equal = Object.fromEntries(own.filter((m) => m.op === '=').map((m) => [m.label, m.value]));
    leaf.labels = { ...common, ...needed, ...equal };
    for (const m of own)
      if (!satisfies(leaf.labels[m.label] ?? '', m))
        unsupported(`no value of label ${m.label} satisfies all of its matchers`);
    baselines.set(leaf.sel.text, leaf.kind === 'counter' ? 60 : 100);
  }
}

function absentProof(e: Extract<Expr, { t: 'fn' }>): DerivedProof {
  const sel = e.args[0];
  if (sel?.t !== 'sel' || !sel.metric) return unsupported(`${e.name}() of something other than a named selector`);
  const leaves = new Map<string, Leaf>([[sel.text, { sel, kind: 'gauge', windows: [], labels: {} }]]);
  realize(leaves, [], new Map());
  const leaf = leaves.get(sel.text)!;
  const labels = Object.fromEntries(
    sel.matchers.filter((m) => m.op === '=' && m.label !== '__name__').map((m) => [m.label, m.value]),
  );
  const input = { series: seriesText(sel.metric, leaf.labels), value: 1 };
  return {
    comparison: undefined,
    threshold: undefined,
    labels,
    firing: { value: 1, inputs: [] },
    silent: { value: 1, inputs: [input] },
    timing: { from: '0s', settled: '0s' },
    leaves: [{ metric: sel.metric, labels: leaf.labels, input }],
    free: undefined,
  };
}

const FLIPPED: Readonly<Record<string, Comparison>> = {
  '>': '<',
  '<': '>',
  '>=': '<=',
  '<=': '>=',
  '==': '==',
  '!=': '!=',
};

/**
 * A proof for the common shapes of an alert's expression: a signal compared with a threshold
 * (`metric > N`, `rate(x[5m]) > N`, `a / b > N`, `up == 0`, a vector on the right), or
 * `absent(...)`. The signal is evaluated as Prometheus would on steady series, one per selector,
 * the other inputs at fixed values; the free one is solved for 1% beyond the threshold either
 * side. Anything else gives the reason no proof was derived.
 */
export function deriveProof(
  expr: string,
  o: { readonly for: string | undefined; readonly annotations: Readonly<Record<string, string>> },
): Derivation {
  try {
    return { proof: derive(structure(expr), seconds(o.for ?? '0s'), annotationLabels(o.annotations)) };
  } catch (e) {
    if (e instanceof Unsupported) return { reason: e.message };
    throw e;
  }
}

/** The selectors read as `time() - x`: timestamps. */
function clockSelectors(e: Expr): string[] {
  switch (e.t) {
    case 'bin':
      if (e.op === '-' && e.lhs.t === 'fn' && e.lhs.name === 'time' && e.rhs.t === 'sel') return [e.rhs.text];
      return [...clockSelectors(e.lhs), ...clockSelectors(e.rhs)];
    case 'fn':
    case 'agg':
      return e.args.flatMap(clockSelectors);
    case 'neg':
      return clockSelectors(e.arg);
    default:
      return [];
  }
}

/** One condition of `a and b unless c`: a comparison (its series on the left) or a bare vector. */
interface Condition {
  readonly expr: Expr;
  readonly negated: boolean;
  readonly comparison?: { readonly signal: Expr; readonly bound: Expr; readonly op: Comparison };
}

function comparisonOf(e: Expr): Condition['comparison'] {
  if (e.t !== 'bin' || !isComparison(e.op) || e.bool) return undefined;
  if (selectorsIn(e.lhs).length) return { signal: e.lhs, bound: e.rhs, op: e.op as Comparison };
  if (selectorsIn(e.rhs).length) return { signal: e.rhs, bound: e.lhs, op: FLIPPED[e.op]! };
  return undefined;
}

function conditions(e: Expr, negated = false): Condition[] {
  if (e.t === 'bin' && e.op === 'and' && !negated) return [...conditions(e.lhs), ...conditions(e.rhs)];
  if (e.t === 'bin' && e.op === 'unless' && !negated) return [...conditions(e.lhs), ...conditions(e.rhs, true)];
  const comparison = comparisonOf(e);
  return [{ expr: e, negated, ...(comparison ? { comparison } : {}) }];
}

function derive(top: Expr, forSeconds: number, extraLabels: readonly string[]): DerivedProof {
  if (top.t === 'fn' && (top.name === 'absent' || top.name === 'absent_over_time')) return absentProof(top);
  const parts = conditions(top);
  const main = parts.find((c) => c.comparison && !c.negated);
  if (!main) return unsupported('the expression is not a signal compared with a threshold, nor absent()');
  if (top.t === 'bin' && isComparison(top.op) && top.bool)
    return unsupported('a comparison with `bool` returns 0 or 1 and always fires');
  for (const c of parts)
    if (c !== main && !c.comparison && (c.negated || !selectorsIn(c.expr).length))
      return unsupported('an `unless` or `and` operand that is not a comparison');
  const { signal, bound, op: comparison } = main.comparison!;
  if (signal.t === 'fn' && signal.name === 'histogram_quantile') {
    if (parts.length > 1) return unsupported('histogram_quantile() with other conditions');
    return histogramProof(signal, bound, comparison, forSeconds, [...groupingLabels(top), ...extraLabels]);
  }
  const leaves = new Map<string, Leaf>();
  leavesOf(top, leaves);
  const baselines = new Map<string, number>();
  realizeMatching(top, leaves, [...groupingLabels(top), ...extraLabels], baselines);
  // `time() - x`: x rises with the clock, so that the age it gives holds still.
  for (const text of clockSelectors(top)) {
    const leaf = leaves.get(text)!;
    if (leaf.kind !== 'gauge' || leaf.windows.length)
      return unsupported(`${text} is read both as a timestamp and otherwise`);
    leaves.set(text, { ...leaf, kind: 'clock' });
    baselines.set(text, 0);
  }
  if (JSON.stringify(top).includes('"name":"time"') && !clockSelectors(top).length)
    return unsupported('time() other than in `time() - <timestamp>`');
  const windows = [...leaves.values()].flatMap((l) => l.windows);
  const shortest = Math.min(240, ...windows);
  const interval = Math.min(60, shortest / 4);
  if (!Number.isInteger(interval) || windows.some((w) => w % interval))
    return unsupported(`windows ${windows.map((w) => duration(w)).join(', ')} are not multiples of a sample interval`);
  const step = evaluationStep(forSeconds);
  // A steady gauge reads the same over any window from the first sample on; a counter's rate needs two.
  const counterWindows = [...leaves.values()].filter((l) => l.kind === 'counter').flatMap((l) => l.windows);
  const counters = counterWindows.length > 0;
  const settled = counters ? Math.ceil(Math.max(...counterWindows) / step) * step : 0;
  const from = counters ? step : 0;
  const firingAt = settled + Math.ceil(forSeconds / step) * step;
  const horizon = firingAt + 2 * step;
  const world = (params: ReadonlyMap<string, number>, t: number): World => ({ t, interval, params, leaves });
  const valueAt = (e: Expr, params: ReadonlyMap<string, number>, t = firingAt) => evaluate(e, world(params, t));
  const holds = (c: Condition, params: ReadonlyMap<string, number>) =>
    [firingAt, firingAt + step, horizon].every((t) => {
      if (!c.comparison) return true;
      const v = compare(
        valueAt(c.comparison.signal, params, t),
        c.comparison.op,
        valueAt(c.comparison.bound, params, t),
      );
      return v !== c.negated;
    });
  /** The value of one leaf for which `e` is `target`, if `e` follows it linearly. */
  const solve = (e: Expr, leaf: Leaf, params: ReadonlyMap<string, number>, target: number) => {
    const at = (p: number) => valueAt(e, new Map([...params, [leaf.sel.text, p]]));
    const [f0, f1, f2, f3] = [at(0), at(1), at(2), at(3)];
    const slope = f1 - f0;
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    if (!slope || !Number.isFinite(slope) || !near(f2, f0 + 2 * slope) || !near(f3, f0 + 3 * slope)) return undefined;
    const p = round15((target - f0) / slope);
    return leaf.kind === 'counter' && p < 0 ? undefined : { p, slope, f0 };
  };
  const leavesIn = (e: Expr) =>
    selectorsIn(e)
      .map((s) => leaves.get(s.text)!)
      .filter((l, i, all) => all.indexOf(l) === i);
  for (const leaf of leavesIn(signal)) {
    // Every other condition made to hold, through a series other than the one the signal follows.
    const params = new Map(baselines);
    for (const guard of parts.filter((c) => c !== main && c.comparison)) {
      if (holds(guard, params)) continue;
      const { signal: gs, bound: gb, op } = guard.comparison!;
      const want = crossing(op, valueAt(gb, params));
      const solved = leavesIn(gs)
        .filter((l) => l !== leaf)
        .map((l) => ({ l, s: solve(gs, l, params, guard.negated ? want.silent : want.firing) }))
        .find((x) => x.s);
      if (solved) params.set(solved.l.sel.text, solved.s!.p);
    }
    if (!parts.every((c) => c === main || holds(c, params))) continue;
    const threshold = valueAt(bound, params);
    const target = crossing(comparison, threshold);
    const linear = solve(signal, leaf, params, target.firing);
    const silentLinear = solve(signal, leaf, params, target.silent);
    if (!linear || !silentLinear) continue;
    const withLeaf = (p: number) => new Map([...params, [leaf.sel.text, p]]);
    const firing = withLeaf(linear.p);
    const silent = withLeaf(silentLinear.p);
    const fires = (p: ReadonlyMap<string, number>, t: number) =>
      compare(valueAt(signal, p, t), comparison, valueAt(bound, p, t));
    const steadyFiring = fires(firing, firingAt) && fires(firing, firingAt + step);
    const steadySilent = [firingAt, horizon].every((t) => !fires(silent, t));
    const guarded = parts.every((c) => c === main || (holds(c, firing) && holds(c, silent)));
    if (!steadyFiring || !steadySilent || !guarded) continue;
    // `a and b` is `a`'s series and value.
    const first = parts[0]!;
    const result = first.comparison?.signal ?? first.expr;
    const inputs = (p: ReadonlyMap<string, number>) =>
      [...leaves.values()].map((l) => input(l, p.get(l.sel.text)!, interval));
    return {
      comparison,
      threshold,
      labels: labelsOut(parts.length > 1 ? top : signal, leaves),
      firing: { value: valueAt(result, firing), inputs: inputs(firing) },
      silent: { value: valueAt(result, silent), inputs: inputs(silent) },
      timing: {
        ...(interval !== 60 ? { interval: duration(interval) } : {}),
        from: duration(from),
        settled: duration(settled),
      },
      leaves: [...leaves.values()].map((l) => ({
        metric: l.sel.metric!,
        labels: l.labels,
        input: input(l, params.get(l.sel.text)!, interval),
      })),
      free:
        leaf.kind === 'clock' || parts.length > 1
          ? undefined
          : {
              leaf: [...leaves.values()].indexOf(leaf),
              kind: leaf.kind,
              a: 1 / linear.slope,
              b: -linear.f0 / linear.slope,
            },
    };
  }
  return unsupported('the signal does not follow any one of its series linearly');
}

/** Prometheus' bucketQuantile (2.42), over one rate per bucket bound. */
function bucketQuantile(q: number, buckets: ReadonlyArray<{ upperBound: number; count: number }>): number {
  const observations = buckets.at(-1)!.count;
  let rank = q * observations;
  let b = buckets.findIndex((x, i) => i < buckets.length - 1 && x.count >= rank);
  if (b < 0) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let start = 0;
  const end = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (end - start) * (rank / count);
}

/**
 * `histogram_quantile(q, rate(x_bucket[w])) > T`, aggregated by `le` or not: buckets around the
 * threshold, counted by the kit's quantileBuckets so that the quantile is 1% either side of it,
 * its exact value computed as Prometheus does.
 */
function histogramProof(
  signal: Extract<Expr, { t: 'fn' }>,
  bound: Expr,
  comparison: Comparison,
  forSeconds: number,
  shared: readonly string[],
): DerivedProof {
  const [qArg, inner] = signal.args;
  if (qArg?.t !== 'num' || !inner) return unsupported('histogram_quantile() of a quantile that is not a number');
  const sels = selectorsIn(inner);
  const rate = (e: Expr): Extract<Expr, { t: 'fn' }> | undefined =>
    e.t === 'fn' && e.name === 'rate'
      ? e
      : e.t === 'agg' && ['sum', 'max', 'min', 'avg'].includes(e.op) && e.args.length === 1
        ? rate(e.args[0]!)
        : undefined;
  const r = rate(inner);
  if (sels.length !== 1 || !r || r.args[0]?.t !== 'sel' || !sels[0]!.metric?.endsWith('_bucket'))
    return unsupported('histogram_quantile() over something other than the rate of one histogram');
  const sel = sels[0]!;
  const leaves = new Map<string, Leaf>([[sel.text, { sel, kind: 'counter', windows: [sel.range!], labels: {} }]]);
  realize(
    leaves,
    shared.filter((l) => l !== 'le'),
    new Map(),
  );
  const { le: _le, ...labels } = leaves.get(sel.text)!.labels;
  const window = sel.range!;
  const interval = Math.min(60, Math.min(240, window) / 4);
  if (!Number.isInteger(interval) || window % interval) return unsupported(`a window of ${duration(window)}`);
  const threshold = evaluate(bound, { t: 0, interval, params: new Map(), leaves });
  if (!(threshold > 0)) return unsupported('a quantile threshold that is not positive');
  const buckets = [threshold / 2, threshold * 2, threshold * 4].map(round15);
  const step = evaluationStep(forSeconds);
  const settled = Math.ceil(window / step) * step;
  const firingAt = settled + Math.ceil(forSeconds / step) * step;
  const metric = sel.metric!.replace(/_bucket$/, '');
  const quantile = qArg.v;
  const simulate = (value: number) => {
    const series = quantileBuckets({ metric, labels, buckets, quantile, value, perStep: PROOF_SCALE, steps: 1 });
    const k = firingAt / interval;
    const n = window / interval;
    const rates = series.map((s) => {
      const perStep = Number(s.values.split('+')[1]!.split('x')[0]);
      return {
        upperBound: Number(/le="([^"]+)"/.exec(s.series)![1]!.replace('+Inf', 'Infinity')),
        count: (sample(0, perStep, k) - sample(0, perStep, k - n)) * (1 / window),
      };
    });
    return bucketQuantile(quantile, rates);
  };
  const target = crossing(comparison, threshold);
  const firing = simulate(target.firing);
  const silent = simulate(target.silent);
  if (!compare(firing, comparison, threshold) || compare(silent, comparison, threshold))
    return unsupported('the quantile of the buckets does not cross the threshold');
  const histogram = (value: number): ProofInput => ({
    series: `${metric}_bucket`,
    value,
    histogram: { metric, labels, buckets, quantile },
  });
  const out = labelsOut(signal, leaves);
  return {
    comparison,
    threshold,
    labels: out,
    firing: { value: firing, inputs: [histogram(target.firing)] },
    silent: { value: silent, inputs: [histogram(target.silent)] },
    timing: {
      ...(interval !== 60 ? { interval: duration(interval) } : {}),
      from: duration(step),
      settled: duration(settled),
    },
    leaves: [],
    free: undefined,
  };
}

function input(leaf: Leaf, p: number, interval: number): ProofInput {
  const series = seriesText(leaf.sel.metric!, leaf.labels);
  if (leaf.kind === 'gauge') return { series, value: p };
  if (leaf.kind === 'clock') return { series, value: p, perStep: interval };
  return { series, perStep: p };
}

function compare(v: number, op: Comparison, t: number): boolean {
  switch (op) {
    case '>':
      return v > t;
    case '<':
      return v < t;
    case '>=':
      return v >= t;
    case '<=':
      return v <= t;
    case '==':
      return v === t;
    case '!=':
      return v !== t;
  }
}
