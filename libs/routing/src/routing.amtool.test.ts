import {
  PERSONAS,
  SEVERITIES,
  smtpRelay,
  syntheticTenants,
  type NotificationChannel,
  type PersonaId,
  type SeverityId,
} from '@plotwatch/platform';
import { amtoolCheckConfig, amtoolRoutes, demoTenants } from '@plotwatch/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alertmanagerConfig,
  alertmanagerYaml,
  type AlertmanagerConfig,
  type AlertmanagerRoute,
} from './alertmanager.ts';
import { routingProbes, tenantLeaks, UNKNOWN_TENANT, type Delivery, type Probe } from './isolation.ts';
import { platformRoutingInput, routingPlan } from './plan.ts';

// The real amtool routes every tenant x persona x severity, the platform scope and an unknown
// tenant through the generated config; the assertions below read its answers.
const tenants = demoTenants();
const plan = routingPlan(platformRoutingInput(tenants));
const config = alertmanagerConfig(plan, smtpRelay);
const probes = routingProbes(tenants.map((t) => t.id));
const DEFAULT = plan.defaultReceiver;

async function deliver(cfg: AlertmanagerConfig): Promise<Delivery[]> {
  const routed = await amtoolRoutes(
    alertmanagerYaml(cfg),
    probes.map((p) => p.labels),
  );
  return probes.map((probe, i) => ({ probe, receivers: routed[i]! }));
}

let deliveries: Delivery[];
beforeAll(async () => {
  deliveries = await deliver(config);
});

function receiversOf(scope: Probe['scope'], persona: PersonaId, severity: SeverityId, from = deliveries): string[] {
  const probe = (d: Delivery) =>
    JSON.stringify(d.probe.scope) === JSON.stringify(scope) &&
    d.probe.labels.persona === persona &&
    d.probe.labels.severity === severity;
  return [...from.find(probe)!.receivers].sort();
}

/**
 * What the tenant files mean, written independently of the tree builder: the channels that take it, else the default.
 */
function intended(
  prefix: string,
  channels: readonly NotificationChannel[],
  persona: PersonaId,
  severity: SeverityId,
): string[] {
  const taking = channels.filter(
    (c) => (c.personas ?? PERSONAS).includes(persona) && (c.severities ?? SEVERITIES).includes(severity),
  );
  return taking.length ? taking.map((c) => `${prefix}/${c.name}`).sort() : [DEFAULT];
}

/** The isolation assertion: no alert of tenant `from` at a receiver of tenant `to`; the failure names both. */
function assertIsolated(from: string, to: string, of: readonly Delivery[]): void {
  const leaks = tenantLeaks(of, plan.receivers).filter(
    (l) => l.probe.scope.kind === 'tenant' && l.probe.scope.tenant === from && l.receiverTenant === to,
  );
  if (leaks.length)
    throw new Error(`tenant "${from}" leaks into tenant "${to}":\n${leaks.map((l) => l.message).join('\n')}`);
}

const combinations = PERSONAS.flatMap((persona) => SEVERITIES.map((severity) => [persona, severity] as const));

describe('the generated alertmanager.yaml under the real amtool', () => {
  it('passes amtool check-config', async () => {
    const check = await amtoolCheckConfig(alertmanagerYaml(config));
    expect(check.ok, check.output).toBe(true);
  });

  describe('routes every tenant x persona x severity to exactly the channels that take it', () => {
    it.each(tenants.flatMap((t) => combinations.map(([p, s]) => [t.id, p, s] as const)))(
      '%s %s/%s',
      (id, persona, severity) => {
        const tenant = tenants.find((t) => t.id === id)!;
        expect(receiversOf({ kind: 'tenant', tenant: id }, persona, severity)).toEqual(
          intended(`tenant/${id}`, tenant.notifications, persona, severity),
        );
      },
    );
  });

  describe('keeps tenants apart', () => {
    const pairs = tenants.flatMap((a) => tenants.filter((b) => b !== a).map((b) => [a.id, b.id] as const));
    it.each(pairs)('no alert of tenant %s reaches a receiver of tenant %s', (from, to) => {
      assertIsolated(from, to, deliveries);
    });

    it.each(combinations)(
      "routes a platform-scope %s/%s alert (no tenant label) to the platform teams' channels only",
      (persona, severity) => {
        expect(receiversOf({ kind: 'platform' }, persona, severity)).toEqual(
          intended(
            'platform',
            plan.receivers.filter((r) => r.owner.kind === 'platform' && r.name !== DEFAULT).map((r) => r.channel),
            persona,
            severity,
          ),
        );
      },
    );

    it.each(combinations)(
      'routes a %s/%s alert of an unknown tenant to the platform default only',
      (persona, severity) => {
        expect(receiversOf({ kind: 'unknown-tenant', tenant: UNKNOWN_TENANT }, persona, severity)).toEqual([DEFAULT]);
      },
    );

    it("never routes a platform-scope or unknown tenant's alert to any tenant's receiver", () => {
      expect(
        tenantLeaks(
          deliveries.filter((d) => d.probe.scope.kind !== 'tenant'),
          plan.receivers,
        ).map((l) => l.message),
      ).toEqual([]);
    });

    it("fails, naming both tenants, when tenant B's matcher is planted on tenant A's route", async () => {
      const [a, b] = [...tenants].map((t) => t.id).sort();
      const planted = { ...config, route: replaceMatcher(config.route, `tenant="${a}"`, `tenant="${b}"`) };
      const plantedDeliveries = await deliver(planted);
      expect(() => assertIsolated(b!, a!, plantedDeliveries)).toThrow(
        new RegExp(`tenant "${b}" leaks into tenant "${a}":\\n.*alert of tenant "${b}" reaches receiver "tenant/${a}/`),
      );
    });
  });

  it('passes amtool check-config for 300 synthetic tenants too', async () => {
    const check = await amtoolCheckConfig(
      alertmanagerYaml(alertmanagerConfig(routingPlan(platformRoutingInput(syntheticTenants(300))), smtpRelay)),
    );
    expect(check.ok, check.output).toBe(true);
  });
});

function replaceMatcher(route: AlertmanagerRoute, from: string, to: string): AlertmanagerRoute {
  return {
    ...route,
    matchers: route.matchers?.map((m) => (m === from ? to : m)),
    routes: route.routes?.map((r) => replaceMatcher(r, from, to)),
  };
}
