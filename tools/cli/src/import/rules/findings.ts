import { lintContextBase } from '@plotwatch/build/lint-context';
import { findMetric, TENANT_LABEL } from '@plotwatch/platform/catalog';
import { environments } from '@plotwatch/platform/environments';
import { formatFinding, lint, type LintContext } from '@plotwatch/promql';
import type { MetricUse } from '../shared/catalog-entries.ts';
import { selectorsIn, structure, type Expr } from './expr.ts';
import type { ReadRule, ReadRuleFile } from './read.ts';

function functionsAround(e: Expr, name: string, within: readonly string[] = []): readonly string[] {
  switch (e.t) {
    case 'sel':
      return e.metric === name ? within : [];
    case 'fn':
      return e.args.flatMap((a) => functionsAround(a, name, [...within, e.name]));
    case 'agg':
      return e.args.flatMap((a) => functionsAround(a, name, within));
    case 'bin':
      return [...functionsAround(e.lhs, name, within), ...functionsAround(e.rhs, name, within)];
    case 'neg':
      return functionsAround(e.arg, name, within);
    default:
      return [];
  }
}

/**
 * The raw metrics the file's rules read that neither the catalog nor the file's own recording
 * rules define: the build refuses them until their catalog entries are added.
 */
export function uncataloguedMetrics(file: ReadRuleFile): Array<readonly [string, MetricUse[]]> {
  const recorded = recordedIn(file);
  const uses = new Map<string, MetricUse[]>();
  for (const rule of file.groups.flatMap((g) => g.rules)) {
    const top = structure(rule.expr);
    for (const s of selectorsIn(top)) {
      if (!s.metric || recorded.has(s.metric) || s.metric.includes(':') || findMetric(s.metric)) continue;
      const use: MetricUse = {
        name: s.metric,
        labels: new Set(s.matchers.map((m) => m.label).filter((l) => l !== '__name__' && l !== TENANT_LABEL)),
        functions: new Set(functionsAround(top, s.metric)),
        tenantMatched: s.matchers.some((m) => m.label === TENANT_LABEL),
      };
      uses.set(s.metric, [...(uses.get(s.metric) ?? []), use]);
    }
  }
  return [...uses].sort(([a], [b]) => a.localeCompare(b));
}

/** The series the file's own recording rules record. */
export function recordedIn(file: ReadRuleFile): Set<string> {
  return new Set(file.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'record' ? [r.record] : []))));
}

/** A rule's context for `lint`, from what every expression of the environment has. */
export function ruleContext(base: Omit<LintContext, 'origin'>, rule: ReadRule): LintContext {
  return {
    ...base,
    origin: rule.kind,
    rule: rule.kind === 'record' ? { record: rule.record } : rule.for ? { for: rule.for } : {},
  };
}

/**
 * What the build's PromQL checks will say of the imported rules, before they are written
 * (unknown metrics aside: `uncataloguedMetrics` lists those with their catalog entries).
 */
export function buildFindings(file: ReadRuleFile, repoRecorded: ReadonlySet<string> = new Set()): string[] {
  const base = lintContextBase(environments.prod, new Set([...repoRecorded, ...recordedIn(file)]));
  return file.groups
    .flatMap((g) => g.rules)
    .flatMap((rule: ReadRule) =>
      lint(rule.expr, ruleContext(base, rule))
        .filter((f) => f.check !== 'promql/unknown-metric')
        .map((f) => formatFinding(`${file.file}: ${rule.path}.expr`, rule.expr, f)),
    );
}
