import { expect, it } from 'vitest';
import { lint } from '../lint.ts';
import type { Check, LintContext } from './check.ts';

export const DEFAULT_CONTEXT: LintContext = {
  origin: 'record',
  scrapeIntervalSeconds: 15,
  recorded: new Set(['tenant_service:http_requests:rate5m', 'tenant_service_le:http_request_duration_seconds_bucket:rate5m', 'tenant:story_api_error_ratio:threshold']),
  alertFor: { min: 60, max: 3600 },
};

export interface Case {
  readonly expr: string;
  readonly ctx?: Partial<LintContext>;
  /** The finding's message must match; absent for a good case. */
  readonly finds?: RegExp;
}

/** A check's table: good expressions pass it, bad ones produce exactly the expected finding. */
export function checkCases(check: Check, cases: readonly Case[]): void {
  it.each(cases.map((c) => [c.finds ? 'bad' : 'good', c.expr, c] as const))('%s: %s', (_kind, expr, c) => {
    const findings = lint(expr, { ...DEFAULT_CONTEXT, ...c.ctx }).filter((f) => f.check === check.name);
    if (c.finds) {
      expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(c.finds)]);
    } else {
      expect(findings).toEqual([]);
    }
  });
}
