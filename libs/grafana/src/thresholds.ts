import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { thresholdSpecs, type Tenant, type ThresholdId } from '@plotwatch/platform';

/**
 * A value a signal should stay on one side of, and where it comes from (said in the panel's
 * description). `bad: 'above'` for latencies and error ratios, `'below'` for accuracy or SLIs.
 */
export interface Limit {
  readonly value: number;
  readonly label: string;
  readonly bad: 'above' | 'below';
}

/** Threshold colours: one palette for every panel. */
export const colors = { good: 'green', warning: 'orange', bad: 'red', neutral: 'blue' } as const;

/** The tenant's resolved value of a threshold: the very number its alert compares against. */
export function tenantLimit(tenant: Pick<Tenant, 'thresholds'>, id: ThresholdId, bad: Limit['bad'] = 'above'): Limit {
  return {
    value: tenant.thresholds[id],
    label: `the alert threshold (${thresholdSpecs[id].description.toLowerCase()})`,
    bad,
  };
}

/** Green on the good side of the limit, red on the bad side. */
export function limitThresholds(limit: Limit): dashboard.ThresholdsConfigBuilder {
  const [below, above] = limit.bad === 'above' ? [colors.good, colors.bad] : [colors.bad, colors.good];
  return stepThresholds([
    { value: null, color: below },
    { value: limit.value, color: above },
  ]);
}

/**
 * Plain steps, for panels whose colours are not one limit (an error budget: red, orange, green);
 * `percentage` steps are shares of the panel's min-max range, as an imported panel may have them.
 */
export function stepThresholds(
  steps: ReadonlyArray<{ value: number | null; color: string }>,
  mode: 'absolute' | 'percentage' = 'absolute',
): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(mode === 'percentage' ? dashboard.ThresholdsMode.Percentage : dashboard.ThresholdsMode.Absolute)
    .steps(steps.map((s) => ({ ...s })));
}

/** A panel without a limit is coloured neutrally (no green that suggests "fine"). */
export function neutralThresholds(): dashboard.ThresholdsConfigBuilder {
  return stepThresholds([{ value: null, color: colors.neutral }]);
}
