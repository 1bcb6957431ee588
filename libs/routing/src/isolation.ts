import { PERSONAS, SEVERITIES, type PersonaId, type SeverityId } from '@plotwatch/platform';
import { LABEL, type Labels } from './labels.ts';
import type { RoutingInput } from './plan.ts';
import { channelTakes, PLATFORM, receiverOf, tenantOwner, type Receiver } from './receivers.ts';
import { routingTreeReceivers, type RoutingTree } from './routing-trees.ts';

/** Where a probe alert claims to come from. */
export type ProbeScope =
  | { readonly kind: 'tenant'; readonly tenant: string }
  | { readonly kind: 'platform' }
  | { readonly kind: 'unknown-tenant'; readonly tenant: string };

/** A label set to route, and the scope it stands for. */
export interface Probe {
  readonly scope: ProbeScope;
  readonly labels: Labels;
}

/** A probe and the receivers it was routed to (by amtool, or a real Alertmanager). */
export interface Delivery {
  readonly probe: Probe;
  readonly receivers: readonly string[];
}

/** A tenant id no tenant can have: longer than the 20 characters tenant ids are limited to. */
export const UNKNOWN_TENANT = 'not-a-tenant-of-this-platform';

/**
 * Every persona x severity, for each tenant, for the platform scope (no tenant label) and for
 * a tenant nobody defined: the alerts the routing tests route.
 */
export function routingProbes(tenantIds: readonly string[]): Probe[] {
  const scopes: ProbeScope[] = [
    ...tenantIds.map((tenant) => ({ kind: 'tenant', tenant }) as const),
    { kind: 'platform' },
    { kind: 'unknown-tenant', tenant: UNKNOWN_TENANT },
  ];
  return scopes.flatMap((scope) =>
    PERSONAS.flatMap((persona) =>
      SEVERITIES.map((severity) => ({
        scope,
        labels: {
          [LABEL.alertname]: 'RoutingProbe',
          ...(scope.kind === 'platform' ? {} : { [LABEL.tenant]: scope.tenant }),
          [LABEL.persona]: persona,
          [LABEL.severity]: severity,
        },
      })),
    ),
  );
}

/** A probe and the receivers the tenant files say it reaches: one `amtool config routes test` case. */
export interface RoutingCase extends Probe {
  readonly receivers: readonly string[];
}

/**
 * What the routing of these tenants (every tenant, the platform scope and an unknown tenant when
 * `tenantIds` is absent) must do, read from the routing input the build's plan is made of rather
 * than from the tree it builds: each probe reaches every channel of its scope that takes it, in the
 * channels' order, else the default receiver. The cases `plotwatch test` hands to amtool.
 */
export function routingCases(input: RoutingInput, tenantIds?: readonly string[]): RoutingCase[] {
  const fallback = [receiverOf(PLATFORM, input.defaultChannel).name];
  const byId = new Map(input.tenants.map((t) => [t.id, t]));
  const probes = tenantIds
    ? routingProbes(tenantIds).filter((p) => p.scope.kind === 'tenant')
    : routingProbes([...byId.keys()].sort());
  return probes.map((probe) => {
    const persona = probe.labels[LABEL.persona] as PersonaId;
    const severity = probe.labels[LABEL.severity] as SeverityId;
    const { scope } = probe;
    const tenant = scope.kind === 'tenant' ? byId.get(scope.tenant) : undefined;
    const [owner, channels] =
      scope.kind === 'platform'
        ? [PLATFORM, input.platformChannels]
        : tenant
          ? [tenantOwner(tenant), tenant.notifications]
          : [PLATFORM, []];
    const taking = channels.filter((c) => channelTakes(c, persona, severity)).map((c) => receiverOf(owner, c).name);
    return { ...probe, receivers: taking.length ? taking : fallback };
  });
}

/** A delivery to a receiver the alert's scope must never reach. */
export interface Leak {
  readonly probe: Probe;
  readonly receiver: string;
  /** The tenant whose receiver it is; undefined for an unknown receiver. */
  readonly receiverTenant: string | undefined;
  readonly message: string;
}

/**
 * Deliveries that cross a tenant boundary: a tenant's alert at another tenant's receiver, a
 * platform-scope or unknown tenant's alert at any tenant's receiver, anything at a receiver
 * the plan does not know.
 */
export function tenantLeaks(deliveries: readonly Delivery[], receivers: readonly Receiver[]): Leak[] {
  const owners = new Map(receivers.map((r) => [r.name, r.owner]));
  return deliveries.flatMap(({ probe, receivers: reached }) =>
    reached.flatMap((receiver) => {
      const owner = owners.get(receiver);
      if (owner?.kind === 'platform') return [];
      if (owner && probe.scope.kind === 'tenant' && owner.tenant === probe.scope.tenant) return [];
      const receiverTenant = owner?.tenant;
      const whose = receiverTenant ? `of tenant "${receiverTenant}"` : 'that no tenant or platform team owns';
      return [
        { probe, receiver, receiverTenant, message: `${describeProbe(probe)} reaches receiver "${receiver}" ${whose}` },
      ];
    }),
  );
}

function describeProbe({ scope, labels }: Probe): string {
  const what = `${labels[LABEL.persona]}/${labels[LABEL.severity]}`;
  if (scope.kind === 'platform') return `a platform-scope ${what} alert (no tenant label)`;
  if (scope.kind === 'unknown-tenant') return `an ${what} alert of unknown tenant "${scope.tenant}"`;
  return `an ${what} alert of tenant "${scope.tenant}"`;
}

/**
 * Receivers a named routing tree can reach that its scope must never reach: in a tenant's tree,
 * another tenant's receiver; in the platform's, any tenant's; anywhere, a receiver the plan does
 * not know. Read from the trees themselves, for every tree.
 */
export function grafanaRoutingTreeLeaks(trees: readonly RoutingTree[], receivers: readonly Receiver[]): string[] {
  const owners = new Map(receivers.map((r) => [r.name, r.owner]));
  return trees.flatMap(({ owner, resource }) =>
    routingTreeReceivers(resource).flatMap((receiver) => {
      const of = owners.get(receiver);
      if (of?.kind === 'platform') return [];
      if (of && owner.kind === 'tenant' && of.tenant === owner.tenant) return [];
      const whose = of ? `of tenant "${of.tenant}"` : 'that no tenant or platform team owns';
      const scope = owner.kind === 'tenant' ? `tenant "${owner.tenant}"` : 'the platform';
      return [`routing tree "${resource.metadata.name}" (${scope}) reaches receiver "${receiver}" ${whose}`];
    }),
  );
}
