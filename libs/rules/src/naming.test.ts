import { describe, expect, it } from 'vitest';
import { kebab, pascal, recordName, sloSeries, thresholdSeries } from './naming.ts';

describe('naming', () => {
  it.each([
    [recordName(['tenant', 'service'], 'http_requests', 'rate5m'), 'tenant_service:http_requests:rate5m'],
    [thresholdSeries('story_api_error_ratio'), 'tenant:story_api_error_ratio:threshold'],
    [sloSeries.errorRatio('1h'), 'tenant_slo:sli_error:ratio_rate1h'],
    [sloSeries.latencyWeight, 'tenant_slo_le:latency_target:weight'],
    [kebab('StoryApiHighErrorRatio'), 'story-api-high-error-ratio'],
    [pascal('story-generation-availability'), 'StoryGenerationAvailability'],
  ])('%s', (actual, expected) => expect(actual).toBe(expected));
});
