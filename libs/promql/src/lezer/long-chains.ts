/**
 * Long flat chains of binary operators (`a or b or c …`, hundreds to thousands of terms), which lezer cannot
 * parse whole: after 300 left-associative reductions of 2,000 characters or more it forces the rule closed to
 * keep the tree shallow (a deliberate limit of @lezer/lr), which leaves a syntax error in the middle of a valid
 * chain, and on deeper trees its tree building recurses out of stack.
 *
 * So such a chain is checked in slices of at most SLICE operators of its lowest precedence, each short enough
 * for lezer. The operator that starts a slice needs its left operand, everything before it: the slice is
 * parsed with that left part replaced by a stand-in of the same length and the same type (an identifier for an
 * instant vector, a number for a scalar, a string for a string). Same length, so every position in a slice is
 * a position in the expression; same type, so the operator between the stand-in and the slice's first term is
 * checked as the Go parser checks it (left-associative: its left operand is everything before it). A term of
 * the chain that is itself a long chain of a higher precedence is checked the same way first, and stands in
 * for itself in the slices. Cost: linear in the number of slices times their length, and no recursion deeper
 * than the six precedence levels.
 */
import type { Diagnostic } from '../diagnostic.ts';
import type { ValueType } from './functions.ts';

/** Operators of the lowest precedence per slice: lezer counts about two reductions each, against its limit of 300. */
export const SLICE = 100;

/** The Go parser's precedence levels, lowest first; `^` is right-associative. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};
const RIGHT_ASSOCIATIVE = 6;
/** A word (name, keyword) or a number or duration, Go's lexer's way: from where it starts to where it ends. */
/** A name, keyword or number, read from `lastIndex` (sticky). */
export const WORD = /[A-Za-z_:][\w:]*|[0-9.](?:[eE][+-]|[\w.])*/y;
const SYMBOL = /==|!=|<=|>=|[-+*/%^<>]/y;
const MODIFIERS = new Set(['bool', 'on', 'ignoring', 'group_left', 'group_right']);
/** Words after which an operand has not ended: `x offset 5m`, `sum by (a) (x)`, `x @ start()`. */
const OPERAND_CONTINUES = new Set(['offset', 'by', 'without']);

export interface Analysis {
  readonly diagnostics: readonly Diagnostic[];
  readonly type: ValueType | undefined;
}

/**
 * Parses and checks [from, to) of `text` (`lezerText` is what lezer reads, see go-lexer-view.ts), its first
 * characters replaced by `prefix`; positions are those of the whole text.
 */
export type Analyse = (lezerText: string, text: string, from: number, to: number, prefix?: string) => Analysis;

interface Operator {
  readonly from: number;
  readonly precedence: number;
}

/**
 * The binary operators outside any brackets in [from, to), or undefined when the text is not one chain of
 * terms (a comma, a matcher outside braces): then the whole is left to lezer, which reports what is wrong.
 */
function topLevelOperators(text: string, from: number, to: number): Operator[] | undefined {
  const operators: Operator[] = [];
  let depth = 0;
  let operandEnded = false;
  /** The depth at which a modifier's label list opened, so that its `)` does not end an operand. */
  let modifierDepth = -1;
  for (let i = from; i < to;) {
    const char = text[i] ?? '';
    if (char === ' ' || char === '\n' || char === '\t' || char === '\r') {
      i++;
    } else if (char === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 || end > to ? to : end;
    } else if (char === '"' || char === "'" || char === '`') {
      i = skipString(text, i, to);
      if (depth === 0) [operandEnded, modifierDepth] = [true, -1];
    } else if (char === '(' || char === '[' || char === '{') {
      depth++;
      i++;
    } else if (char === ')' || char === ']' || char === '}') {
      depth--;
      i++;
      if (depth < 0) return undefined;
      if (depth === 0) operandEnded = modifierDepth !== 0;
      if (depth === modifierDepth) modifierDepth = -1;
    } else if (depth > 0) {
      i++;
    } else {
      WORD.lastIndex = i;
      const word = WORD.exec(text)?.[0];
      if (word) {
        const lower = word.toLowerCase();
        const precedence = PRECEDENCE[lower];
        modifierDepth = -1;
        if (precedence !== undefined && operandEnded) {
          operators.push({ from: i, precedence });
          operandEnded = false;
        } else if (MODIFIERS.has(lower) && !operandEnded) {
          if (lower !== 'bool') modifierDepth = 0;
        } else {
          operandEnded = !OPERAND_CONTINUES.has(lower);
        }
        i += word.length;
        continue;
      }
      modifierDepth = -1;
      if (char === '@') {
        operandEnded = false;
        i++;
        continue;
      }
      SYMBOL.lastIndex = i;
      const symbol = SYMBOL.exec(text)?.[0];
      if (!symbol) return undefined;
      if (operandEnded) {
        operators.push({ from: i, precedence: PRECEDENCE[symbol] ?? 0 });
        operandEnded = false;
      } else if (symbol !== '-' && symbol !== '+') {
        return undefined;
      }
      i += symbol.length;
    }
  }
  return depth === 0 ? operators : undefined;
}

/** Past the string literal that starts at `i` (its closing quote), or `to` when it does not close before. */
export function skipString(text: string, i: number, to: number): number {
  const quote = text[i];
  for (let j = i + 1; j < to; j++) {
    if (text[j] === quote) return j + 1;
    if (text[j] === '\\' && quote !== '`') j++;
  }
  return to;
}

/** A text of `length` (1 or 2) characters that parses as an expression of `type`, then a blank. */
function standIn(type: ValueType | undefined, length: number): string {
  const text = type === 'scalar' ? '0' : type === 'string' ? '""' : 'x';
  return (text + ' ').slice(0, length);
}

/** Texts for lezer and for the checks, the same edit made to both. */
export interface Texts {
  readonly lezer: string;
  readonly checks: string;
}

function splice(texts: Texts, from: number, to: number, replacement: string): Texts {
  const edit = (text: string) => text.slice(0, from) + replacement + text.slice(to);
  return { lezer: edit(texts.lezer), checks: edit(texts.checks) };
}

/** A stand-in for a term [from, to): its own length, its type (an identifier, a number, a string). */
function termStandIn(type: ValueType | undefined, length: number): string {
  if (type === 'scalar') return '0'.repeat(length);
  if (type === 'string' && length >= 2) return `"${'a'.repeat(length - 2)}"`;
  return 'x'.repeat(length);
}

/**
 * The diagnostics and type of the chain in [from, to) of the texts; undefined when it is not a long chain
 * (lezer takes it whole).
 */
export function analyseChain(texts: Texts, from: number, to: number, analyse: Analyse): Analysis | undefined {
  // More than SLICE operators need at least one character each and one between them.
  if (to - from <= 2 * SLICE) return undefined;
  const operators = topLevelOperators(texts.lezer, from, to);
  if (!operators || operators.length <= SLICE) return undefined;
  const lowest = Math.min(...operators.map((o) => o.precedence));
  if (lowest === RIGHT_ASSOCIATIVE) return undefined;
  const splits = operators.filter((o) => o.precedence === lowest).map((o) => o.from);
  // Terms that are long chains themselves: checked on their own, then a stand-in of their length.
  let current = texts;
  const bounds = [from, ...splits, to];
  let next = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const end = bounds[i + 1] ?? to;
    let inner = 0;
    for (; next < operators.length && (operators[next]?.from ?? to) < end; next++) inner++;
    if (i > 0) inner--; // the operator that starts the term
    if (inner <= SLICE) continue;
    // The term without the blanks around it, which keep it apart from the operators once it is a stand-in.
    let termFrom = i === 0 ? from : operatorEnd(texts.lezer, bounds[i] ?? from);
    let termTo = bounds[i + 1] ?? to;
    while (termFrom < termTo && /\s/.test(texts.lezer[termFrom] ?? '')) termFrom++;
    while (termTo > termFrom && /\s/.test(texts.lezer[termTo - 1] ?? '')) termTo--;
    const term = analyseChain(texts, termFrom, termTo, analyse);
    if (!term) continue;
    if (term.diagnostics.length > 0) return term;
    current = splice(current, termFrom, termTo, termStandIn(term.type, termTo - termFrom));
  }
  // Slices of at most SLICE operators of the lowest level; each after the first parsed from a stand-in of
  // everything before it, in the (at most two) characters before its first operator.
  const diagnostics: Diagnostic[] = [];
  let type: ValueType | undefined;
  for (let k = 0; k <= splits.length; k += SLICE) {
    const sliceFrom = k === 0 ? from : (splits[k] ?? to);
    const sliceTo = splits[k + SLICE] ?? to;
    const left = k === 0 ? 0 : Math.min(2, sliceFrom - from);
    const result = analyse(current.lezer, current.checks, sliceFrom - left, sliceTo, standIn(type, left));
    diagnostics.push(...result.diagnostics);
    if (result.type === undefined) break;
    type = result.type;
  }
  return { diagnostics, type };
}

/** Where the operator starting at `from` ends, with its modifiers (`+ on(a) group_left(b)`, `== bool`). */
function operatorEnd(text: string, from: number): number {
  const match =
    /^(?:[a-zA-Z0-9_]+|[-+*/%^<>=!]+)(?:\s*(?:bool|on|ignoring|group_left|group_right)\b\s*(?:\([^)]*\))?)*/i.exec(
      text.slice(from, from + 2000),
    );
  return from + (match?.[0].length ?? 1);
}
