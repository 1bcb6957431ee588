import { substituteVariables, walk } from '@plotwatch/promql';

/** Prints an expression as Prometheus' Go printer does (`POST /api/v1/format_query`, promtool's formatter). */
export type FormatExpr = (expr: string) => Promise<string> | string;

export interface NormalizeOptions {
  /** The Go printer; without one, whitespace alone is normalised. */
  readonly format?: FormatExpr;
  /** Template variables to substitute before printing: `{ tenant: 'aurora-books' }`. */
  readonly values?: Readonly<Record<string, string>>;
  /**
   * Every matcher on this label (a constant, a variable, a regex) read as `label="value"`: the
   * tenant a tenant-scoped definition was built for stands for whatever the original matched.
   */
  readonly tenant?: { readonly label: string; readonly value: string };
}

const DURATION_BUILTINS = new Set(['__interval', '__rate_interval', '__range', '__auto']);

/** A stand-in per variable name, stable across calls, so `[$__rate_interval]` and `[5m]` stay apart. */
function standIn(name: string, context: string): string {
  let hash = 7;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) % 9973;
  if (context === 'duration' || DURATION_BUILTINS.has(name)) return `${10007 + hash}ms`;
  if (context === 'number') return String(900007 + hash);
  return `__var_${name}`;
}

/**
 * An expression as the Go printer prints it, with its variables substituted (`values`, else a
 * stand-in the printer keeps), regex matchers that match one literal value written as `=`, and
 * each selector's matchers in label order: the form two expressions are compared in.
 */
export async function normalizeExpr(expr: string, o: NormalizeOptions = {}): Promise<string> {
  const values = o.values ?? {};
  const { variables } = substituteVariables(expr);
  let text = '';
  let at = 0;
  for (const v of variables) {
    text += expr.slice(at, v.from);
    const value = values[v.name];
    // Inside a string a variable parses as written; only a value replaces it there.
    text += value ?? (v.context === 'string' ? expr.slice(v.from, v.to) : standIn(v.name, v.context));
    at = v.to;
  }
  text += expr.slice(at);
  // Canonical before printing too: the printer breaks long lines, and a matcher's form changes the length.
  const canonical = canonicalMatchers(text, o.tenant);
  const printed = o.format ? await o.format(canonical) : canonical.replace(/\s+/g, ' ').trim();
  return canonicalMatchers(printed, o.tenant);
}

const REGEX_META = /[\\.+*?()|[\]{}^$]/;

/** Matchers sorted by label within each selector; `=~"x"` with no regex in `x` written `="x"`. */
export function canonicalMatchers(expr: string, tenant?: NormalizeOptions['tenant']): string {
  let selectors;
  try {
    selectors = walk(expr).selectors;
  } catch {
    return expr;
  }
  let out = '';
  let at = 0;
  for (const s of [...selectors].sort((a, b) => a.from - b.from)) {
    if (!s.matchers.length) continue;
    const open = expr.indexOf('{', s.from);
    if (open < 0 || open >= s.to) continue;
    const matchers = s.matchers
      .map((m) => (tenant && m.label === tenant.label ? { ...m, op: '=' as const, value: tenant.value } : m))
      .map((m) => {
        const op =
          m.op === '=~' && !REGEX_META.test(m.value) ? '=' : m.op === '!~' && !REGEX_META.test(m.value) ? '!=' : m.op;
        return `${m.label}${op}${JSON.stringify(m.value)}`;
      })
      .sort();
    out += `${expr.slice(at, open)}{${matchers.join(', ')}}`;
    at = s.to;
  }
  return out + expr.slice(at);
}
