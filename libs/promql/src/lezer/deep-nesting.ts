/**
 * Deep nesting (`abs(abs(abs(…)))` two thousand times), which lezer cannot take whole: its parse stack stops at
 * about 1,400 nested calls, with a syntax error where it stopped, and its tree building recurses. Prometheus
 * has no such limit.
 *
 * So the parenthesised groups that open STEP levels down and go deeper still have their expressions (each
 * argument of a call or aggregation) checked on their own first, which then stand in for themselves in the
 * text around them, as a stand-in of the same length and type: an identifier for an
 * instant vector, `x[1m]` padded for a range vector, a number, a string. Same length, so positions stay those
 * of the expression; same type, so the function, operator or aggregation around the group checks it as it
 * would the real one. Each level of groups is checked once: the cost stays linear, the stack flat.
 */
import type { Diagnostic } from '../diagnostic.ts';
import type { ValueType } from './functions.ts';
import type { Analyse, Analysis } from './long-chains.ts';

/** Levels of nesting handed to lezer at a time: well within its limit for any construct. */
export const STEP = 400;

interface Group {
  readonly open: number;
  readonly close: number;
  /** The commas at its top level: between the arguments of a call or an aggregation. */
  readonly commas: readonly number[];
}

function skipString(text: string, i: number, to: number): number {
  const quote = text[i];
  for (let j = i + 1; j < to; j++) {
    if (text[j] === quote) return j + 1;
    if (text[j] === '\\' && quote !== '`') j++;
  }
  return to;
}

/**
 * The `(…)` groups in [from, to) that open at depth STEP and have deeper nesting inside; undefined when the
 * brackets do not balance (lezer then reports what is wrong).
 */
function deepGroups(text: string, from: number, to: number): Group[] | undefined {
  const groups: Group[] = [];
  /** Per open bracket: where it opened, whether a comma or deeper nesting was seen at its top. */
  const open: { at: number; char: string; commas: number[]; deeper: boolean }[] = [];
  for (let i = from; i < to;) {
    const char = text[i] ?? '';
    if (char === '"' || char === "'" || char === '`') {
      i = skipString(text, i, to);
      continue;
    }
    if (char === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 || end > to ? to : end;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') {
      open.push({ at: i, char, commas: [], deeper: false });
    } else if (char === ')' || char === ']' || char === '}') {
      const group = open.pop();
      if (!group) return undefined;
      const depth = open.length + 1;
      if (depth > STEP) {
        for (const outer of open.slice(STEP - 1, STEP)) outer.deeper = true;
      }
      if (depth === STEP && group.char === '(' && char === ')' && group.deeper)
        groups.push({ open: group.at, close: i, commas: group.commas });
    } else if (char === ',' && open.length > 0) {
      open[open.length - 1]?.commas.push(i);
    }
    i++;
  }
  return open.length === 0 ? groups : undefined;
}

/** A text of `length` characters that parses as an expression of `type`. */
function standIn(type: ValueType | undefined, length: number): string {
  if (type === 'scalar') return '0'.repeat(length);
  if (type === 'string' && length >= 2) return `"${'a'.repeat(length - 2)}"`;
  if (type === 'matrix' && length >= 5) return `x${' '.repeat(length - 5)}[1m]`;
  return 'x'.repeat(length);
}

interface Texts {
  readonly lezer: string;
  readonly checks: string;
}

function analyseRange(texts: Texts, from: number, to: number, analyse: Analyse): Analysis {
  const groups = deepGroups(texts.lezer, from, to) ?? [];
  let current = texts;
  const diagnostics: Diagnostic[] = [];
  for (const { open, close, commas } of groups) {
    // Each argument on its own, without the blanks around it.
    const bounds = [open, ...commas, close];
    for (let i = 0; i + 1 < bounds.length; i++) {
      let start = (bounds[i] ?? open) + 1;
      let end = bounds[i + 1] ?? close;
      while (start < end && /\s/.test(texts.lezer[start] ?? '')) start++;
      while (end > start && /\s/.test(texts.lezer[end - 1] ?? '')) end--;
      const inner = analyseRange(texts, start, end, analyse);
      if (inner.type === undefined || inner.diagnostics.some((d) => d.severity === 'error')) return inner;
      diagnostics.push(...inner.diagnostics);
      const replacement = standIn(inner.type, end - start);
      const edit = (text: string) => text.slice(0, start) + replacement + text.slice(end);
      current = { lezer: edit(current.lezer), checks: edit(current.checks) };
    }
  }
  const outer = analyse(current.lezer, current.checks, from, to);
  return { diagnostics: [...diagnostics, ...outer.diagnostics], type: outer.type };
}

/** The checks of an expression nested deeper than STEP, level by level; undefined when it is not one. */
export function analyseDeepNesting(lezerText: string, text: string, analyse: Analyse): Analysis | undefined {
  if (text.length < 2 * STEP) return undefined;
  const groups = deepGroups(lezerText, 0, text.length);
  if (!groups || groups.length === 0) return undefined;
  return analyseRange({ lezer: lezerText, checks: text }, 0, text.length, analyse);
}
