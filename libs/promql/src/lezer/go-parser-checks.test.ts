import { describe, expect, it } from 'vitest';
import { goParserChecks } from './go-parser-checks.ts';
import { runChecks } from './test-helpers.ts';

describe('checks for what only the Go parser rejects', () => {
  it.each([
    ['up{job=~"("}', ['8-11 error parsing regexp: /^(?:()$/: Unterminated group']],
    ['up{job!~"(?=a)"}', ['8-15 error parsing regexp: invalid or unsupported Perl syntax: `(?=`']],
    ['{job=~".*"}', ['0-11 vector selector must contain at least one non-empty matcher']],
    ['{job!~"a", env=""}', ['0-18 vector selector must contain at least one non-empty matcher']],
    ['up[5]', ['3-4 missing unit character in duration "5"']],
    ['up[0s]', ['3-5 duration must be greater than 0']],
    ['up offset 0s', ['10-12 duration must be greater than 0']],
    ['up[1000y]', ['3-8 duration out of range']],
    ['time() - 5m', ['9-11 unexpected duration "5m"']],
    ['1_000', ['0-5 bad number syntax: "1_000"']],
    ['up @ 5m', ['5-7 unexpected "5m" in @, expected timestamp']],
    ['up @ NaN', ['5-8 timestamp out of bounds for @ modifier: NaN']],
    [
      'sum(up) offset 5m',
      ['0-17 offset modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
    ],
    ['up offset 1m @ 5 offset 2m', ['0-26 offset may not be set multiple times']],
    [
      'rate(up[5m]) - rate(up[5m]) offset 1d',
      ['0-37 offset modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
    ],
    ['sum(up)[5m]', ['0-11 ranges only allowed for vector selectors']],
    ['up offset 1m [5m]', ['0-17 no offset modifiers allowed before range']],
    ['up - up[5m:]', ['0-12 binary expression must contain only scalar and instant vector types']],
    [
      '-up[5m:]',
      ['0-8 unary expression only allowed on expressions of type scalar or instant vector, got range vector'],
    ],
    ['sum(a, b)', ['0-9 wrong number of arguments for aggregate expression provided, expected 1, got 2']],
    ['topk(1, 2, up)', ['0-14 wrong number of arguments for aggregate expression provided, expected 2, got 3']],
  ])('%s', (expr, expected) => {
    expect(runChecks(goParserChecks, expr)).toEqual(expected);
  });

  it.each([
    'up{job=~"a|b", env!~"dev.*"}',
    '{job!=""}',
    'up[1h30m:1m] offset -5m @ start()',
    'up - up offset 1d',
    '-up offset 5m @ 100',
    '- 1',
    '0x1F + Inf',
    'up offset 5m [10m:]',
    'topk(3, up) by (job)',
  ])('%s passes', (expr) => {
    expect(runChecks(goParserChecks, expr)).toEqual([]);
  });
});
