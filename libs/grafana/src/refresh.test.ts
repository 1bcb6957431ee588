import { environments, personas } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { refreshInterval } from './refresh.ts';

describe('refreshInterval', () => {
  it('is never faster than the environment scrapes', () => {
    expect(refreshInterval(personas.ops, environments.prod)).toBe('30s');
    expect(() => refreshInterval({ ...personas.ops, refresh: '10s' }, environments.prod)).toThrow(
      /refreshes every 10s, faster than prod scrapes \(15s\)/,
    );
  });
});
