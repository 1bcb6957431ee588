import { selector } from '@plotwatch/platform';
import { SEASONS, trafficAnomaly } from '@plotwatch/recording-rules';
import { counterValues, label, seriesName, tenantThresholdAlert, tpl } from '@plotwatch/rules';

const service = 'story-api';
/** Test traffic: requests per second around which the past weeks vary, and their standard deviation. */
const MEAN = 100;
const STDDEV = 10;
const SAMPLE_SECONDS = 300;
const WEEK_OF_SAMPLES = (7 * 86_400) / SAMPLE_SECONDS;

/**
 * Past weeks whose rates have exactly MEAN and STDDEV: symmetric around the mean, spread so the
 * population standard deviation comes out exact whatever the number of weeks.
 */
function pastWeeks(): number[] {
  const n = SEASONS.length;
  const offsets = SEASONS.map((_, i) => i - (n - 1) / 2);
  const scale = STDDEV / Math.sqrt(offsets.reduce((s, o) => s + o * o, 0) / n);
  return offsets.map((o) => MEAN + o * scale);
}

/** A tenant's story-api traffic lies outside the seasonal band: too far from the same hour of previous weeks. */
export const storyApiTrafficAnomaly = tenantThresholdAlert({
  name: 'StoryApiTrafficAnomaly',
  threshold: 'story_api_traffic_anomaly_zscore',
  comparison: '>',
  for: '1h',
  severity: 'ticket',
  persona: 'ops',
  service,
  signal: (scope) => `abs(${selector(trafficAnomaly.zscore, scope, { service })})`,
  summary: tpl`story-api traffic of tenant ${label('tenant')} is unusual for this hour`,
  description: tpl`Tenant ${label('tenant')}'s story-api traffic over the last hour lies outside the band of the same hour in the previous ${`${SEASONS.length}`} weeks (in standard deviations).`,
  dashboard: { persona: 'ops', slug: 'story-api', panel: 'Request rate' },
  proof: {
    // The past weeks (their order does not matter), then this week at `zscore` standard deviations above the mean.
    inputs: (tenant, zscore, steps) => {
      const weeks = [...pastWeeks(), MEAN + zscore * STDDEV];
      const segments = weeks.map((rate, i) => ({
        perStep: rate * SAMPLE_SECONDS,
        steps: i < SEASONS.length ? WEEK_OF_SAMPLES : steps - SEASONS.length * WEEK_OF_SAMPLES,
      }));
      return [
        {
          series: seriesName('http_requests_total', {
            tenant,
            service,
            route: '/v1/turns',
            method: 'POST',
            code: '200',
          }),
          values: counterValues(segments),
        },
      ];
    },
    labels: (tenant) => ({ tenant, service }),
    // Evaluations four hours apart (three weeks of them): each hourly mean then holds one sample,
    // this week's from 3w4h on.
    timing: { interval: '5m', evaluationInterval: '4h', from: '21d4h', settled: '21d4h' },
  },
});
