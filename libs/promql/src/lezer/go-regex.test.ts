import { describe, expect, it } from 'vitest';
import { compileGoRegex } from './go-regex.ts';

function matches(pattern: string, value: string): boolean {
  const compiled = compileGoRegex(pattern);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.regex.test(value);
}

describe('compileGoRegex', () => {
  it.each([
    // pattern, a value it matches (anchored), one it does not
    ['api|web', 'web', 'webapp'],
    ['(?i)API', 'api', 'apis'],
    ['(?i:a)b', 'Ab', 'Ac'],
    ['(?s).+', 'a\nb', ''],
    ['(?P<name>a)(?P<name>b)', 'ab', 'a'],
    ['\\Qa.b\\E', 'a.b', 'axb'],
    ['\\d+\\.\\d+', '1.5', '1x5'],
    ['[[:alpha:]]', 'x', ''],
    ['\\pL+', 'abc', ''],
    ['a{,5}', 'a{,5}', 'aaa'],
    ['[]a]+', ']a', 'b'],
    ['\\-\\/', '-/', '/'],
    ['\\0', '\0', '0'],
    ['\\x41', 'A', 'x41'],
    ['a{1000}', 'a'.repeat(1000), 'a'],
  ])('%s compiles and matches like RE2', (pattern, matching, notMatching) => {
    expect(matches(pattern, matching)).toBe(true);
    expect(matches(pattern, notMatching)).toBe(false);
  });

  it.each([
    ['(', 'Unterminated group'],
    ['[a', 'Unterminated character class'],
    ['a**', 'Nothing to repeat'],
    ['*a', 'Nothing to repeat'],
    ['[z-a]', 'Range out of order'],
    ['a{2,1}', 'numbers out of order'],
    ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?<n>a)', 'invalid or unsupported Perl syntax: `(?<`'],
    ['(?#c)', 'invalid or unsupported Perl syntax: `(?#`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['\\Z', 'invalid escape sequence: `\\Z`'],
    ['\\e', 'invalid escape sequence: `\\e`'],
    ['\\xZZ', 'invalid escape sequence: `\\x`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
    ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
    ['\\', 'trailing backslash at end of expression'],
  ])('%s is rejected: %s', (pattern, message) => {
    const compiled = compileGoRegex(pattern);
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? '' : compiled.message).toContain(message);
  });
});
