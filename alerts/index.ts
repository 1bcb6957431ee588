import type { AlertDomainDefinition } from '@plotwatch/rules';
import { generationFailureRatioHigh, moderationRejectionSpike } from './ai/generation.ts';
import {
  inferenceLatencyHigh,
  modelDriftHigh,
  personalizationAccuracyLow,
  tokenThroughputCollapse,
} from './ai/models.ts';
import { storyApiTrafficAnomaly } from './anomaly/story-api-traffic.ts';
import { eventConsumerLagGrowing, eventDeadLetters } from './events/pipeline.ts';
import { serviceDown, serviceSeriesAbsent, targetDown } from './health/targets.ts';
import {
  containerCpuSaturated,
  containerCrashLooping,
  containerMemorySaturated,
  diskFillingUp,
  gpuMemorySaturated,
  gpuSaturated,
} from './infra/capacity.ts';
import { storyApiHighErrorRatio, storyApiHighLatency, storyApiSaturated } from './services/story-api.ts';
import { sloAlertDomains } from './slo/index.ts';
import { interactionResponseTimeHigh, storyCompletionRateDrop } from './ux/experience.ts';

const folder = (name: string) => new URL(`./${name}/`, import.meta.url).href;

/** Every alert domain the build compiles; each becomes one rule file and one group. */
export const alertDomains: readonly AlertDomainDefinition[] = [
  {
    domain: 'services',
    source: folder('services'),
    alerts: [storyApiHighErrorRatio, storyApiHighLatency, storyApiSaturated],
  },
  {
    domain: 'ai',
    source: folder('ai'),
    alerts: [
      generationFailureRatioHigh,
      moderationRejectionSpike,
      inferenceLatencyHigh,
      tokenThroughputCollapse,
      modelDriftHigh,
      personalizationAccuracyLow,
    ],
  },
  { domain: 'ux', source: folder('ux'), alerts: [interactionResponseTimeHigh, storyCompletionRateDrop] },
  { domain: 'events', source: folder('events'), alerts: [eventConsumerLagGrowing, eventDeadLetters] },
  { domain: 'anomaly', source: folder('anomaly'), alerts: [storyApiTrafficAnomaly] },
  {
    domain: 'infra',
    source: folder('infra'),
    alerts: [
      containerCpuSaturated,
      containerMemorySaturated,
      containerCrashLooping,
      gpuSaturated,
      gpuMemorySaturated,
      diskFillingUp,
    ],
  },
  { domain: 'health', source: folder('health'), alerts: [serviceDown, targetDown, serviceSeriesAbsent] },
  ...sloAlertDomains,
];
