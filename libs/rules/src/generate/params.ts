import {
  didYouMean,
  thresholdSpecs,
  THRESHOLD_IDS,
  type Tenant,
  type ThresholdId,
  type Unit,
} from '@plotwatch/platform';
import type { RecordingRule, RuleTarget, TenantParam, ValueFormat } from '../model/model.ts';
import { thresholdSeries } from '../model/naming.ts';

const FORMAT_OF_UNIT: Partial<Record<Unit, ValueFormat>> = {
  ratio: 'humanizePercentage',
  seconds: 'humanizeDuration',
  score: 'decimal',
  none: 'decimal',
};

/** How a value of this unit reads in an annotation. */
export function formatOf(unit: Unit): ValueFormat {
  return FORMAT_OF_UNIT[unit] ?? 'humanize';
}

/**
 * A threshold of thresholds.ts, as the tenant resolved it (tier default, then override). An id
 * that is not there (the definitions are not type-checked when they run) gives a param all the
 * same: the definition's constructor records `unknownThreshold(id)` and the build reports it.
 */
export function thresholdParam(id: ThresholdId): TenantParam {
  return {
    series: thresholdSeries(id),
    labels: {},
    format: formatOf((thresholdSpecs[id] as (typeof thresholdSpecs)[ThresholdId] | undefined)?.unit ?? 'none'),
    valueOf: (tenant) => tenant.thresholds[id],
  };
}

/** What is wrong with a threshold id, if it is not one of thresholds.ts. */
export function unknownThreshold(id: string): string | undefined {
  if ((THRESHOLD_IDS as readonly string[]).includes(id)) return undefined;
  return `unknown threshold id "${id}"${didYouMean(id, THRESHOLD_IDS)}: the thresholds are defined in libs/platform/src/thresholds.ts`;
}

/** The param's series for the given tenants: `vector(<value>)` labelled with the tenant. */
export function paramSeriesRules(param: TenantParam, tenants: readonly Tenant[]): RecordingRule[] {
  return tenants.map((tenant) => ({
    record: param.series,
    expr: `vector(${literal(param.valueOf(tenant))})`,
    labels: { tenant: tenant.id, ...param.labels },
  }));
}

/** `tenant_slo:error_budget:ratio{slo="x"}`: the selector of a param's series. */
export function paramSelector(param: TenantParam): string {
  const matchers = Object.entries(param.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return matchers.length ? `${param.series}{${matchers.join(', ')}}` : param.series;
}

/**
 * `left <op> param`, per target: joined `on (tenant)` with the param's series for every label
 * tenant at once, or the tenant's value inline. The result keeps the left side's labels.
 */
export function withParam(left: string, op: string, param: TenantParam, target: RuleTarget): string {
  switch (target.kind) {
    case 'shared':
      return `${left} ${op} on (tenant) group_left ${paramSelector(param)}`;
    case 'own':
      return `${left} ${op} ${literal(param.valueOf(target.tenant))}`;
    case 'platform':
      throw new Error(
        `per-tenant value ${param.series} used in a platform-scope rule: platform rules read platformAlerting`,
      );
  }
}

/** A number as PromQL and YAML print it back: 12 significant digits, so `1 - 0.999` reads 0.001. */
export function literal(value: number): string {
  return String(Number(value.toPrecision(12)));
}
