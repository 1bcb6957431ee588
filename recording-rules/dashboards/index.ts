// The pre-aggregations the dashboards read, so heavy panels query a few recorded series.
export { capacityRules, capacitySignals } from './capacity.ts';
export { engagementRules, engagementSignals } from './engagement.ts';
export { eventPipelineRules, eventSignals } from './event-pipeline.ts';
export { GENERATION_FAILURE_OUTCOMES, mlSignalRules, mlSignals } from './ml-signals.ts';
export { sloRules, sloSignals } from './slo.ts';
