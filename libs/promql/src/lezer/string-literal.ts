/**
 * PromQL string literals as the Go lexer reads them: `"…"` and `'…'` with Go escapes, and raw
 * `` `…` `` without any. lezer-promql's token is looser (a missing closing quote still makes a
 * string), so the rules are applied here.
 */

interface Failure {
  readonly ok: false;
  readonly message: string;
  /** Offset in the literal. */
  readonly at: number;
}
export type Unquoted = { readonly ok: true; readonly value: string } | Failure;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};
/** Escape letter -> how many digits follow and in which base. */
const NUMERIC_ESCAPES: Readonly<Record<string, { digits: number; pattern: RegExp; radix: number }>> = {
  x: { digits: 2, pattern: /^[0-9a-fA-F]{2}$/, radix: 16 },
  u: { digits: 4, pattern: /^[0-9a-fA-F]{4}$/, radix: 16 },
  U: { digits: 8, pattern: /^[0-9a-fA-F]{8}$/, radix: 16 },
};
const MAX_CODE_POINT = 0x10ffff;

function failure(message: string, at: number): Failure {
  return { ok: false, message, at };
}

/** One escape starting at `body[i] === '\\'`: its value and length, or a failure. */
function readEscape(body: string, i: number, quote: string): { value: string; length: number } | Failure {
  const letter = body[i + 1] ?? '';
  const simple = SIMPLE_ESCAPES[letter];
  if (simple !== undefined) return { value: simple, length: 2 };
  if (letter === quote) return { value: quote, length: 2 };
  if (/[0-7]/.test(letter)) {
    const digits = body.slice(i + 1, i + 4);
    const code = parseInt(digits, 8);
    if (!/^[0-7]{3}$/.test(digits) || code > 255) return failure(`invalid octal escape "\\${digits}"`, i);
    return { value: String.fromCharCode(code), length: 4 };
  }
  const numeric = NUMERIC_ESCAPES[letter];
  if (numeric) {
    const digits = body.slice(i + 2, i + 2 + numeric.digits);
    const code = parseInt(digits, numeric.radix);
    const isSurrogate = code >= 0xd800 && code <= 0xdfff;
    if (!numeric.pattern.test(digits) || code > MAX_CODE_POINT || (letter !== 'x' && isSurrogate)) {
      return failure(`invalid escape "\\${letter}${digits}"`, i);
    }
    return { value: String.fromCodePoint(code), length: 2 + numeric.digits };
  }
  return failure(`unknown escape sequence "\\${letter}"`, i);
}

function unquoteEscaped(literal: string, quote: string): Unquoted {
  const body = literal.slice(1, -1);
  let value = '';
  for (let i = 0; i < body.length;) {
    const char = body[i] ?? '';
    if (char === '\n') return failure('unterminated quoted string', 0);
    if (char !== '\\') {
      value += char;
      i += 1;
      continue;
    }
    const escape = readEscape(body, i, quote);
    if ('ok' in escape) return { ...escape, at: escape.at + 1 };
    value += escape.value;
    i += escape.length;
  }
  return { ok: true, value };
}

function isTerminated(literal: string, quote: string): boolean {
  if (literal.length < 2 || !literal.endsWith(quote)) return false;
  if (quote === '`') return true;
  // An odd run of backslashes before the last quote escapes it.
  const backslashes = /\\*$/.exec(literal.slice(1, -1))?.[0].length ?? 0;
  return backslashes % 2 === 0;
}

export function unquote(literal: string): Unquoted {
  const quote = literal[0] ?? '';
  if (!isTerminated(literal, quote)) return failure('unterminated quoted string', 0);
  if (quote === '`') return { ok: true, value: literal.slice(1, -1) };
  return unquoteEscaped(literal, quote);
}
