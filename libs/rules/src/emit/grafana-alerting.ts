import { QueryBuilder, RuleBuilder, RuleGroupBuilder, type RuleGroup } from '@grafana/grafana-foundation-sdk/alerting';
import { TypeMathBuilder } from '@grafana/grafana-foundation-sdk/expr';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { createHash } from 'node:crypto';
import type { AlertingRule, CompiledAlert, RuleTarget, Template, TenantParam } from '../model/model.ts';
import { paramSelector } from '../generate/params.ts';
import { grafanaTemplate } from '../generate/template.ts';

/** Grafana's server-side expressions run on this pseudo datasource. */
const EXPRESSIONS = { type: '__expr__', uid: '__expr__' };
/** The alert's PromQL, and the expression that makes every series it returns an alert instance. */
const QUERY = 'A';
const CONDITION = 'C';
/** Instant queries look back no further than Prometheus' own lookback. */
const LOOKBACK_SECONDS = 600;

export interface GrafanaRuleInput {
  /** The Prometheus form: its expression (threshold included), `for` and labels are reused as they are. */
  readonly rule: AlertingRule;
  /** The same rule's annotation templates, rendered in Grafana's flavour. */
  readonly compiled: CompiledAlert['rules'][number];
  /** Unique within the folder: Grafana names alert instances by the rule's title. */
  readonly title: string;
  readonly target: RuleTarget;
  readonly datasourceUid: string;
  readonly folderUid: string;
  readonly group: string;
}

function paramsOf(annotations: Readonly<Record<string, Template>>): TenantParam[] {
  const found = Object.values(annotations).flatMap((t) =>
    t.flatMap((s) => (typeof s === 'object' && 'param' in s ? [s.param] : [])),
  );
  return [...new Set(found)];
}

function instantQuery(refId: string, datasourceUid: string, expr: string): QueryBuilder {
  return new QueryBuilder(refId)
    .datasourceUid(datasourceUid)
    .relativeTimeRange({ from: LOOKBACK_SECONDS, to: 0 })
    .model(new DataqueryBuilder().expr(expr).instant().refId(refId));
}

/**
 * One Grafana-managed alert rule from a compiled Prometheus rule, built with the foundation
 * SDK: query A is the rule's own expression (it returns only the series past their threshold),
 * condition C makes each of them an instance. Grafana's templates have no `query`, so a shared
 * rule's per-tenant values are fetched by queries of their own (T1, T2, ...), matched to each
 * instance by its labels.
 */
export function grafanaRule(input: GrafanaRuleInput): RuleBuilder {
  const { rule, compiled, target } = input;
  const params = target.kind === 'shared' ? paramsOf(compiled.annotations) : [];
  const refOf = (p: TenantParam) => `T${params.indexOf(p) + 1}`;
  const annotations = Object.fromEntries(
    Object.entries(compiled.annotations).map(([k, t]) => [k, grafanaTemplate(t, target, QUERY, refOf)]),
  );
  const builder = new RuleBuilder(input.title)
    .uid(`pw-${createHash('sha256').update(`${input.folderUid}/${input.title}`).digest('hex').slice(0, 16)}`)
    .folderUID(input.folderUid)
    .ruleGroup(input.group)
    .orgID(1)
    .queries([
      instantQuery(QUERY, input.datasourceUid, rule.expr),
      ...params.map((p) =>
        instantQuery(refOf(p), input.datasourceUid, `(${rule.expr}) * 0 + on (tenant) group_left ${paramSelector(p)}`),
      ),
      new QueryBuilder(CONDITION)
        .datasourceUid(EXPRESSIONS.uid)
        .model(new TypeMathBuilder().datasource(EXPRESSIONS).expression(`is_number($${QUERY})`).refId(CONDITION)),
    ])
    .condition(CONDITION)
    .forDuration(rule.for)
    .labels({ ...rule.labels })
    .annotations(annotations)
    // Nothing past its threshold returns no series at all: that is the healthy state.
    .noDataState('OK')
    .execErrState('Error');
  // Grafana's rule model has Prometheus' keep_firing_for under the same name.
  return rule.keepFiringFor ? builder.keepFiringFor(rule.keepFiringFor) : builder;
}

/** A rule group, the body of Grafana's `PUT /api/v1/provisioning/folder/{folderUid}/rule-groups/{group}`. */
export function grafanaRuleGroup(
  title: string,
  folderUid: string,
  intervalSeconds: number,
  rules: readonly RuleBuilder[],
): RuleGroup {
  return new RuleGroupBuilder(title)
    .folderUid(folderUid)
    .interval(intervalSeconds)
    .rules([...rules])
    .build();
}
