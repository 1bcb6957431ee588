import { metricNamed, PLATFORM_SCOPE, selector, type Tenant } from '@plotwatch/platform';
import { queryScope } from './compile-alert.ts';
import type { RecordingRule, RuleTarget, TenantAlert, TenantParam } from '../model/model.ts';
import { pascal, SLO_LABEL, sloSeries } from '../model/naming.ts';
import { literal, paramSelector, paramSeriesRules, withParam } from './params.ts';
import {
  BASE_WINDOW,
  burnRatePolicies,
  errorBudget,
  RECORDED_SLI_WINDOWS,
  SLO_PERIOD,
  type BurnRatePolicy,
  type LatencySli,
  type SloSpec,
} from '../model/slo-policy.ts';
import { sloBurnCases, sloPresenceCases } from './slo-test.ts';
import { label, param, tpl, value } from './template.ts';
import { perTenant } from './per-tenant.ts';

export function budgetParam(spec: SloSpec): TenantParam {
  return {
    series: sloSeries.errorBudget,
    labels: { [SLO_LABEL]: spec.id },
    format: 'humanizePercentage',
    valueOf: (t) => errorBudget(spec.objective(t)),
  };
}

/**
 * The buckets counted as fast, with their weights: the threshold's own bucket, or the two around
 * it weighted linearly (the uniform-within-bucket assumption histogram_quantile makes too).
 */
export function latencyWeights(
  thresholdSeconds: number,
  buckets: readonly number[],
): Array<{ le: string; weight: number }> {
  const first = buckets[0]!;
  const last = buckets.at(-1)!;
  if (thresholdSeconds < first || thresholdSeconds > last) {
    throw new Error(
      `latency threshold ${thresholdSeconds}s lies outside the histogram's buckets (${first}s..${last}s): the SLI could not count it`,
    );
  }
  if (buckets.includes(thresholdSeconds)) return [{ le: String(thresholdSeconds), weight: 1 }];
  const hi = buckets.find((b) => b > thresholdSeconds)!;
  const lo = buckets[buckets.indexOf(hi) - 1]!;
  const share = Number(((thresholdSeconds - lo) / (hi - lo)).toPrecision(9));
  return [
    { le: String(lo), weight: Number((1 - share).toPrecision(9)) },
    { le: String(hi), weight: share },
  ];
}

function bucketsOf(sli: LatencySli): readonly number[] {
  const buckets = metricNamed(sli.histogram).buckets;
  if (!buckets) throw new Error(`${sli.histogram} is not a histogram with buckets in the catalog`);
  return buckets;
}

function weightParam(spec: SloSpec, sli: LatencySli, le: string): TenantParam {
  return {
    series: sloSeries.latencyWeight,
    labels: { [SLO_LABEL]: spec.id, le },
    format: 'decimal',
    valueOf: (t) => latencyWeights(sli.thresholdSeconds(t), bucketsOf(sli)).find((w) => w.le === le)?.weight ?? 0,
  };
}

/**
 * Per label tenant: its error budget, and for latency SLOs the weights of the buckets its
 * threshold falls in. Mimir tenants carry both inline instead.
 */
export function sloObjectiveRules(spec: SloSpec, tenants: readonly Tenant[]): RecordingRule[] {
  const budgets = paramSeriesRules(budgetParam(spec), tenants);
  if (spec.sli.kind !== 'latency') return budgets;
  const sli = spec.sli;
  const weights = tenants.flatMap((tenant) =>
    latencyWeights(sli.thresholdSeconds(tenant), bucketsOf(sli)).flatMap(({ le }) =>
      paramSeriesRules(weightParam(spec, sli, le), [tenant]),
    ),
  );
  return [...budgets, ...weights];
}

/** Fast requests per tenant: the weighted buckets, joined per tenant (shared) or inline (own namespace). */
function fastRequests(sli: LatencySli, spec: SloSpec, target: RuleTarget): string {
  const scope = queryScope(target);
  if (target.kind === 'own') {
    return latencyWeights(sli.thresholdSeconds(target.tenant), bucketsOf(sli))
      .map(
        ({ le, weight }) =>
          `sum by (tenant) (${selector(sli.bucketRates, scope, { le })})${weight === 1 ? '' : ` * ${literal(weight)}`}`,
      )
      .join(' + ');
  }
  const weights = `${sloSeries.latencyWeight}{${SLO_LABEL}=${JSON.stringify(spec.id)}}`;
  return `sum by (tenant) (${selector(sli.bucketRates, scope)} * on (tenant, le) group_left ${weights})`;
}

/** Bad and total events per second over 5m, for one target. */
function baseRates(spec: SloSpec, target: RuleTarget): { errors: string; requests: string } {
  const sli = spec.sli;
  const scope = queryScope(target);
  if (sli.kind === 'ratio')
    return { errors: `sum by (tenant) (${sli.errors(scope)})`, requests: `sum by (tenant) (${sli.requests(scope)})` };
  const requests = `sum by (tenant) (${selector(sli.bucketRates, scope, { le: '+Inf' })})`;
  return { errors: `${requests} - (${fastRequests(sli, spec, target)})`, requests };
}

/**
 * The SLI over every window the alerts read: 5m rates of bad and all events, then their sums
 * over each window. Longer windows read the two recorded series, never the raw histograms.
 */
export function sloIndicatorRules(spec: SloSpec, target: RuleTarget): RecordingRule[] {
  const labels = { [SLO_LABEL]: spec.id };
  const scope = queryScope(target);
  const recorded = (name: string) => selector(name, scope, labels);
  const base = baseRates(spec, target);
  const ratio = (window: string) =>
    window === BASE_WINDOW
      ? `${recorded(sloSeries.errors)} / ${recorded(sloSeries.requests)}`
      : `sum_over_time(${recorded(sloSeries.errors)}[${window}]) / sum_over_time(${recorded(sloSeries.requests)}[${window}])`;
  return [
    { record: sloSeries.errors, expr: base.errors, labels },
    { record: sloSeries.requests, expr: base.requests, labels },
    ...RECORDED_SLI_WINDOWS.map((window) => ({ record: sloSeries.errorRatio(window), expr: ratio(window), labels })),
  ];
}

/** How fast the error budget burns over a window: the error ratio over the budget. */
function burnRate(spec: SloSpec, window: string, target: RuleTarget): string {
  return withParam(
    selector(sloSeries.errorRatio(window), queryScope(target), { [SLO_LABEL]: spec.id }),
    '/',
    budgetParam(spec),
    target,
  );
}

/** Any of the policy's window pairs, each over both its windows; the value is the long window's burn rate. */
export function burnRateExpr(spec: SloSpec, policy: BurnRatePolicy, target: RuleTarget): string {
  return policy.windows
    .map(
      (w) => `(${burnRate(spec, w.long, target)} > ${w.factor} and ${burnRate(spec, w.short, target)} > ${w.factor})`,
    )
    .join(' or ');
}

export function burnAlertName(spec: SloSpec): string {
  return `${pascal(spec.id)}BudgetBurn`;
}

export function presenceAlertName(spec: SloSpec): string {
  return `${pascal(spec.id)}SliAbsent`;
}

/** How long a tenant's series may be missing before its SLO counts as blind, and how that is reported. */
const PRESENCE = { window: '10m', for: '15m', severity: 'ticket' } as const;

/**
 * Tenants with an objective but none of the SLI's raw series: in label tenancy the error-budget
 * series lists the tenants that should report, and each counts 0 series until it does; in a
 * mimir namespace `absent_over_time` does.
 */
function presenceExpr(spec: SloSpec, target: RuleTarget): string {
  if (target.kind === 'own') return `absent_over_time(${spec.presence(queryScope(target))}[${PRESENCE.window}])`;
  const reporting = `count by (tenant) (present_over_time(${spec.presence(PLATFORM_SCOPE)}[${PRESENCE.window}]))`;
  return `(${reporting} or on (tenant) 0 * group by (tenant) (${paramSelector(budgetParam(spec))})) == 0`;
}

/** The alerts of one SLO: its budget burn (a page and a ticket rule under one name), and its blindness. */
export function sloAlerts(spec: SloSpec): TenantAlert[] {
  const budget = budgetParam(spec);
  const base = { scope: 'tenant', persona: spec.persona, service: spec.service, dashboard: spec.dashboard } as const;
  const burn: TenantAlert = {
    ...base,
    name: burnAlertName(spec),
    summary: tpl`${spec.title} of tenant ${label('tenant')} is burning its error budget`,
    description: tpl`Tenant ${label('tenant')} spends the ${SLO_PERIOD} error budget of ${spec.title.toLowerCase()} ${value('humanize')} times as fast as its objective allows (its budget: ${param(budget)} of ${spec.badEvents}).`,
    rules: burnRatePolicies.map((policy) => ({
      severity: policy.severity,
      for: policy.for,
      expr: (target) => burnRateExpr(spec, policy, target),
    })),
    tests: perTenant((tenant) => sloBurnCases(spec, tenant, burnAlertName(spec))),
  };
  const presence: TenantAlert = {
    ...base,
    name: presenceAlertName(spec),
    summary: tpl`${spec.title} of tenant ${label('tenant')} has no data`,
    description: tpl`Tenant ${label('tenant')} has an SLO on ${spec.title.toLowerCase()}, but none of its series were scraped in the last ${PRESENCE.window}: its burn-rate alerts cannot fire.`,
    rules: [{ severity: PRESENCE.severity, for: PRESENCE.for, expr: (target) => presenceExpr(spec, target) }],
    tests: (tenants) => sloPresenceCases(spec, tenants, presenceAlertName(spec), PRESENCE),
  };
  return [burn, presence];
}
