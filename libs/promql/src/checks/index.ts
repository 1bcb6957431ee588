import type { Check, RegisteredCheck } from './check.ts';
import { counterRate } from './promql/counter-rate.ts';
import { histogramQuantile } from './promql/histogram-quantile.ts';
import { rateInterval } from './promql/rate-interval.ts';
import { rateOnGauge } from './promql/rate-on-gauge.ts';
import { ruleRateRange } from './promql/rule-rate-range.ts';
import { syntax } from './promql/syntax.ts';
import { tenantIsolation } from './promql/tenant-isolation.ts';
import { unknownLabel } from './promql/unknown-label.ts';
import { unknownMetric } from './promql/unknown-metric.ts';
import { unproducedRecording } from './promql/unproduced-recording.ts';
import { alertComparison } from './rule/alert-comparison.ts';
import { alertFor } from './rule/alert-for.ts';
import { duplicate } from './rule/duplicate.ts';
import { recordName } from './rule/record-name.ts';

export type {
  Check,
  CheckCase,
  CheckDoc,
  CheckInput,
  ExpressionCase,
  Finding,
  LintContext,
  RegisteredCheck,
  RuleSetCase,
} from './check.ts';

/** Every expression check, run by `lint()` on every expression the build produces, in this order. */
export const checks: readonly Check[] = [
  unknownMetric,
  unproducedRecording,
  unknownLabel,
  counterRate,
  rateOnGauge,
  histogramQuantile,
  tenantIsolation,
  rateInterval,
  ruleRateRange,
  alertComparison,
  alertFor,
  recordName,
];

/**
 * Every check there is, in the order of docs/checks.md: `promql/syntax` (run by `lint()` before
 * the others), the expression checks, and `rule/duplicate` (run by `duplicateRules()` over a
 * set of rules). A finding's `check` is always one of these names.
 */
export const registry: readonly RegisteredCheck[] = [syntax, ...checks, duplicate];
