import { describe, expect, it } from 'vitest';
import { lint } from '../../lint.ts';
import { checkCases } from '../check-cases.ts';
import { EXAMPLE_CONTEXT } from '../examples.ts';
import { syntax } from './syntax.ts';

describe(syntax.name, () => {
  checkCases(syntax);

  it('maps positions back to the query as written, template variables included', () => {
    const query = 'sum(rate(http_requests_total{tenant="$tenant"}[$__rate_interval])) +';
    const [finding] = lint(query, { ...EXAMPLE_CONTEXT, origin: 'dashboard' });
    expect(finding?.check).toBe(syntax.name);
    expect(finding!.from).toBeGreaterThanOrEqual(query.indexOf(')) +') + 2);
  });
});
