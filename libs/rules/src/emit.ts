import { stringify } from 'yaml';
import type { Rule, RuleGroup } from './model.ts';

/** Key order Prometheus' own docs use, so generated files read like hand-written ones. */
function ruleDoc(rule: Rule): Record<string, unknown> {
  if ('record' in rule) return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: rule.labels } : {}) };
  return { alert: rule.alert, expr: rule.expr, for: rule.for, labels: rule.labels, annotations: rule.annotations };
}

function groupsDoc(groups: readonly RuleGroup[]) {
  return groups.map((g) => ({ name: g.name, interval: g.interval, rules: g.rules.map(ruleDoc) }));
}

const YAML_OPTIONS = { lineWidth: 0, singleQuote: false } as const;

/** A Prometheus rule file (`promtool check rules` format). */
export function prometheusRuleFile(groups: readonly RuleGroup[]): string {
  return stringify({ groups: groupsDoc(groups) }, YAML_OPTIONS);
}

/** A mimirtool rule file: one namespace of one tenant (`mimirtool rules load/sync`). */
export function mimirRuleFile(namespace: string, groups: readonly RuleGroup[]): string {
  return stringify({ namespace, groups: groupsDoc(groups) }, YAML_OPTIONS);
}
