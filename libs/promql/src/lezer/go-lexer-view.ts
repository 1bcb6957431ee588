/**
 * Where Prometheus 2.42's Go lexer reads a token that lezer-promql's grammar has no token for, lezer parses a
 * copy of the expression with that token rewritten into one it knows, of the same length: every offset in
 * the tree is an offset in the expression, and the checks read the text as written. Two such places:
 *   - `5.` is the number 5 in Go (`histogram_quantile(1./6., …)`); lezer's number needs a digit after the
 *     point, so the point becomes a blank. A point followed by a letter or digit is left (`5.m` is an
 *     error in Go too).
 *   - inside `[…]`, Go's lexer reads a letter that does not end a duration as the colon (`foo[5s x 5s]` is
 *     `foo[5s:5s]` in 2.42; later versions refuse it), once per bracket.
 * Strings and comments are left alone.
 */
const DIGIT = /[0-9]/;
const WORD_CHAR = /[\w:]/;
/** Go's isAlpha. */
const LETTER = /[A-Za-z_]/;

/** The offset after the string literal starting at `i`, or where an unterminated one stops. */
function skipString(expr: string, i: number): number {
  const quote = expr[i];
  for (let j = i + 1; j < expr.length; j++) {
    if (expr[j] === quote) return j + 1;
    if (expr[j] === '\\' && quote !== '`') j++;
    else if (expr[j] === '\n' && quote !== '`') return j;
  }
  return expr.length;
}

/** What may need rewriting, strings and comments aside: a point after a digit, a letter after a blank in `[…]`. */
const MAY_NEED_REWRITE = /[0-9]\.(?![0-9])|\[[^\]]*\s[A-Za-z_]/;

/** `lettersAsColon`: 2.x's lexer reads `foo[5s x 5s]` as `foo[5s:5s]`; Prometheus 3 refuses it (and has `step()` there). */
export function asLezerReadsIt(expr: string, lettersAsColon = true): string {
  if (!MAY_NEED_REWRITE.test(expr)) return expr;
  const text = expr.split('');
  let inBrackets = false;
  let gotColon = false;
  for (let i = 0; i < expr.length;) {
    const char = expr[i] ?? '';
    if (char === '"' || char === "'" || char === '`') {
      i = skipString(expr, i);
    } else if (char === '#') {
      const end = expr.indexOf('\n', i);
      i = end < 0 ? expr.length : end;
    } else if (DIGIT.test(char)) {
      // A number or duration: digits, then a unit or a point and more.
      let j = i;
      while (DIGIT.test(expr[j] ?? '')) j++;
      if (expr[j] === '.' && !/[\w.]/.test(expr[j + 1] ?? '') && !inBrackets) text[j] = ' ';
      while (/[\w.]/.test(expr[j] ?? '')) j++;
      i = j;
    } else if (inBrackets && LETTER.test(char) && !gotColon && lettersAsColon) {
      text[i] = ':';
      gotColon = true;
      i++;
    } else if (WORD_CHAR.test(char) && !inBrackets) {
      while (WORD_CHAR.test(expr[i] ?? '')) i++;
    } else {
      if (char === '[') [inBrackets, gotColon] = [true, false];
      else if (char === ']') inBrackets = false;
      else if (char === ':' && inBrackets) gotColon = true;
      i++;
    }
  }
  return text.join('');
}

/** The deepest nesting of brackets of any kind and runs of signs (`- - -x`), strings and comments aside. */
export function nestingDepth(expr: string): number {
  let depth = 0;
  let deepest = 0;
  let signs = 0;
  for (let i = 0; i < expr.length;) {
    const char = expr[i] ?? '';
    if (char === '"' || char === "'" || char === '`') {
      i = skipString(expr, i);
      signs = 0;
      continue;
    }
    if (char === '#') {
      const end = expr.indexOf('\n', i);
      i = end < 0 ? expr.length : end;
      continue;
    }
    if (char === '-' || char === '+') deepest = Math.max(deepest, depth + ++signs);
    else if (!/\s/.test(char)) signs = 0;
    if (char === '(' || char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ')' || char === ']' || char === '}') depth--;
    i++;
  }
  return deepest;
}
