import { describe, expect, it } from 'vitest';
import { kebab, recordName, thresholdSeries } from './naming.ts';

describe('naming', () => {
  it.each([
    [recordName(['tenant', 'service'], 'http_requests', 'rate5m'), 'tenant_service:http_requests:rate5m'],
    [thresholdSeries('story_api_error_ratio'), 'tenant:story_api_error_ratio:threshold'],
    [kebab('StoryApiHighErrorRatio'), 'story-api-high-error-ratio'],
  ])('%s', (actual, expected) => expect(actual).toBe(expected));
});
