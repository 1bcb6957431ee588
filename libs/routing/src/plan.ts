import {
  PERSONAS,
  platformDefaultChannel,
  platformTeamChannels,
  services as platformServices,
  SEVERITIES,
  type NotificationChannel,
  type Service,
  type Tenant,
} from '@plotwatch/platform';
import { severityGrouping, unroutedGrouping, type Grouping } from './grouping.ts';
import { inhibitions, type Inhibition } from './inhibitions.ts';
import { equals, LABEL, type Matcher } from './labels.ts';
import { maintenanceIntervalName, maintenanceIntervals, type MuteInterval } from './maintenance.ts';
import { channelTakes, PLATFORM, receiverOf, tenantOwner, type Owner, type Receiver } from './receivers.ts';

/** One node of the routing tree; Alertmanager routes and Grafana notification policies are both rendered from it. */
export interface RouteNode {
  readonly matchers: readonly Matcher[];
  readonly receiver?: string;
  readonly grouping?: Grouping;
  /** Also try the next sibling after this one matched (a leaf followed by more channels). */
  readonly continue?: boolean;
  /** Not inherited by child routes (in Alertmanager), so set on every leaf it applies to. */
  readonly muteTimeIntervals?: readonly string[];
  readonly routes: readonly RouteNode[];
}

/**
 * A tenant's scope and receivers, kept per tenant object: a long-lived build process (`plotwatch
 * dev`) loads an unchanged tenant file as the same object, so an edit makes only the edited
 * tenant's again, and what is rendered from a scope (its YAML, its policy) is kept by the scope.
 */
const tenantRoutings = new WeakMap<Tenant, { readonly scope: RoutingScope; readonly receivers: readonly Receiver[] }>();

function tenantRouting(t: Tenant): { readonly scope: RoutingScope; readonly receivers: readonly Receiver[] } {
  let made = tenantRoutings.get(t);
  if (!made) {
    const owner = tenantOwner(t);
    const mute = t.maintenanceWindows.length ? [maintenanceIntervalName(t.id)] : [];
    made = {
      scope: { owner, route: scopeRoute(equals(LABEL.tenant, t.id), owner, t.notifications, mute) },
      receivers: t.notifications.map((c) => receiverOf(owner, c)),
    };
    tenantRoutings.set(t, made);
  }
  return made;
}

/** The platform teams' scope, kept per list of channels (the platform's are one module's constant). */
const platformScopes = new WeakMap<readonly NotificationChannel[], RoutingScope>();

function platformScope(channels: readonly NotificationChannel[]): RoutingScope {
  let scope = platformScopes.get(channels);
  if (!scope)
    platformScopes.set(
      channels,
      (scope = { owner: PLATFORM, route: scopeRoute(equals(LABEL.tenant, ''), PLATFORM, channels, []) }),
    );
  return scope;
}

/** One scope's subtree of the root (the platform's teams, or one tenant) and whose it is. */
export interface RoutingScope {
  readonly owner: Owner;
  /** The root's child for this scope: its matcher (`tenant=""` or `tenant="<id>"`) and everything below. */
  readonly route: RouteNode;
}

/** Everything routing decides, independent of the format it is written in. */
export interface RoutingPlan {
  readonly root: RouteNode;
  /** The root's children, platform first then tenants by id: what a named routing tree per scope holds. */
  readonly scopes: readonly RoutingScope[];
  readonly receivers: readonly Receiver[];
  readonly defaultReceiver: string;
  readonly inhibitions: readonly Inhibition[];
  readonly muteIntervals: readonly MuteInterval[];
}

export interface RoutingInput {
  readonly tenants: readonly Tenant[];
  readonly platformChannels: readonly NotificationChannel[];
  /** Takes whatever no route claims. */
  readonly defaultChannel: NotificationChannel;
  readonly services: readonly Service[];
}

/** These tenants with the platform's own teams, default channel and services (libs/platform). */
export function platformRoutingInput(tenants: readonly Tenant[]): RoutingInput {
  return {
    tenants,
    platformChannels: platformTeamChannels,
    defaultChannel: platformDefaultChannel,
    services: platformServices,
  };
}

/**
 * The tree: root (platform default) -> scope (`tenant=""` for the platform's teams, then one
 * node per tenant) -> persona -> severity (its grouping) -> one leaf per channel that takes it.
 * An alert nothing claims (unknown tenant, missing persona, no channel for it) stays at the
 * root and goes to the platform default receiver.
 */
export function routingPlan({ tenants, platformChannels, defaultChannel, services }: RoutingInput): RoutingPlan {
  const defaultReceiver = receiverOf(PLATFORM, defaultChannel);
  const sorted = [...tenants].sort((a, b) => a.id.localeCompare(b.id));
  const scopes: RoutingScope[] = [platformScope(platformChannels), ...sorted.map((t) => tenantRouting(t).scope)];
  return {
    root: {
      matchers: [],
      receiver: defaultReceiver.name,
      grouping: unroutedGrouping,
      routes: scopes.map((s) => s.route),
    },
    scopes,
    receivers: [
      defaultReceiver,
      ...platformChannels.map((c) => receiverOf(PLATFORM, c)),
      ...sorted.flatMap((t) => tenantRouting(t).receivers),
    ],
    defaultReceiver: defaultReceiver.name,
    inhibitions: inhibitions(services),
    muteIntervals: maintenanceIntervals(sorted),
  };
}

/** One scope's subtree: persona -> severity -> its channels, skipping combinations no channel takes. */
function scopeRoute(
  scope: Matcher,
  owner: Owner,
  channels: readonly NotificationChannel[],
  mute: readonly string[],
): RouteNode {
  const personaRoutes = PERSONAS.flatMap((persona) => {
    const severityRoutes = SEVERITIES.flatMap((severity) => {
      const taking = channels.filter((c) => channelTakes(c, persona, severity));
      if (taking.length === 0) return [];
      return [
        {
          matchers: [equals(LABEL.severity, severity)],
          grouping: severityGrouping[severity],
          routes: taking.map((c, i) => channelLeaf(receiverOf(owner, c).name, i < taking.length - 1, mute)),
        },
      ];
    });
    return severityRoutes.length ? [{ matchers: [equals(LABEL.persona, persona)], routes: severityRoutes }] : [];
  });
  return { matchers: [scope], routes: personaRoutes };
}

function channelLeaf(receiver: string, more: boolean, mute: readonly string[]): RouteNode {
  return {
    matchers: [],
    receiver,
    routes: [],
    ...(more ? { continue: true } : {}),
    ...(mute.length ? { muteTimeIntervals: mute } : {}),
  };
}
