import {
  DEFAULT_TARGET,
  ruleFileFieldAvailability,
  type PrometheusTarget,
  type RuleFileField,
} from '@plotwatch/promql';
import type { Rule, RuleGroup } from '../model/model.ts';

// The plain rule file. The PrometheusRule CRD (prometheus-rule.ts) carries the same groups in its spec.

type RuleDoc =
  | { record: string; expr: string; labels?: Record<string, string> }
  | {
      alert: string;
      expr: string;
      for: string;
      keep_firing_for?: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    };

/** Key order Prometheus' own docs use, so generated files read like hand-written ones. */
export function ruleDoc(rule: Rule): RuleDoc {
  if ('record' in rule) {
    return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: { ...rule.labels } } : {}) };
  }
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: rule.for,
    ...(rule.keepFiringFor ? { keep_firing_for: rule.keepFiringFor } : {}),
    labels: { ...rule.labels },
    annotations: { ...rule.annotations },
  };
}

/**
 * What the target would refuse in these groups, one message per field naming the group (and alert), the
 * field and the version it needs: Prometheus refuses a whole rule file over one unknown field.
 */
export function refusedRuleFileFields(groups: readonly RuleGroup[], target: PrometheusTarget): string[] {
  const refusals: string[] = [];
  const check = (where: string, field: RuleFileField, present: boolean) => {
    const why = present ? ruleFileFieldAvailability(field, target) : undefined;
    if (why) refusals.push(`${where}: ${why}`);
  };
  for (const group of groups) {
    check(`group ${group.name}`, 'query_offset', group.queryOffset !== undefined);
    check(`group ${group.name}`, 'limit', group.limit !== undefined);
    check(`group ${group.name}`, 'labels', group.labels !== undefined);
    for (const rule of group.rules) {
      if ('alert' in rule) check(`alert ${rule.alert} of group ${group.name}`, 'keep_firing_for', !!rule.keepFiringFor);
    }
  }
  return refusals;
}

/** The groups as the rule file has them; throws what the target would refuse rather than write it. */
export function groupsDoc(groups: readonly RuleGroup[], target: PrometheusTarget = DEFAULT_TARGET) {
  const refusals = refusedRuleFileFields(groups, target);
  if (refusals.length) throw new Error(refusals.join('; '));
  return groups.map((g) => ({
    name: g.name,
    interval: g.interval,
    ...(g.queryOffset !== undefined ? { query_offset: g.queryOffset } : {}),
    ...(g.limit !== undefined ? { limit: g.limit } : {}),
    ...(g.labels !== undefined ? { labels: { ...g.labels } } : {}),
    rules: g.rules.map(ruleDoc),
  }));
}

/**
 * The document of a Prometheus rule file (`promtool check rules` format), or with `namespace`
 * of a mimirtool rule file (`mimirtool rules load/sync`); `toYaml` writes it. Mimir's ruler reads
 * Prometheus' rule format, so it is held to the same target.
 */
export function ruleFileDocument(
  groups: readonly RuleGroup[],
  namespace?: string,
  target: PrometheusTarget = DEFAULT_TARGET,
) {
  const doc = groupsDoc(groups, target);
  return namespace ? { namespace, groups: doc } : { groups: doc };
}
