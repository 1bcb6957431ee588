import { walk, type LabelMatcher } from './walk.ts';

/** A recording rule as the expansion needs it: the series it writes and how. */
export interface Recording {
  readonly record: string;
  readonly expr: string;
  /** Labels the rule adds (e.g. a threshold's tenant); a selector matching another value skips it. */
  readonly labels?: Readonly<Record<string, string>>;
}

function matcherText(m: LabelMatcher): string {
  return `${m.label}${m.op}${JSON.stringify(m.value)}`;
}

/** Adds matchers to every selector of `expr` that names a metric (innermost first, so offsets stay valid). */
function withMatchers(expr: string, matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) return expr;
  const extra = matchers.map(matcherText).join(', ');
  let out = expr;
  for (const s of [...walk(expr).selectors].sort((a, b) => b.from - a.from)) {
    const text = out.slice(s.from, s.to);
    const brace = text.indexOf('{');
    const rewritten =
      brace === -1
        ? `${text}{${extra}}`
        : `${text.slice(0, -1).replace(/,\s*$/, '')}${text.slice(brace + 1, -1).trim() ? ', ' : ''}${extra}}`;
    out = out.slice(0, s.from) + rewritten + out.slice(s.to);
  }
  return out;
}

/** Adds `offset` to every selector of `expr` (after its range, if any), innermost first. */
function withOffset(expr: string, offset: string): string {
  let out = expr;
  for (const s of [...walk(expr).selectors].sort((a, b) => b.from - a.from)) {
    const at = s.range !== undefined ? out.indexOf(']', s.to) + 1 : s.to;
    out = `${out.slice(0, at)} offset ${offset}${out.slice(at)}`;
  }
  return out;
}

/** `expr` with constant labels set: `label_replace` with an empty regex sets a constant. */
function withLabels(expr: string, labels: ReadonlyArray<readonly [string, string]>): string {
  return labels.reduce(
    (e, [label, value]) => `label_replace(${e}, ${JSON.stringify(label)}, ${JSON.stringify(value)}, "", "")`,
    expr,
  );
}

/** The labels a rule sets on what it records (`labels:`), set on its expansion too. */
function withRuleLabels(expr: string, r: Recording): string {
  return withLabels(expr, Object.entries(r.labels ?? {}));
}

/** Labels a rule's expression creates with `label_replace` (e.g. a pod's tenant): its selectors do not carry them. */
function synthesized(expr: string): Set<string> {
  return new Set([...expr.matchAll(/label_replace\([\s\S]*?,\s*"([a-zA-Z_][a-zA-Z0-9_]*)"\s*,/g)].map((m) => m[1]!));
}

/**
 * Keeps the series of `expr` whose labels match: `and on (l) label_replace(vector(1), "l", "v", "", "")`.
 * Only equality can be built this way; another operator on a synthesized label has no raw equivalent here.
 */
function filtered(expr: string, matchers: readonly LabelMatcher[], record: string): string {
  if (matchers.length === 0) return expr;
  const bad = matchers.find((m) => m.op !== '=');
  if (bad)
    throw new Error(
      `${record}: the matcher ${matcherText(bad)} applies to a label the rule creates with label_replace; only = can be applied to its expansion`,
    );
  const one = withLabels(
    'vector(1)',
    matchers.map((m) => [m.label, m.value] as const),
  );
  return `(${expr}) and on (${matchers.map((m) => m.label).join(', ')}) ${one}`;
}

/**
 * The raw-series equivalent of a query that reads recorded series: each recorded selector is
 * replaced by its rule's expression (recursively), with the selector's matchers pushed down
 * into the rule's own selectors (or, for a label the rule creates with label_replace, applied to its
 * result), and the rule's own labels set on the result (so `or` between rules
 * of one name and joins on those labels behave as on the recorded series). This is what a
 * dashboard would cost without recording rules.
 */
export function expandRecorded(expr: string, recordings: readonly Recording[], depth = 0, step = '1m'): string {
  if (depth > 10) throw new Error(`recording rules nest deeper than 10 levels in ${expr}`);
  const byName = new Map<string, Recording[]>();
  for (const r of recordings) byName.set(r.record, [...(byName.get(r.record) ?? []), r]);
  let out = expr;
  for (const s of [...walk(expr).selectors].sort((a, b) => b.from - a.from)) {
    const candidates = s.metric ? byName.get(s.metric) : undefined;
    if (!candidates) continue;
    // A recorded series with constant labels (thresholds) has one rule per label value: keep those the matchers allow.
    const matching = candidates.filter((r) =>
      s.matchers.every((m) => m.op !== '=' || r.labels?.[m.label] === undefined || r.labels[m.label] === m.value),
    );
    const pushed = s.matchers.filter(
      (m) => m.label !== '__name__' && !matching.some((r) => r.labels?.[m.label] !== undefined),
    );
    let rest = out.slice(s.to);
    // `recorded offset 1h` moves the offset onto the expansion's own selectors (an offset applies only to a selector).
    const offset = s.offset !== undefined && matching.length ? /^(\[[^\]]*\])?\s+offset\s+(-?\w+)/.exec(rest) : null;
    if (offset) rest = (offset[1] ?? '') + rest.slice(offset[0].length);
    const expand = (r: Recording) => {
      const made = synthesized(r.expr);
      const inside = expandRecorded(
        withMatchers(
          r.expr,
          pushed.filter((m) => !made.has(m.label)),
        ),
        recordings,
        depth + 1,
        step,
      );
      return filtered(
        inside,
        pushed.filter((m) => made.has(m.label)),
        r.record,
      );
    };
    const inner = matching
      .map((r) => `(${withRuleLabels(offset ? withOffset(expand(r), offset[2]!) : expand(r), r)})`)
      .join(' or ');
    // `recorded[10m]` becomes a subquery `(expansion)[10m:step]`: a range applies only to a selector.
    if (s.range !== undefined && matching.length) rest = rest.replace(/^\[([^\]:]+)\]/, `[$1:${step}]`);
    // Right after a bare `group_left`/`group_right`, a parenthesis would read as its label list: give it an empty one.
    const head =
      matching.length && /\bgroup_(left|right)\s*$/.test(out.slice(0, s.from))
        ? `${out.slice(0, s.from).trimEnd()} () `
        : out.slice(0, s.from);
    out = head + (matching.length > 1 ? `(${inner})` : inner || out.slice(s.from, s.to)) + rest;
  }
  return out;
}
