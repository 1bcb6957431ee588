/**
 * Grafana template variables in PromQL (`$tenant`, `${tenant}`, `${tenant:regex}`, `[[tenant]]`,
 * `$__rate_interval`, …) replaced by stand-ins of the type their place needs, so that the
 * query can be parsed; diagnostics are then mapped back to the text the user wrote.
 */
import type { Diagnostic } from './diagnostic.ts';
import { parse } from './parser.ts';

/** What a variable stands for where it is written. */
export type VariableContext = 'string' | 'duration' | 'number' | 'label' | 'metric';

export interface TemplateVariable {
  readonly name: string;
  /** `${name:format}` / `[[name:format]]`. */
  readonly format: string | undefined;
  /** Where the variable is in the original query. */
  readonly from: number;
  readonly to: number;
  readonly context: VariableContext;
  /** What it was replaced with. */
  readonly replacement: string;
}

export interface Substitution {
  readonly text: string;
  readonly variables: readonly TemplateVariable[];
  /** Maps an offset in `text` to the offset in the original query. */
  toOriginal(offset: number): number;
}

export interface SubstitutionOptions {
  /** Values to use for these variables instead of a stand-in, e.g. `{ threshold: '0.9' }`. */
  readonly values?: Readonly<Record<string, string>>;
}

const STAND_IN_DURATION = '5m';
const STAND_IN_NUMBER = '300';

/** Grafana's built-ins that are numbers (seconds, milliseconds, epoch milliseconds). */
const NUMBER_BUILTINS = new Set(['__range_s', '__range_ms', '__interval_ms', '__rate_interval_ms', '__from', '__to']);
/** Grafana's built-ins that are durations (`1m`, `6h`). */
const DURATION_BUILTINS = new Set(['__interval', '__rate_interval', '__range', '__auto']);

/** `$name`, `${name}`, `${name.field}`, `${name:format}`, `[[name]]`, `[[name:format]]`. */
const VARIABLE = /\$\{(\w+)(?:\.[^:}]+)?(?::([^}]+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)/g;
/** `$1` in a label_replace replacement is a regex group, not a variable. */
const REGEX_GROUP = /^\d+$/;

const GROUPING_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const PARAMETRIC_AGGREGATIONS = new Set(['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio']);
const OPERATOR_TOKENS = new Set(['+', '-', '*', '/', '%', '^', '==', '!=', '>', '<', '>=', '<=', 'bool', 'atan2']);

interface VariableMatch {
  readonly name: string;
  readonly format: string | undefined;
  readonly from: number;
  readonly to: number;
}

function findVariables(query: string): VariableMatch[] {
  return [...query.matchAll(VARIABLE)]
    .map((m) => ({ name: m[1] ?? m[3] ?? m[5] ?? '', format: m[2] ?? m[4], from: m.index, to: m.index + m[0].length }))
    .filter((v) => !REGEX_GROUP.test(v.name));
}

/** Where the scan stands when it reaches a variable. */
interface ScanState {
  readonly inString: boolean;
  /** Innermost open bracket: `[` range, `{` matchers, `(` grouping labels or other parentheses. */
  readonly bracket: '[' | '{' | 'grouping' | '(' | undefined;
  /** The last two tokens before the variable, the nearest last. */
  readonly previous: readonly string[];
}

const TOKEN = /\s+|#[^\n]*|[A-Za-z_:][\w:]*|\d[\w.]*|==|!=|>=|<=|=~|!~|\S/y;

/**
 * A light lexer over the query, enough to know for each variable whether it is inside a string,
 * a range, label matchers or grouping labels, and which tokens precede it.
 */
function scanContexts(query: string, variables: readonly VariableMatch[]): ScanState[] {
  const states: ScanState[] = [];
  const brackets: NonNullable<ScanState['bracket']>[] = [];
  const tokens: string[] = [];
  let quote: string | undefined;
  let next = 0;
  for (let at = 0; at < query.length;) {
    const variable = variables[next];
    // `>=`: an escape or a comment may have carried the scan past the variable's start.
    if (variable && at >= variable.from) {
      states.push({ inString: quote !== undefined, bracket: brackets.at(-1), previous: tokens.slice(-2).reverse() });
      if (!quote) tokens.push('$variable');
      at = Math.max(at, variable.to);
      next += 1;
      continue;
    }
    const char = query[at] ?? '';
    if (quote) {
      if (char === quote) quote = undefined;
      at += char === '\\' && quote !== '`' ? 2 : 1;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      quote = char;
      tokens.push('"string"');
      at += 1;
      continue;
    }
    TOKEN.lastIndex = at;
    const token = TOKEN.exec(query)?.[0] ?? char;
    at += token.length;
    if (/^\s|^#/.test(token)) continue;
    if (token === '(') brackets.push(GROUPING_KEYWORDS.has(tokens.at(-1) ?? '') ? 'grouping' : '(');
    else if (token === '[' || token === '{') brackets.push(token);
    else if (token === ')' || token === ']' || token === '}') brackets.pop();
    tokens.push(token);
  }
  return states;
}

function isNumberPosition(previous: readonly string[]): boolean {
  const [last = '', beforeLast = ''] = previous;
  if (OPERATOR_TOKENS.has(last)) return true;
  return last === '(' && PARAMETRIC_AGGREGATIONS.has(beforeLast);
}

function contextOf(name: string, state: ScanState): VariableContext {
  if (state.inString) return 'string';
  if (NUMBER_BUILTINS.has(name) || state.previous[0] === '@') return 'number';
  if (DURATION_BUILTINS.has(name) || state.bracket === '[' || state.previous[0] === 'offset') return 'duration';
  if (state.bracket === 'grouping' || state.bracket === '{') return 'label';
  return isNumberPosition(state.previous) ? 'number' : 'metric';
}

function standIn(name: string, context: VariableContext): string {
  switch (context) {
    case 'duration':
      return STAND_IN_DURATION;
    case 'number':
      return STAND_IN_NUMBER;
    default:
      // The variable's own name: a valid string, label name and metric name, and readable.
      return name;
  }
}

interface Segment {
  readonly originalFrom: number;
  readonly originalTo: number;
  readonly from: number;
  readonly to: number;
}

function offsetMapper(segments: readonly Segment[]): (offset: number) => number {
  return (offset) => {
    let shift = 0;
    for (const segment of segments) {
      if (offset < segment.from) break;
      if (offset === segment.to) return segment.originalTo;
      if (offset < segment.to) return Math.min(segment.originalFrom + (offset - segment.from), segment.originalTo);
      shift = segment.to - segment.originalTo;
    }
    return offset - shift;
  };
}

export function substituteVariables(query: string, options: SubstitutionOptions = {}): Substitution {
  const matches = findVariables(query);
  const states = scanContexts(query, matches);
  const variables: TemplateVariable[] = [];
  const segments: Segment[] = [];
  let text = '';
  let copiedUpTo = 0;
  matches.forEach((match, i) => {
    const state = states[i];
    if (!state) return;
    const context = contextOf(match.name, state);
    const replacement = options.values?.[match.name] ?? standIn(match.name, context);
    text += query.slice(copiedUpTo, match.from);
    segments.push({
      originalFrom: match.from,
      originalTo: match.to,
      from: text.length,
      to: text.length + replacement.length,
    });
    text += replacement;
    copiedUpTo = match.to;
    variables.push({ ...match, context, replacement });
  });
  text += query.slice(copiedUpTo);
  return { text, variables, toOriginal: offsetMapper(segments) };
}

/** Substitutes the variables, parses, and reports diagnostics at their places in `query`. */
export function validateQuery(query: string, options: SubstitutionOptions = {}): Diagnostic[] {
  const substitution = substituteVariables(query, options);
  return parse(substitution.text).diagnostics.map((d) => ({
    ...d,
    from: substitution.toOriginal(d.from),
    to: Math.max(substitution.toOriginal(d.to), substitution.toOriginal(d.from)),
  }));
}
