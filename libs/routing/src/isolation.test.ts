import { platformDefaultChannel, resolveTenant } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { routingCases } from './isolation.ts';
import { platformRoutingInput } from './plan.ts';

const tenant = resolveTenant(
  {
    id: 'probe',
    displayName: 'Probe',
    tier: 'pro',
    tenancy: 'label',
    notifications: [
      { name: 'pager', type: 'pagerduty', routingKeyFile: '/s/key', personas: ['ops'], severities: ['page'] },
      { name: 'mail', type: 'email', to: 'a@b.example', personas: ['ops'] },
    ],
  },
  'probe.yaml',
);
const input = platformRoutingInput([tenant]);
const DEFAULT = `platform/${platformDefaultChannel.name}`;

describe('routingCases', () => {
  it("expects each channel of the tenant that takes the alert, in the channels' order, else the default", () => {
    const of = (persona: string, severity: string) =>
      routingCases(input, ['probe']).find((c) => c.labels.persona === persona && c.labels.severity === severity)!
        .receivers;
    expect(of('ops', 'page')).toEqual(['tenant/probe/pager', 'tenant/probe/mail']);
    expect(of('ops', 'ticket')).toEqual(['tenant/probe/mail']);
    expect(of('ml', 'page')).toEqual([DEFAULT]);
  });

  it('covers only the tenants named; with none named, every tenant, the platform and an unknown tenant', () => {
    expect(new Set(routingCases(input, ['probe']).map((c) => c.scope.kind))).toEqual(new Set(['tenant']));
    const all = routingCases(input);
    expect(new Set(all.map((c) => c.scope.kind))).toEqual(new Set(['tenant', 'platform', 'unknown-tenant']));
    expect(all.filter((c) => c.scope.kind === 'unknown-tenant').every((c) => c.receivers.join() === DEFAULT)).toBe(
      true,
    );
  });
});
