import { parser } from '@prometheus-io/lezer-promql';
import type { Diagnostic } from '../diagnostic.ts';
import { runNodeChecks, type NodeCheck } from './node-checks.ts';

/** A check's diagnostics as `from-to message`, so tables stay readable. */
export function runChecks(checks: readonly NodeCheck[], expr: string): string[] {
  return runNodeChecks(expr, parser.parse(expr), checks).map(formatDiagnostic);
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.from}-${d.to} ${d.message}`;
}
