/**
 * What lezer cannot take whole, taken in parts: deep nesting (`abs(abs(abs(…)))` two thousand times: its parse
 * stack stops at about 1,400 nested calls, and its tree building recurses) and long operator chains inside
 * brackets (`sum(a or b or …)`, see long-chains.ts). Prometheus has no such limits.
 *
 * A parenthesised group that opens STEP levels down and goes deeper still, or that holds more than SLICE
 * operators, has its expressions (each argument of a call or an aggregation) checked on their own first; each
 * then stands in for itself in the text around it, as a stand-in of the same length and type: an identifier
 * for an instant vector, `x[1m]` padded for a range vector, a number, a string. Same length, so positions stay
 * those of the expression; same type, so the function, operator or aggregation around it checks it as it would
 * the real one. Every part is checked once: the cost stays linear, and the stack grows by one call per STEP
 * levels of nesting.
 */
import type { Diagnostic } from '../diagnostic.ts';
import type { ValueType } from './functions.ts';
import { analyseChain, skipString, SLICE, WORD, type Analyse, type Analysis, type Texts } from './long-chains.ts';

/** Levels of nesting handed to lezer at a time: well within its limit for any construct. */
export const STEP = 400;

interface Group {
  readonly open: number;
  readonly close: number;
  /** The commas at its top level: between the arguments of a call or an aggregation. */
  readonly commas: readonly number[];
}

interface OpenBracket {
  readonly at: number;
  readonly char: string;
  readonly commas: number[];
  /** Brackets nested below it, STEP levels down or more. */
  deeper: boolean;
  /** Operators at its top level, roughly (a sign counts too): enough to tell a long chain. */
  operators: number;
}

const OPERATOR_WORDS = new Set(['and', 'or', 'unless', 'atan2']);

/** Letters, digits, `_`, `:` and `.`: where a name, keyword or number starts. */
function isWordStart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 58) ||
    code === 95 ||
    code === 46
  );
}

/**
 * The outermost `(…)` groups in [from, to) to check on their own: STEP levels down with deeper nesting inside,
 * or with more than SLICE operators. Undefined when the brackets do not balance (lezer reports what is wrong).
 */
function groupsToCheckAlone(text: string, from: number, to: number): Group[] | undefined {
  const groups: Group[] = [];
  const open: OpenBracket[] = [];
  for (let i = from; i < to;) {
    const char = text[i] ?? '';
    const top = open[open.length - 1];
    if (char === '"' || char === "'" || char === '`') {
      i = skipString(text, i, to);
      continue;
    }
    if (char === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 || end > to ? to : end;
      continue;
    }
    if (top && isWordStart(text.charCodeAt(i))) {
      WORD.lastIndex = i;
      const word = WORD.exec(text)?.[0] ?? char;
      if (OPERATOR_WORDS.has(word.toLowerCase())) top.operators++;
      i += word.length;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') {
      open.push({ at: i, char, commas: [], deeper: false, operators: 0 });
    } else if (char === ')' || char === ']' || char === '}') {
      const group = open.pop();
      if (!group) return undefined;
      const depth = open.length + 1;
      const atStep = open[STEP - 1];
      if (depth > STEP && atStep) atStep.deeper = true;
      const deep = depth === STEP && group.deeper;
      if (group.char === '(' && char === ')' && (deep || group.operators > SLICE))
        groups.push({ open: group.at, close: i, commas: group.commas });
    } else if (top && char === ',') {
      top.commas.push(i);
    } else if (top && '+-*/%^<>=!'.includes(char)) {
      top.operators++;
    }
    i++;
  }
  if (open.length > 0) return undefined;
  // Inner groups close first: keep the outermost, the others are checked with them.
  const outermost: Group[] = [];
  for (const group of groups.sort((a, b) => a.open - b.open)) {
    const last = outermost[outermost.length - 1];
    if (!last || group.open > last.close) outermost.push(group);
  }
  return outermost;
}

/** A text of `length` characters that parses as an expression of `type`. */
function standIn(type: ValueType | undefined, length: number): string {
  if (type === 'scalar') return '0'.repeat(length);
  if (type === 'string' && length >= 2) return `"${'a'.repeat(length - 2)}"`;
  if (type === 'matrix' && length >= 5) return `x${' '.repeat(length - 5)}[1m]`;
  return 'x'.repeat(length);
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r';
}

/** The diagnostics and type of the expression in [from, to): its parts first, then the rest around them. */
function analyseRange(texts: Texts, from: number, to: number, analyse: Analyse): Analysis {
  const groups = groupsToCheckAlone(texts.lezer, from, to) ?? [];
  let current = texts;
  const diagnostics: Diagnostic[] = [];
  for (const { open, close, commas } of groups) {
    const bounds = [open, ...commas, close];
    for (let i = 0; i + 1 < bounds.length; i++) {
      // Each argument on its own, without the blanks around it.
      let start = (bounds[i] ?? open) + 1;
      let end = bounds[i + 1] ?? close;
      while (start < end && isBlank(texts.lezer[start])) start++;
      while (end > start && isBlank(texts.lezer[end - 1])) end--;
      const part = analyseRange(texts, start, end, analyse);
      if (part.type === undefined || part.diagnostics.some((d) => d.severity === 'error')) return part;
      diagnostics.push(...part.diagnostics);
      const replacement = standIn(part.type, end - start);
      const edit = (text: string) => text.slice(0, start) + replacement + text.slice(end);
      current = { lezer: edit(current.lezer), checks: edit(current.checks) };
    }
  }
  const rest = analyseChain(current, from, to, analyse) ?? analyse(current.lezer, current.checks, from, to);
  return { diagnostics: [...diagnostics, ...rest.diagnostics], type: rest.type };
}

/**
 * The checks of an expression lezer cannot take whole, part by part; undefined when it can (no long chain, no
 * nesting deeper than STEP).
 */
export function analyseInParts(lezerText: string, text: string, analyse: Analyse): Analysis | undefined {
  if (text.length <= 2 * SLICE) return undefined;
  const texts = { lezer: lezerText, checks: text };
  const groups = groupsToCheckAlone(lezerText, 0, text.length);
  if (!groups || groups.length === 0) return analyseChain(texts, 0, text.length, analyse);
  return analyseRange(texts, 0, text.length, analyse);
}
