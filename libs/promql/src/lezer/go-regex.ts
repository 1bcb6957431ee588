/**
 * The regular expressions of `=~` and `!~` matchers, which Prometheus compiles with Go's RE2 at
 * parse time (anchored). JavaScript has no RE2, so the pattern is scanned for what RE2 rejects
 * (look-arounds, back-references, unknown escapes, repeat counts over 1000), RE2-only syntax is
 * translated (`(?i)`, `(?P<name>`, `\Q…\E`, `\pL`, `[[:alpha:]]`, `\A`, `\z`), and the result
 * is compiled by JavaScript, which finds the rest (unbalanced groups, bad ranges, `a**`).
 * Character classes that only RE2 knows become "any character", and flags apply to the whole
 * pattern: good enough to compile it and to tell whether it matches the empty string, not to
 * match real values exactly.
 */

export type GoRegex = { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly message: string };

type Piece = { readonly text: string; readonly length: number } | { readonly error: string };

const MAX_REPEAT = 1000;
const ANY_CHAR = '[\\s\\S]';
const ANY_CHAR_IN_CLASS = '\\s\\S';
const KEPT_ESCAPES = new Set(['f', 'n', 'r', 't', 'v', 'd', 'D', 's', 'S', 'w', 'W', 'b', 'B']);
const OCTAL = /^[0-7]{1,3}/;
const POSIX_CLASS = /^\[:\^?(\w+):\]/;
const POSIX_CLASS_NAMES = new Set([
  'alnum',
  'alpha',
  'ascii',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'word',
  'xdigit',
]);

function invalidEscape(pattern: string, at: number): Piece {
  return { error: `invalid escape sequence: \`${pattern.slice(at, at + 2)}\`` };
}

function quoteLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** `\Q…\E`: everything up to `\E` (or the end) is literal. */
function quotedRun(pattern: string, at: number): Piece {
  const end = pattern.indexOf('\\E', at + 2);
  const literal = pattern.slice(at + 2, end === -1 ? undefined : end);
  return { text: quoteLiteral(literal), length: (end === -1 ? pattern.length : end + 2) - at };
}

/** `\pL`, `\p{Greek}`, `\PL`, `\x{10FFFF}`: a braced or one-letter argument. */
function argumentLength(pattern: string, at: number): number {
  if (pattern[at + 2] !== '{') return 3;
  const close = pattern.indexOf('}', at + 3);
  return close === -1 ? pattern.length - at : close + 1 - at;
}

function escapePiece(pattern: string, at: number, inClass: boolean): Piece {
  const letter = pattern[at + 1];
  if (letter === undefined) return { error: 'trailing backslash at end of expression' };
  if (KEPT_ESCAPES.has(letter)) return { text: `\\${letter}`, length: 2 };
  switch (letter) {
    case 'Q':
      return quotedRun(pattern, at);
    case 'p':
    case 'P':
      return { text: inClass ? ANY_CHAR_IN_CLASS : ANY_CHAR, length: argumentLength(pattern, at) };
    case 'x':
      if (pattern[at + 2] === '{')
        return { text: inClass ? ANY_CHAR_IN_CLASS : ANY_CHAR, length: argumentLength(pattern, at) };
      return /^[0-9a-fA-F]{2}$/.test(pattern.slice(at + 2, at + 4))
        ? { text: pattern.slice(at, at + 4), length: 4 }
        : invalidEscape(pattern, at);
    case 'a':
      return { text: '\\x07', length: 2 };
    case 'A':
      return { text: '(?<![\\s\\S])', length: 2 };
    case 'z':
      return { text: '(?![\\s\\S])', length: 2 };
  }
  if (/[0-7]/.test(letter)) {
    // RE2 reads `\0` and multi-digit runs as octal; a lone `\1`..`\7` would be a back-reference.
    const digits = OCTAL.exec(pattern.slice(at + 1))?.[0] ?? '';
    if (letter !== '0' && digits.length === 1) return invalidEscape(pattern, at);
    return { text: `\\${digits}`, length: 1 + digits.length };
  }
  // Escaped punctuation stands for itself; an escaped letter or digit RE2 does not know is an error.
  if (/[0-9A-Za-z]/.test(letter)) return invalidEscape(pattern, at);
  return { text: `\\${letter}`, length: 2 };
}

/** `(?flags)`, `(?flags:`, `(?P<name>`; anything else after `(?` is Perl syntax RE2 lacks. */
function groupPiece(pattern: string, at: number, flags: Set<string>): Piece {
  const rest = pattern.slice(at);
  // Go allows a name twice, JavaScript does not; the name matters to neither check.
  const named = /^\(\?P<\w+>/.exec(rest);
  if (named) return { text: '(', length: named[0].length };
  const flagGroup = /^\(\?([imsU-]*)([:)])/.exec(rest);
  if (!flagGroup) return { error: `invalid or unsupported Perl syntax: \`${rest.slice(0, 3)}\`` };
  const [whole, letters = '', close] = flagGroup;
  const enabled = letters.split('-')[0] ?? '';
  for (const flag of enabled) if (flag !== 'U') flags.add(flag);
  return { text: close === ':' ? '(?:' : '', length: whole.length };
}

function repeatPiece(pattern: string, at: number): Piece | undefined {
  const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(at));
  if (!repeat) return undefined;
  const counts = [repeat[1], repeat[2]].filter((count) => count !== undefined && count !== '').map(Number);
  if (counts.some((count) => count > MAX_REPEAT)) return { error: `invalid repeat count: \`${repeat[0]}\`` };
  return { text: repeat[0], length: repeat[0].length };
}

/** `[:alpha:]` inside a class. */
function posixClassPiece(pattern: string, at: number): Piece {
  const [whole, name = ''] = POSIX_CLASS.exec(pattern.slice(at)) ?? [''];
  if (!POSIX_CLASS_NAMES.has(name)) return { error: `invalid character class range: \`${whole}\`` };
  return { text: ANY_CHAR_IN_CLASS, length: whole.length };
}

/** `[`, then an optional `^`, then a `]` that RE2 takes as a literal. */
function classOpening(pattern: string, at: number): Piece {
  const opening = /^\[\^?\]?/.exec(pattern.slice(at))?.[0] ?? '[';
  return { text: opening.endsWith(']') ? `${opening.slice(0, -1)}\\]` : opening, length: opening.length };
}

function translate(pattern: string): { source: string; flags: Set<string> } | { error: string } {
  const flags = new Set<string>();
  let source = '';
  let inClass = false;
  for (let at = 0; at < pattern.length;) {
    const char = pattern[at];
    let piece: Piece;
    if (char === '\\') piece = escapePiece(pattern, at, inClass);
    else if (inClass && POSIX_CLASS.test(pattern.slice(at))) piece = posixClassPiece(pattern, at);
    else if (inClass) {
      inClass = char !== ']';
      piece = { text: char === '[' ? '\\[' : (char ?? ''), length: 1 };
    } else if (char === '[') {
      inClass = true;
      piece = classOpening(pattern, at);
    } else if (char === '(' && pattern[at + 1] === '?') piece = groupPiece(pattern, at, flags);
    else piece = (char === '{' ? repeatPiece(pattern, at) : undefined) ?? { text: char ?? '', length: 1 };
    if ('error' in piece) return piece;
    source += piece.text;
    at += piece.length;
  }
  return { source, flags };
}

export function compileGoRegex(pattern: string): GoRegex {
  const translated = translate(pattern);
  if ('error' in translated) return { ok: false, message: `error parsing regexp: ${translated.error}` };
  try {
    return { ok: true, regex: new RegExp(`^(?:${translated.source})$`, [...translated.flags].join('')) };
  } catch (e) {
    return {
      ok: false,
      message: `error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
    };
  }
}
