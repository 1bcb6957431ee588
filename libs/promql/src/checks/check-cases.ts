/** The test every check's `<name>.test.ts` runs over its cases (a test helper: it imports vitest). */
import { expect, it } from 'vitest';
import type { RegisteredCheck } from './check.ts';
import { caseFindings, isRuleSetCase, renderBadCases } from './examples.ts';

/**
 * Good cases pass the check; each bad one produces exactly one finding of it, whose message
 * matches `finds`; and the bad cases, printed as users see them (message, expression, caret),
 * equal `__snapshots__/<name>.txt` beside the check, so a finding pointing elsewhere fails.
 * Update a snapshot on purpose with `npx vitest run --project @plotwatch/promql -u`.
 */
export function checkCases(check: RegisteredCheck): void {
  const rows = check.cases.map((c) => [c.finds ? 'bad' : 'good', isRuleSetCase(c) ? c.title : c.expr, c] as const);
  it.each(rows)('%s: %s', (_kind, _label, c) => {
    const findings = caseFindings(check, c);
    if (c.finds) {
      expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(c.finds)]);
    } else {
      expect(findings).toEqual([]);
    }
  });

  it('prints its bad cases as its snapshot file holds them (message, expression, caret)', async () => {
    await expect(renderBadCases(check)).toMatchFileSnapshot(`./__snapshots__/${check.name.split('/')[1]}.txt`);
  });
}
