import { platformAlerting, PLATFORM_SCOPE, selector } from '@plotwatch/platform';
import { recordName, type RecordingGroupDefinition } from '@plotwatch/rules';
import { goldenSignals } from '../services/golden-signals.ts';

/** Traffic is compared with the same hour of these previous weeks. */
export const SEASONS = ['1w', '2w', '3w'] as const;

const level = ['tenant', 'service'];
/**
 * Seasonal band of story-api traffic per tenant: the hourly mean now, and the mean and standard
 * deviation of the same hour over the previous weeks; the z-score says how far outside it lies.
 */
export const trafficAnomaly = {
  hourly: recordName(level, 'http_requests', 'rate5m_avg1h'),
  seasonalMean: recordName(level, 'http_requests', `rate5m_avg1h_mean${SEASONS.length}w`),
  seasonalStddev: recordName(level, 'http_requests', `rate5m_avg1h_stddev${SEASONS.length}w`),
  zscore: recordName(level, 'http_requests', `rate5m_avg1h_zscore${SEASONS.length}w`),
} as const;

const storyApi = (name: string) => selector(name, PLATFORM_SCOPE, { service: 'story-api' });
const seasonal = (f: (past: string) => string) =>
  SEASONS.map((w) => f(`${storyApi(trafficAnomaly.hourly)} offset ${w}`));
const floor = `${platformAlerting.anomaly.minStddevShareOfMean} * ${storyApi(trafficAnomaly.seasonalMean)}`;

export const storyApiTrafficAnomalyRules: RecordingGroupDefinition = {
  name: 'story-api-traffic-anomaly',
  source: import.meta.url,
  rules: [
    { record: trafficAnomaly.hourly, expr: `avg_over_time(${storyApi(goldenSignals.requestRate)}[1h])` },
    { record: trafficAnomaly.seasonalMean, expr: `(${seasonal((past) => past).join(' + ')}) / ${SEASONS.length}` },
    {
      record: trafficAnomaly.seasonalStddev,
      expr: `sqrt((${seasonal((past) => `(${past} - ${storyApi(trafficAnomaly.seasonalMean)}) ^ 2`).join(' + ')}) / ${SEASONS.length})`,
    },
    {
      // The deviation is never taken below a share of the mean: identical past weeks would make any
      // change infinitely unusual.
      record: trafficAnomaly.zscore,
      expr: `(${storyApi(trafficAnomaly.hourly)} - ${storyApi(trafficAnomaly.seasonalMean)}) / (${storyApi(trafficAnomaly.seasonalStddev)} > ${floor} or ${floor})`,
    },
  ],
};
