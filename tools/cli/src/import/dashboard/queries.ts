import { findMetric, TENANT_LABEL, type MatcherValue } from '@plotwatch/platform';
import { substituteVariables, walk, type MatchOperator } from '@plotwatch/promql';
import type { MetricUse } from '../shared/catalog-entries.ts';

export type { MetricUse };

/**
 * One expression rewritten for a definition: literal text, catalog references
 * (`selector(name, scope, matchers)`) and the scope's tenant, in order. Joined, the pieces are the
 * expression the definition builds.
 */
export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'selector';
      readonly metric: string;
      readonly matchers: ReadonlyArray<readonly [string, MatcherValue]>;
    }
  | { readonly kind: 'tenant' };

export interface ExprOptions {
  readonly scope: 'tenant' | 'platform';
  readonly tenantLabel: string;
}

export interface RewrittenExpr {
  readonly pieces: readonly Piece[];
  readonly metrics: readonly MetricUse[];
  /** Selectors left without the tenant's matcher in a tenant-scoped definition (they show every tenant). */
  readonly unscoped: readonly string[];
  /** Variables the tenant matchers name (`$tenant`): the original's tenant variable. */
  readonly tenantVariables: ReadonlySet<string>;
  /** Whether any selector became a catalog reference or a tenant matcher the scope's. */
  readonly rewritten: boolean;
}

interface Matcher {
  readonly label: string;
  readonly op: MatchOperator;
  readonly value: string;
  /** In the original expression. */
  readonly from: number;
  readonly to: number;
}

const VARIABLE = /^\$\{(\w+)(?::\w+)?\}$|^\$(\w+)$|^\[\[(\w+)(?::\w+)?\]\]$/;

/** The variable a matcher value is (`$tenant`, `${tenant:regex}`, `[[tenant]]`), if it is one alone. */
export function variableOf(value: string): string | undefined {
  const m = VARIABLE.exec(value);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Every variable a matcher on the tenant label names, over many expressions. */
export function tenantVariablesOf(exprs: readonly string[], tenantLabel: string): Set<string> {
  const names = new Set<string>();
  for (const expr of exprs) {
    for (const selector of selectorsOf(expr)) {
      for (const m of selector.matchers) {
        if (m.label !== tenantLabel) continue;
        for (const v of m.value.matchAll(/\$\{(\w+)[^}]*\}|\$(\w+)|\[\[(\w+)[^\]]*\]\]/g))
          names.add(v[1] ?? v[2] ?? v[3]!);
      }
    }
  }
  return names;
}

/** Whether any selector of the expressions has a matcher on `label`. */
export function matchesOnLabel(exprs: readonly string[], label: string): boolean {
  return exprs.some((expr) => selectorsOf(expr).some((s) => s.matchers.some((m) => m.label === label)));
}

interface FoundSelector {
  readonly from: number;
  readonly to: number;
  readonly metric: string | undefined;
  readonly matchers: readonly Matcher[];
  readonly inFunctions: readonly string[];
  readonly grouping: readonly string[];
}

/** The selectors of an expression with Grafana variables in it, at their places in the original text. */
function selectorsOf(expr: string): FoundSelector[] {
  const substitution = substituteVariables(expr);
  const text = substitution.text;
  const walked = walk(text);
  const at = substitution.toOriginal;
  return walked.selectors.map((s) => {
    const from = at(s.from);
    const to = at(s.to);
    const matchers = s.matchers.flatMap((m): Matcher[] => {
      const original = expr.slice(at(m.from), at(m.to));
      const parsed = /^\s*("(?:[^"\\]|\\.)*"|[A-Za-z_][\w.]*)\s*(=~|!~|!=|=)\s*([\s\S]*?)\s*$/.exec(original);
      if (!parsed) return [];
      return [{ label: m.label, op: m.op, value: unquote(parsed[3]!), from: at(m.from), to: at(m.to) }];
    });
    const inside = (span: { from: number; to: number }) => span.from <= s.from && s.to <= span.to;
    return {
      from,
      to,
      // A metric name written as a variable is no metric the catalog can know.
      metric: s.metric !== undefined && expr.slice(from, to).startsWith(s.metric) ? s.metric : undefined,
      matchers,
      inFunctions: [
        ...walked.functions.filter(inside).map((f) => f.name),
        ...walked.aggregations.filter(inside).map((a) => a.op),
      ],
      grouping: walked.aggregations.filter(inside).flatMap((a) => a.grouping?.labels ?? []),
    };
  });
}

/** A PromQL string literal's value (`"a\"b"`, `'x'`, `` `raw` ``). */
export function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return escapes[e] ?? e;
  });
}

function matcherValue(m: Matcher): MatcherValue {
  switch (m.op) {
    case '=':
      return m.value;
    case '=~':
      return { re: m.value };
    case '!=':
      return { not: m.value };
    case '!~':
      return { notRe: m.value };
  }
}

/** Whether `selector()` can state this selector: a catalog metric, labels it knows, no label twice. */
function catalogSelector(s: FoundSelector, o: ExprOptions, tenantMatcher: Matcher | undefined): boolean {
  if (!s.metric || s.metric.includes(':')) return false;
  const spec = findMetric(s.metric);
  if (!spec) return false;
  // selector() puts the platform's tenant label; another label named by --tenant-label stays as written.
  if (o.tenantLabel !== TENANT_LABEL) return false;
  // In a tenant's definition selector() always adds its matcher; on the platform it takes none.
  if (o.scope === 'tenant' ? !tenantMatcher : tenantMatcher) return false;
  const others = s.matchers.filter((m) => m !== tenantMatcher);
  const known = new Set([
    ...spec.labels.map((l) => l.name),
    ...(spec.tenantScoped ? [TENANT_LABEL, 'service'] : []),
    ...(spec.type === 'histogram' ? ['le'] : []),
  ]);
  if (others.some((m) => !known.has(m.label) || m.label === '__name__')) return false;
  return new Set(others.map((m) => m.label)).size === others.length;
}

/**
 * The expression with each selector stated for the definition: tenant matchers become the scope's
 * tenant (tenant scope), catalog metrics `selector()` references, everything else stays as written.
 */
export function rewriteExpr(expr: string, o: ExprOptions, legend = ''): RewrittenExpr {
  const pieces: Piece[] = [];
  const metrics: MetricUse[] = [];
  const unscoped: string[] = [];
  const tenantVariables = new Set<string>();
  let rewritten = false;
  let copied = 0;
  const text = (t: string) => {
    if (!t) return;
    const last = pieces.at(-1);
    if (last?.kind === 'text') pieces[pieces.length - 1] = { kind: 'text', text: last.text + t };
    else pieces.push({ kind: 'text', text: t });
  };
  const legendLabels = [...legend.matchAll(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g)].map((m) => m[1]!);
  for (const s of selectorsOf(expr).sort((a, b) => a.from - b.from)) {
    const tenantMatcher = s.matchers.find((m) => m.label === o.tenantLabel);
    if (tenantMatcher) {
      const v = variableOf(tenantMatcher.value);
      if (v) tenantVariables.add(v);
    }
    if (s.metric)
      metrics.push({
        name: s.metric,
        labels: new Set(
          [...s.matchers.map((m) => m.label), ...s.grouping, ...legendLabels].filter(
            (l) => l !== o.tenantLabel && l !== '__name__' && l !== 'le',
          ),
        ),
        functions: new Set(s.inFunctions),
        tenantMatched: tenantMatcher !== undefined,
      });
    text(expr.slice(copied, s.from));
    copied = s.to;
    if (catalogSelector(s, o, tenantMatcher)) {
      pieces.push({
        kind: 'selector',
        metric: s.metric!,
        matchers: s.matchers.filter((m) => m !== tenantMatcher).map((m) => [m.label, matcherValue(m)] as const),
      });
      rewritten = true;
      continue;
    }
    if (o.scope === 'tenant' && tenantMatcher) {
      // The tenant's own matcher, exactly: `=` its id, whatever the original matched (a variable, a regex).
      text(expr.slice(s.from, tenantMatcher.from));
      text(`${o.tenantLabel}="`);
      pieces.push({ kind: 'tenant' });
      text('"');
      text(expr.slice(tenantMatcher.to, s.to));
      rewritten = true;
      continue;
    }
    if (o.scope === 'tenant') unscoped.push(expr.slice(s.from, s.to));
    text(expr.slice(s.from, s.to));
  }
  text(expr.slice(copied));
  return { pieces, metrics, unscoped, tenantVariables, rewritten };
}

/** The expression the pieces make for one tenant (or the platform). */
export function exprFor(pieces: readonly Piece[], tenantId: string | undefined, tenantLabel = TENANT_LABEL): string {
  return pieces
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'tenant') return tenantId ?? '';
      const matchers = p.matchers.map(([label, value]) => renderMatcher(label, value));
      if (tenantId !== undefined) matchers.unshift(`${tenantLabel}=${JSON.stringify(tenantId)}`);
      return matchers.length ? `${p.metric}{${matchers.join(', ')}}` : p.metric;
    })
    .join('');
}

function renderMatcher(label: string, value: MatcherValue): string {
  if (typeof value === 'string') return `${label}=${JSON.stringify(value)}`;
  if ('re' in value) return `${label}=~${JSON.stringify(value.re)}`;
  if ('notRe' in value) return `${label}!~${JSON.stringify(value.notRe)}`;
  return `${label}!=${JSON.stringify(value.not)}`;
}
