import type { ExpressionCase, RegisteredCheck } from '../check.ts';

/**
 * The parser's own diagnostics, reported before any other check (which need a valid tree):
 * `lint()` runs it, so it has no `run` of its own.
 */
export const syntax: RegisteredCheck & { readonly cases: readonly ExpressionCase[] } = {
  name: 'promql/syntax',
  doc: 'The expression does not parse as Prometheus 2.42 parses it: a syntax or type error, or a regex RE2 refuses.',
  details:
    'Prometheus refuses to load a rule file with such an expression, and Grafana shows an error instead of ' +
    'the panel. The checks follow the Go parser of Prometheus 2.42 (the promtool the platform runs), which is ' +
    'stricter than the grammar of the editor: label regexes are RE2 (no lookahead or backreferences), `offset` ' +
    'and `@` go after the range, and syntax newer than 2.42 is refused with a message that says so. Fix the ' +
    "expression at the caret; `npx plotwatch lint-promql '<expr>'` checks one expression on its own (a file of " +
    'them with `--file`, a rule file with `--rules`, and with `--catalog` the other expression checks of this page).',
  cases: [
    { expr: 'sum(rate(http_requests_total[5m]))' },
    { expr: 'http_requests_total{route=~"/stories/.+"}' },
    {
      expr: 'rate(http_requests_total)',
      finds: /expected type range vector in call to function "rate", got instant vector/,
    },
    { expr: 'sum(rate(http_requests_total[5m])', finds: /unexpected end of input/ },
    { expr: 'http_requests_total{route=~"a(?=b)"}', finds: /invalid or unsupported Perl syntax/ },
    { expr: 'rate(http_requests_total offset 5m[5m])', finds: /no offset modifiers allowed before range/ },
  ],
};
