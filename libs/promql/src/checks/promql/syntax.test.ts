import { describe, expect, it } from 'vitest';
import { lint, SYNTAX_CHECK } from '../../lint.ts';
import { DEFAULT_CONTEXT } from '../cases.ts';

// promql/syntax: the parser's own diagnostics (syntax, types, and regexes that RE2 would refuse).
describe(SYNTAX_CHECK, () => {
  it.each([
    ['rate(http_requests_total)', /expected type range vector in call to function "rate", got instant vector/],
    ['sum(rate(http_requests_total[5m])', /.+/],
    ['http_requests_total{route=~"a(?=b)"}', /invalid or unsupported Perl syntax/],
  ])('bad: %s', (expr, message) => {
    const findings = lint(expr, DEFAULT_CONTEXT);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.check === SYNTAX_CHECK)).toBe(true);
    expect(findings[0]!.message).toMatch(message);
  });

  it('maps positions back to the query as written, template variables included', () => {
    const query = 'sum(rate(http_requests_total{tenant="$tenant"}[$__rate_interval])) +';
    const [finding] = lint(query, { ...DEFAULT_CONTEXT, origin: 'dashboard' });
    expect(finding?.check).toBe(SYNTAX_CHECK);
    expect(finding!.from).toBeGreaterThanOrEqual(query.indexOf(')) +') + 2);
  });
});
