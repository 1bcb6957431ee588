import { alertComparison } from './alert-comparison.ts';
import { alertFor } from './alert-for.ts';
import type { Check } from './check.ts';
import { counterRate } from './counter-rate.ts';
import { histogramQuantile } from './histogram-quantile.ts';
import { rateInterval } from './rate-interval.ts';
import { rateOnGauge } from './rate-on-gauge.ts';
import { recordName } from './record-name.ts';
import { ruleRateRange } from './rule-rate-range.ts';
import { tenantIsolation } from './tenant-isolation.ts';
import { unknownLabel } from './unknown-label.ts';
import { unknownMetric } from './unknown-metric.ts';
import { unproducedRecording } from './unproduced-recording.ts';

export type { Check, CheckInput, Finding, LintContext } from './check.ts';

/** Every check, run on every expression the build produces. */
export const checks: readonly Check[] = [
  unknownMetric, unproducedRecording, unknownLabel, counterRate, rateOnGauge, histogramQuantile, tenantIsolation,
  rateInterval, ruleRateRange, alertComparison, alertFor, recordName,
];
