import { describe, expect, it } from 'vitest';
import { limitThresholds, stepThresholds, tenantLimit } from './thresholds.ts';
import { sampleTenant } from './test-support.ts';

describe('thresholds', () => {
  it("reads the tenant's resolved value: the number its alert compares against", () => {
    const tenant = { ...sampleTenant(), thresholds: { ...sampleTenant().thresholds, story_api_error_ratio: 0.007 } };
    expect(tenantLimit(tenant, 'story_api_error_ratio')).toMatchObject({ value: 0.007, bad: 'above' });
  });

  it.each([
    [
      'above',
      [
        { value: null, color: 'green' },
        { value: 2, color: 'red' },
      ],
    ],
    [
      'below',
      [
        { value: null, color: 'red' },
        { value: 2, color: 'green' },
      ],
    ],
  ] as const)('colours the bad side red when bad is %s the limit', (bad, steps) => {
    expect(limitThresholds({ value: 2, label: 'l', bad }).build().steps).toEqual(steps);
  });

  it('keeps steps absolute unless they are percentages of the range', () => {
    const steps = [{ value: null, color: 'green' }];
    expect(stepThresholds(steps).build().mode).toBe('absolute');
    expect(stepThresholds(steps, 'percentage').build()).toEqual({ mode: 'percentage', steps });
  });
});
