import { alertComparison } from './rule/alert-comparison.ts';
import { alertFor } from './rule/alert-for.ts';
import type { Check } from './check.ts';
import { counterRate } from './promql/counter-rate.ts';
import { histogramQuantile } from './promql/histogram-quantile.ts';
import { rateInterval } from './promql/rate-interval.ts';
import { rateOnGauge } from './promql/rate-on-gauge.ts';
import { recordName } from './rule/record-name.ts';
import { ruleRateRange } from './promql/rule-rate-range.ts';
import { tenantIsolation } from './promql/tenant-isolation.ts';
import { unknownLabel } from './promql/unknown-label.ts';
import { unknownMetric } from './promql/unknown-metric.ts';
import { unproducedRecording } from './promql/unproduced-recording.ts';

export type { Check, CheckInput, Finding, LintContext } from './check.ts';

/** Every check, run on every expression the build produces. */
export const checks: readonly Check[] = [
  unknownMetric, unproducedRecording, unknownLabel, counterRate, rateOnGauge, histogramQuantile, tenantIsolation,
  rateInterval, ruleRateRange, alertComparison, alertFor, recordName,
];
