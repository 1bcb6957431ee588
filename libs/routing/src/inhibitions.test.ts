import { services, type Service } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import {
  dependentsOf,
  inhibitions,
  pageInhibitsTicket,
  SERVICE_DOWN_ALERT,
  serviceDownInhibitions,
} from './inhibitions.ts';
import { renderMatcher } from './labels.ts';

const svc = (name: string, dependsOn: string[]): Service => ({ ...services[0]!, name, dependsOn });

describe('dependentsOf', () => {
  it('follows dependsOn backwards, transitively', () => {
    const chain = [svc('gateway', ['engine']), svc('engine', ['worker']), svc('worker', []), svc('other', [])];
    expect(dependentsOf('worker', chain)).toEqual(['engine', 'gateway']);
    expect(dependentsOf('gateway', chain)).toEqual([]);
  });

  it('stops at a cycle', () => {
    expect(dependentsOf('a', [svc('a', ['b']), svc('b', ['a'])])).toEqual(['b']);
  });

  it("knows that the platform's inference workers sit under everything a story turn calls", () => {
    expect(dependentsOf('inference-worker', services)).toEqual(['model-gateway', 'narrative-engine', 'story-api']);
  });
});

describe('inhibitions', () => {
  it('lets a page silence the ticket of the same alert and tenant', () => {
    expect(inhibitions(services)[0]).toBe(pageInhibitsTicket);
    expect(pageInhibitsTicket.equal).toEqual(['alertname', 'tenant']);
  });

  it("lets a down service silence its dependents' alerts but not their own ServiceDown: shared for all tenants, dedicated for its tenant", () => {
    const rules = serviceDownInhibitions([svc('api', ['worker']), svc('worker', [])]).map((r) => ({
      source: r.source.map(renderMatcher),
      target: r.target.map(renderMatcher),
      equal: r.equal,
    }));
    expect(rules).toEqual([
      {
        source: [`alertname="${SERVICE_DOWN_ALERT}"`, 'service="worker"', 'tenant=""'],
        target: ['service=~"api"', `alertname!="${SERVICE_DOWN_ALERT}"`],
        equal: [],
      },
      {
        source: [`alertname="${SERVICE_DOWN_ALERT}"`, 'service="worker"', 'tenant!=""'],
        target: ['service=~"api"', `alertname!="${SERVICE_DOWN_ALERT}"`],
        equal: ['tenant'],
      },
    ]);
  });

  it('derives one pair of rules for every service something depends on', () => {
    const depended = new Set(services.flatMap((s) => s.dependsOn));
    expect(serviceDownInhibitions(services)).toHaveLength(2 * depended.size);
  });
});
