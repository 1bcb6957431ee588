import { describe, expect, it } from 'vitest';
import { unquote } from './string-literal.ts';

describe('unquote', () => {
  it.each([
    ['"plain"', 'plain'],
    ["'single'", 'single'],
    ['`raw \\d`', 'raw \\d'],
    ['"tab\\tnewline\\n"', 'tab\tnewline\n'],
    ['"\\"quoted\\""', '"quoted"'],
    ["'it\\'s'", "it's"],
    ['"\\\\"', '\\'],
    ['"\\x41\\101\\u00e9\\U0001F600"', 'AAé😀'],
    ['""', ''],
  ])('%s reads as %j', (literal, value) => {
    expect(unquote(literal)).toEqual({ ok: true, value });
  });

  it.each([
    ['"open', 'unterminated quoted string', 0],
    ['"ends with escaped quote\\"', 'unterminated quoted string', 0],
    ['"', 'unterminated quoted string', 0],
    ['"two\nlines"', 'unterminated quoted string', 0],
    ['"\\q"', 'unknown escape sequence "\\q"', 1],
    ['"\\\'"', 'unknown escape sequence "\\\'"', 1],
    ['"ab\\xZZ"', 'invalid escape "\\xZZ"', 3],
    ['"\\400"', 'invalid octal escape "\\400"', 1],
    ['"\\uD800"', 'invalid escape "\\uD800"', 1],
    ['"\\U00110000"', 'invalid escape "\\U00110000"', 1],
  ])('%s is rejected: %s at %i', (literal, message, at) => {
    expect(unquote(literal)).toEqual({ ok: false, message, at });
  });
});
