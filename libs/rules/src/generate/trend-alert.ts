import {
  recordProblem,
  rememberPosition,
  type PersonaId,
  type QueryScope,
  type Tenant,
  type ThresholdId,
  type Unit,
} from '@plotwatch/platform';
import { duration, seconds } from '../model/duration.ts';
import { queryScope } from './compile-alert.ts';
import { humanizeLike } from './humanize.ts';
import type {
  AlertTestCase,
  InputSeries,
  Labels,
  PanelLink,
  PlatformAlert,
  Segment,
  Severity,
  TenantAlert,
  Template,
  ValueFormat,
} from '../model/model.ts';
import { formatOf, literal, thresholdParam, unknownThreshold, withParam } from './params.ts';
import { param, tpl, value } from './template.ts';
import { MARGIN } from './threshold-alert.ts';
import { perTenant } from './per-tenant.ts';

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

/** A gauge moving linearly from `start` by `perSecond`, and the labels of what the alert reports. */
export interface Trend {
  readonly series: (start: number, perSecond: number, steps: number) => InputSeries[];
  readonly labels: Labels;
  /** The gauge's value when the test starts. */
  readonly start: number;
  /** The level the projection must not pass: a backlog limit, zero free bytes. */
  readonly limit: number;
  readonly comparison: '>' | '<';
  /** How far ahead `predict_linear` looks. */
  readonly horizonSeconds: number;
  readonly interval: string;
  readonly evaluationInterval: string;
}

/**
 * Cases for `predict_linear(x[...], horizon) <comparison> limit` over a linear gauge. A trend only
 * ever gets closer to its limit, so "just above" and "just below" are about time: reaching the
 * limit 1% inside the horizon fires once `for` has passed, and is pending just before; 1% beyond it,
 * at the last check, stays silent throughout.
 */
export function trendCases(o: {
  readonly name: string;
  readonly severity: Severity;
  readonly for: string;
  readonly trend: Trend;
  readonly tenant?: Tenant | undefined;
}): AlertTestCase[] {
  const { trend } = o;
  const step = seconds(trend.evaluationInterval);
  const interval = seconds(trend.interval);
  const horizon = trend.horizonSeconds;
  // The fires case is laid out to cross at the second step; when 1% of the horizon is more than a step it
  // crosses sooner (activeAt).
  const firstChance = 2 * step;
  const lastCheck = firstChance + Math.ceil(seconds(o.for) / step) * step + 2 * step;
  const steps = Math.ceil(lastCheck / interval);
  // The gauge reaches the limit `reachedAt` seconds after the start.
  const perSecond = (reachedAt: number) => (trend.limit - trend.start) / reachedAt;
  const projected = (rate: number, t: number) => trend.start + rate * (t + horizon);
  const passes = (v: number) => (trend.comparison === '>' ? v > trend.limit : v < trend.limit);

  const firingRate = perSecond(firstChance + horizon * (1 - MARGIN));
  let activeAt = step;
  while (!passes(projected(firingRate, activeAt))) activeAt += step;
  const firingAt = activeAt + Math.ceil(seconds(o.for) / step) * step;
  const silentRate = perSecond(lastCheck + horizon * (1 + MARGIN));
  const common = { interval: trend.interval, evaluationInterval: trend.evaluationInterval };
  const away = (share: number) => duration(Math.round(horizon * share));
  return [
    {
      name: `${o.name}: fires when reaching ${trend.limit} in ${away(1 - MARGIN)} (horizon ${duration(horizon)})`,
      ...common,
      inputs: trend.series(trend.start, firingRate, steps),
      checks: [
        ...(firingAt > activeAt ? [{ at: duration(activeAt), firing: [] }] : []),
        {
          at: duration(firingAt),
          firing: [
            {
              severity: o.severity,
              labels: trend.labels,
              value: projected(firingRate, firingAt),
              ...(o.tenant ? { tenant: o.tenant } : {}),
            },
          ],
        },
      ],
    },
    {
      name: `${o.name}: silent when reaching ${trend.limit} in ${away(1 + MARGIN)} (horizon ${duration(horizon)})`,
      ...common,
      inputs: trend.series(trend.start, silentRate, steps),
      checks: [
        { at: duration(firingAt), firing: [] },
        { at: duration(lastCheck), firing: [] },
      ],
    },
  ];
}

function cases<S>(spec: TrendAlertSpec<S>, subject: S, limit: number, who: string, tenant: Tenant | undefined) {
  const { proof } = spec;
  return trendCases({
    name: `${spec.name}${who}`,
    severity: spec.severity,
    for: spec.for,
    tenant,
    trend: {
      series: (start, perSecond, steps) => proof.series(subject, start, perSecond, steps),
      labels: proof.labels(subject),
      start: proof.start,
      limit,
      comparison: spec.comparison,
      horizonSeconds: spec.horizonHours * 3600,
      interval: proof.interval,
      evaluationInterval: proof.evaluationInterval,
    },
  });
}

/** `predict_linear` against each tenant's own limit: the limit as a series for label tenants, inline for mimir ones. */
export function tenantTrendAlert(spec: TenantTrendSpec): TenantAlert {
  const limit = thresholdParam(spec.threshold);
  const alert: TenantAlert = {
    scope: 'tenant',
    name: spec.name,
    persona: spec.persona,
    dashboard: spec.dashboard,
    summary: spec.summary,
    ...(spec.service ? { service: spec.service } : {}),
    description: describe(spec, limit.format, param(limit)),
    rules: [
      {
        severity: spec.severity,
        for: spec.for,
        expr: (target) => withParam(projection(spec.gauge(queryScope(target)), spec), spec.comparison, limit, target),
      },
    ],
    tests: perTenant((tenant) => cases(spec, tenant.id, limit.valueOf(tenant), ` ${tenant.id}`, tenant)),
  };
  rememberPosition(alert);
  const unknown = unknownThreshold(spec.threshold);
  return unknown ? recordProblem(alert, unknown) : alert;
}

export function platformTrendAlert(spec: PlatformTrendSpec): PlatformAlert {
  const format = formatOf(spec.unit);
  return {
    scope: 'platform',
    name: spec.name,
    persona: spec.persona,
    dashboard: spec.dashboard,
    summary: spec.summary,
    ...(spec.service ? { service: spec.service } : {}),
    description: describe(spec, format, humanizeLike(format, spec.limit)),
    rules: [
      {
        severity: spec.severity,
        for: spec.for,
        expr: () => `${projection(spec.gauge(), spec)} ${spec.comparison} ${literal(spec.limit)}`,
      },
    ],
    tests: () => cases(spec, undefined, spec.limit, '', undefined),
  };
}
