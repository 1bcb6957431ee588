import { thresholdSpecs, type PersonaId, type QueryScope, type Tenant, type ThresholdId, type Unit } from '@plotwatch/platform';
import { queryScope } from './compile-alert.ts';
import { humanizeLike } from './humanize.ts';
import type { InputSeries, Labels, PanelLink, PlatformAlert, Severity, TenantAlert, ValueFormat } from '../model/model.ts';
import { formatOf, literal, thresholdParam, withParam } from './params.ts';
import { trendCases } from '../proofs/proofs.ts';
import { param, tpl, value, type Segment, type Template } from './template.ts';

interface TrendAlertSpec<S> {
  readonly name: string;
  readonly severity: Severity;
  readonly for: string;
  readonly persona: PersonaId;
  readonly service?: string;
  readonly summary: Template;
  /** What is heading where, in words; the prediction and the limit are appended. */
  readonly description: Template;
  readonly dashboard: PanelLink;
  /** The gauge whose trend is extrapolated, and the range the trend is fitted over. */
  readonly range: string;
  readonly horizonHours: number;
  readonly comparison: '>' | '<';
  readonly proof: {
    /** A gauge moving linearly from `start` by `perSecond`, `steps + 1` samples every `interval`. */
    readonly series: (subject: S, start: number, perSecond: number, steps: number) => InputSeries[];
    readonly labels: (subject: S) => Labels;
    readonly start: number;
    readonly interval: string;
    readonly evaluationInterval: string;
  };
}

/** A tenant's gauge predicted to pass the tenant's own limit (a threshold) within the horizon. */
export interface TenantTrendSpec extends TrendAlertSpec<string> {
  readonly gauge: (scope: QueryScope) => string;
  readonly threshold: ThresholdId;
}

/** A gauge of the shared infrastructure predicted to pass a fixed limit (an empty disk) within the horizon. */
export interface PlatformTrendSpec extends TrendAlertSpec<void> {
  readonly gauge: () => string;
  readonly limit: number;
  readonly unit: Unit;
}

function projection<S>(gauge: string, spec: TrendAlertSpec<S>): string {
  return `predict_linear(${gauge}[${spec.range}], ${spec.horizonHours * 3600})`;
}

function describe<S>(spec: TrendAlertSpec<S>, format: ValueFormat, limit: Segment): Template {
  return [...spec.description, ...tpl` In ${`${spec.horizonHours}h`}: ${value(format)} predicted, limit ${limit}.`];
}

function cases<S>(spec: TrendAlertSpec<S>, subject: S, limit: number, who: string, tenant: Tenant | undefined) {
  const { proof } = spec;
  return trendCases({
    name: `${spec.name}${who}`, severity: spec.severity, for: spec.for, tenant,
    trend: {
      series: (start, perSecond, steps) => proof.series(subject, start, perSecond, steps), labels: proof.labels(subject),
      start: proof.start, limit, comparison: spec.comparison, horizonSeconds: spec.horizonHours * 3600,
      interval: proof.interval, evaluationInterval: proof.evaluationInterval,
    },
  });
}

/** `predict_linear` against each tenant's own limit: the limit as a series for label tenants, inline for mimir ones. */
export function tenantTrendAlert(spec: TenantTrendSpec): TenantAlert {
  const limit = thresholdParam(spec.threshold);
  return {
    scope: 'tenant', name: spec.name, persona: spec.persona, dashboard: spec.dashboard, summary: spec.summary,
    ...(spec.service ? { service: spec.service } : {}),
    description: describe(spec, formatOf(thresholdSpecs[spec.threshold].unit), param(limit)),
    rules: [{ severity: spec.severity, for: spec.for, expr: (target) => withParam(projection(spec.gauge(queryScope(target)), spec), spec.comparison, limit, target) }],
    tests: (tenants) => tenants.flatMap((tenant) => cases(spec, tenant.id, limit.valueOf(tenant), ` ${tenant.id}`, tenant)),
  };
}

export function platformTrendAlert(spec: PlatformTrendSpec): PlatformAlert {
  const format = formatOf(spec.unit);
  return {
    scope: 'platform', name: spec.name, persona: spec.persona, dashboard: spec.dashboard, summary: spec.summary,
    ...(spec.service ? { service: spec.service } : {}),
    description: describe(spec, format, humanizeLike(format, spec.limit)),
    rules: [{ severity: spec.severity, for: spec.for, expr: () => `${projection(spec.gauge(), spec)} ${spec.comparison} ${literal(spec.limit)}` }],
    tests: () => cases(spec, undefined, spec.limit, '', undefined),
  };
}
