import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, environments, schemaForVersion } from './environments.ts';

describe('the Grafana of each environment', () => {
  it.each([
    ['13.0', 'v2'],
    ['13.2', 'v2'],
    ['14.1', 'v2'],
    ['12.4', 'v1'],
    ['11.6', 'v1'],
    ['13', 'v2'],
  ] as const)('reads schema v2 from Grafana 13: %s -> %s', (version, schema) => {
    expect(schemaForVersion(version)).toBe(schema);
  });

  it('refuses a version it cannot read', () => {
    expect(() => schemaForVersion('latest')).toThrow('Grafana version "latest" is not major.minor');
  });

  it("states each environment's schema as its version implies", () => {
    for (const id of ENVIRONMENTS)
      expect(environments[id].grafana.schema).toBe(schemaForVersion(environments[id].grafana.version));
  });
});

describe('the Prometheus of each environment', () => {
  it('is 2.42 without flags, what promtool here is and the tests run', () => {
    for (const id of ENVIRONMENTS) expect(environments[id].prometheus).toEqual({ version: '2.42', features: [] });
  });
});
