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
    const rewritten = brace === -1 ? `${text}{${extra}}` : `${text.slice(0, -1).replace(/,\s*$/, '')}${text.slice(brace + 1, -1).trim() ? ', ' : ''}${extra}}`;
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

/**
 * The raw-series equivalent of a query that reads recorded series: each recorded selector is
 * replaced by its rule's expression (recursively), with the selector's matchers pushed down
 * into the rule's own selectors. This is what a dashboard would cost without recording rules.
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
    const matching = candidates.filter((r) => s.matchers.every((m) => m.op !== '=' || r.labels?.[m.label] === undefined || r.labels[m.label] === m.value));
    const pushed = s.matchers.filter((m) => m.label !== '__name__' && !matching.some((r) => r.labels?.[m.label] !== undefined));
    let rest = out.slice(s.to);
    // `recorded offset 1h` moves the offset onto the expansion's own selectors (an offset applies only to a selector).
    const offset = s.offset !== undefined && matching.length ? /^(\[[^\]]*\])?\s+offset\s+(-?\w+)/.exec(rest) : null;
    if (offset) rest = (offset[1] ?? '') + rest.slice(offset[0].length);
    const expand = (r: Recording) => expandRecorded(withMatchers(r.expr, pushed), recordings, depth + 1, step);
    const inner = matching.map((r) => `(${offset ? withOffset(expand(r), offset[2]!) : expand(r)})`).join(' or ');
    // `recorded[10m]` becomes a subquery `(expansion)[10m:step]`: a range applies only to a selector.
    if (s.range !== undefined && matching.length) rest = rest.replace(/^\[([^\]:]+)\]/, `[$1:${step}]`);
    out = out.slice(0, s.from) + (matching.length > 1 ? `(${inner})` : inner || out.slice(s.from, s.to)) + rest;
  }
  return out;
}
