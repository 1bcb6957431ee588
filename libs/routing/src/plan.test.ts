import {
  PERSONAS,
  platformDefaultChannel,
  platformTeamChannels,
  resolveTenant,
  SEVERITIES,
  type Tenant,
} from '@plotwatch/platform';
import { demoTenants } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { severityGrouping } from './grouping.ts';
import { renderMatcher } from './labels.ts';
import { platformRoutingInput, routingPlan, type RouteNode } from './plan.ts';

const tenants = demoTenants();
const plan = routingPlan(platformRoutingInput(tenants));

/** Every receiver named anywhere under `node`. */
function receiversUnder(node: RouteNode): string[] {
  return [...(node.receiver ? [node.receiver] : []), ...node.routes.flatMap(receiversUnder)];
}

function leaves(node: RouteNode): RouteNode[] {
  return node.routes.length ? node.routes.flatMap(leaves) : [node];
}

function tenantWith(extra: Partial<Parameters<typeof resolveTenant>[0]>): Tenant {
  return resolveTenant(
    {
      id: 'probe',
      displayName: 'Probe',
      tier: 'pro',
      tenancy: 'label',
      notifications: [{ name: 'mail', type: 'email', to: 'a@b.example' }],
      ...extra,
    },
    'probe.yaml',
  );
}

describe('routingPlan', () => {
  it('sends what no route claims to the platform default, at the root', () => {
    expect(plan.root.receiver).toBe(`platform/${platformDefaultChannel.name}`);
    expect(plan.root.matchers).toEqual([]);
  });

  it('has one scope per tenant, sorted, after the platform scope (no tenant label)', () => {
    expect(plan.root.routes.map((r) => r.matchers.map(renderMatcher).join())).toEqual([
      'tenant=""',
      ...tenants
        .map((t) => t.id)
        .sort()
        .map((id) => `tenant="${id}"`),
    ]);
  });

  it("names only a scope's own receivers under it", () => {
    const [platformScope, ...tenantScopes] = plan.root.routes;
    expect(receiversUnder(platformScope!).every((r) => r.startsWith('platform/'))).toBe(true);
    for (const scope of tenantScopes) {
      const id = scope.matchers[0]!.value;
      expect(
        receiversUnder(scope).every((r) => r.startsWith(`tenant/${id}/`)),
        id,
      ).toBe(true);
    }
  });

  it('nests persona, then severity with its grouping, then one leaf per channel; all but the last leaf continue', () => {
    for (const scope of plan.root.routes) {
      for (const persona of scope.routes) {
        expect(persona.matchers.map((m) => m.label)).toEqual(['persona']);
        for (const severity of persona.routes) {
          const level = severity.matchers[0]!;
          expect(level.label).toBe('severity');
          expect(severity.grouping).toEqual(severityGrouping[level.value as keyof typeof severityGrouping]);
          expect(severity.routes.map((leaf) => leaf.continue ?? false)).toEqual(
            severity.routes.map((_, i) => i < severity.routes.length - 1),
          );
        }
      }
    }
  });

  it('groups every severity by tenant, so a notification never lists two tenants', () => {
    for (const severity of SEVERITIES) expect(severityGrouping[severity].groupBy).toContain('tenant');
    expect(plan.root.grouping?.groupBy).toContain('tenant');
  });

  it('leaves out what no channel takes: that stays with the root, the platform default', () => {
    const opsPagerOnly = tenantWith({
      notifications: [
        { name: 'pager', type: 'pagerduty', routingKeyFile: '/s/key', personas: ['ops'], severities: ['page'] },
      ],
    });
    const [, scope] = routingPlan(platformRoutingInput([opsPagerOnly])).root.routes;
    expect(
      scope!.routes.map(
        (p) => `${renderMatcher(p.matchers[0]!)} ${p.routes.map((s) => renderMatcher(s.matchers[0]!)).join()}`,
      ),
    ).toEqual(['persona="ops" severity="page"']);
  });

  it('mutes every leaf of a tenant with maintenance windows during them, and nothing else', () => {
    const windowed = tenants.filter((t) => t.maintenanceWindows.length > 0);
    expect(windowed.length).toBeGreaterThan(0);
    for (const scope of plan.root.routes) {
      const id = scope.matchers[0]!.value;
      const expected = windowed.some((t) => t.id === id) ? [`tenant/${id}/maintenance`] : undefined;
      for (const leaf of leaves(scope)) expect(leaf.muteTimeIntervals, id).toEqual(expected);
    }
    expect(plan.muteIntervals.map((m) => m.name)).toEqual(windowed.map((t) => `tenant/${t.id}/maintenance`));
  });

  it('has a receiver per channel of every tenant and platform team, plus the default, all names unique', () => {
    const names = plan.receivers.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(
      1 + platformTeamChannels.length + tenants.reduce((n, t) => n + t.notifications.length, 0),
    );
  });

  it('gives every persona of the platform scope a channel for both severities', () => {
    const platformScope = plan.root.routes[0]!;
    expect(platformScope.routes.map((p) => p.matchers[0]!.value)).toEqual([...PERSONAS]);
    for (const persona of platformScope.routes)
      expect(persona.routes.map((s) => s.matchers[0]!.value)).toEqual([...SEVERITIES]);
  });
});
