import {
  filesNeeded,
  promtoolTestFile,
  seconds,
  type AlertDefinition,
  type AlertDomainDefinition,
  type AlertForTarget,
  type AlertTestCase,
  type RuleFile,
  type RuleTarget,
} from '@plotwatch/rules';
import type { Artifact } from '../artifacts.ts';
import { promtoolTestPath, relativePath } from '../out-paths.ts';

/** A rule file of out/, with what generated it. */
export interface SourcedRuleFile extends RuleFile {
  readonly source: string;
}

/** An alert compiled for one target, with what its tests and its Grafana twin need. */
export interface CompiledForTarget extends AlertForTarget {
  readonly alert: AlertDefinition;
  readonly domain: AlertDomainDefinition;
  readonly target: RuleTarget;
}

/**
 * One promtool test file per alert and evaluation step, loading only the rule files its rules
 * read (promtool evaluates every loaded rule at every step), in evaluation order.
 */
export function testArtifacts(
  compiled: CompiledForTarget,
  cases: readonly AlertTestCase[],
  /** The rule files the alert may read, in evaluation order, its own last. */
  files: readonly SourcedRuleFile[],
  dir: string,
  source: string,
): Artifact[] {
  const alertFile = files.at(-1)!;
  const needed = [
    ...filesNeeded(
      compiled.rules.map((r) => r.expr),
      files.slice(0, -1),
    ),
    alertFile,
  ];
  const steps = [...new Set(cases.map((c) => c.evaluationInterval))].sort((a, b) => seconds(a) - seconds(b));
  return steps.map((step) => ({
    path: promtoolTestPath(dir, compiled.alert.name, steps.length > 1 ? step : undefined),
    kind: 'promtool-test',
    source,
    content: promtoolTestFile({
      ruleFiles: needed.map((f) => relativePath(dir, f.path)),
      groupOrder: needed.flatMap((f) => f.groups.map((g) => g.name)),
      alert: compiled.compiled,
      cases: cases.filter((c) => c.evaluationInterval === step),
    }),
  }));
}
