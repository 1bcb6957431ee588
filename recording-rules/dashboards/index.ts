// The pre-aggregations the dashboards read, so heavy panels query a few recorded series.
export { capacityRules, capacitySignals, DISK_FORECAST } from './capacity.ts';
export { dailyTotalRules, dailyTotals } from './daily-totals.ts';
export { engagementRules, engagementSignals } from './engagement.ts';
export { eventPipelineRules, eventSignals, LAG_GROWTH_WINDOW } from './event-pipeline.ts';
export {
  isRecordedQuantile,
  LATENCY_PERCENTILES,
  latencyQuantile,
  latencyQuantileRules,
  latencyQuantiles,
  type LatencyQuantiles,
} from './latency.ts';
export { GENERATION_FAILURE_OUTCOMES, mlSignalRules, mlSignals } from './ml-signals.ts';
export { sloRules, sloSignals } from './slo.ts';
