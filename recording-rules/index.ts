import type { RecordingGroupDefinition } from '@plotwatch/rules';
import { aiAlertingRules } from './ai/ai-alerting.ts';
import { storyApiTrafficAnomalyRules } from './anomaly/story-api-traffic.ts';
import { goldenSignalRules } from './services/golden-signals.ts';
import {
  capacityRules,
  dailyTotalRules,
  engagementRules,
  eventPipelineRules,
  latencyQuantileRules,
  mlSignalRules,
  sloRules,
} from './dashboards/index.ts';
import { uxAlertingRules } from './ux/ux-alerting.ts';

export { goldenSignals } from './services/golden-signals.ts';
export {
  capacitySignals,
  dailyTotals,
  DISK_FORECAST,
  LAG_GROWTH_WINDOW,
  engagementSignals,
  eventSignals,
  GENERATION_FAILURE_OUTCOMES,
  isRecordedQuantile,
  LATENCY_PERCENTILES,
  latencyQuantile,
  latencyQuantiles,
  mlSignals,
  sloSignals,
  type LatencyQuantiles,
} from './dashboards/index.ts';
export { aiSignals } from './ai/ai-alerting.ts';
export { uxSignals } from './ux/ux-alerting.ts';
export { SEASONS, trafficAnomaly } from './anomaly/story-api-traffic.ts';
export { slos } from './slo/index.ts';

/** Every recording-rule group the build compiles, in evaluation order: a group reads only the groups above it. */
export const recordingGroups: readonly RecordingGroupDefinition[] = [
  goldenSignalRules,
  mlSignalRules,
  eventPipelineRules,
  engagementRules,
  sloRules,
  capacityRules,
  // Percentiles and daily totals, over the rates above.
  latencyQuantileRules,
  dailyTotalRules,
  // Alerting signals, over the pre-aggregations above.
  aiAlertingRules,
  uxAlertingRules,
  storyApiTrafficAnomalyRules,
];
