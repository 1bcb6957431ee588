import { LABEL, type Labels, type Matcher } from './labels.ts';
import type { RouteNode, RoutingPlan, RoutingScope } from './plan.ts';
import type { Owner } from './receivers.ts';

/**
 * Grafana's named routing trees (notification policies beside the default one), as resources of
 * its `notifications.alerting.grafana.app` API: one per tenant and one for the platform, so that
 * plotwatch owns its trees and leaves the default policy tree to whoever else configures it.
 * See docs/decisions.md, "Named routing trees".
 */
export const ROUTING_TREE_API_VERSION = 'notifications.alerting.grafana.app/v1beta1';
export const ROUTING_TREE_KIND = 'RoutingTree';

/**
 * The alert label Grafana routes a named tree by: each tree `<name>` becomes a child of the
 * effective root matching `__grafana_managed_route__="<name>"`, placed before the default tree's
 * own routes (grafana/grafana pkg/services/ngalert/models/notifications.go, NamedRouteLabel).
 */
export const ROUTING_TREE_LABEL = '__grafana_managed_route__';

/** Grafana's own name for its default tree; a named tree may not take it. */
export const DEFAULT_ROUTING_TREE = 'user-defined';

/** Every tree plotwatch writes is named with this prefix: prune removes only trees that carry it. */
export const ROUTING_TREE_PREFIX = 'plotwatch-';
export const PLATFORM_ROUTING_TREE = `${ROUTING_TREE_PREFIX}platform`;

export function tenantRoutingTree(tenantId: string): string {
  return `${ROUTING_TREE_PREFIX}tenant-${tenantId}`;
}

export function routingTreeName(owner: Owner): string {
  return owner.kind === 'tenant' ? tenantRoutingTree(owner.tenant) : PLATFORM_ROUTING_TREE;
}

/**
 * The value of a Grafana-managed rule's `__grafana_managed_route__` label, i.e. the tree its
 * alerts are routed by. A tenant's own rules (a mimir tenant's folder) name its tree; rules that
 * serve many label-mode tenants, and the platform's own, choose per alert instance from the
 * instance's `tenant` label (Grafana expands label templates per instance): a tenant's alert
 * reaches its tenant's tree, an alert without a tenant the platform's.
 */
export type RoutingTreeSelector = { readonly kind: 'tenant'; readonly tenant: string } | { readonly kind: 'by-label' };

export const TREE_BY_TENANT_LABEL = `{{ if $labels.${LABEL.tenant} }}${tenantRoutingTree(`{{ $labels.${LABEL.tenant} }}`)}{{ else }}${PLATFORM_ROUTING_TREE}{{ end }}`;

export function routingTreeLabel(selector: RoutingTreeSelector): string {
  return selector.kind === 'tenant' ? tenantRoutingTree(selector.tenant) : TREE_BY_TENANT_LABEL;
}

/** What Grafana makes of `routingTreeLabel(selector)` for an alert instance with these labels. */
export function routingTreeOf(selector: RoutingTreeSelector, labels: Labels): string {
  if (selector.kind === 'tenant') return tenantRoutingTree(selector.tenant);
  const tenant = labels[LABEL.tenant];
  return tenant ? tenantRoutingTree(tenant) : PLATFORM_ROUTING_TREE;
}

/** `spec.routes[]` of a RoutingTree; keys as Grafana's API spells them (snake case, `continue` required). */
export interface RoutingTreeRoute {
  readonly receiver?: string;
  readonly matchers?: ReadonlyArray<{ readonly type: Matcher['op']; readonly label: string; readonly value: string }>;
  readonly continue: boolean;
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly mute_time_intervals?: readonly string[];
  readonly routes?: readonly RoutingTreeRoute[];
}

export interface RoutingTreeDefaults {
  readonly receiver: string;
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
}

/** The resource, as `POST /apis/notifications.alerting.grafana.app/v1beta1/namespaces/<ns>/routingtrees` takes it. */
export interface RoutingTreeResource {
  readonly apiVersion: typeof ROUTING_TREE_API_VERSION;
  readonly kind: typeof ROUTING_TREE_KIND;
  readonly metadata: { readonly name: string };
  readonly spec: { readonly defaults: RoutingTreeDefaults; readonly routes: readonly RoutingTreeRoute[] };
}

/** A named tree and whose it is. */
export interface RoutingTree {
  readonly owner: Owner;
  readonly resource: RoutingTreeResource;
}

/**
 * One tree per scope of the plan (the platform first, then tenants by id). Each holds the root's
 * defaults (the platform default receiver and the unrouted grouping: what no route of the scope
 * claims goes where today's single tree sends it) and exactly its scope's subtree, its `tenant`
 * matcher kept: an alert selecting a tree that is not its tenant's reaches the default receiver,
 * never another tenant's.
 */
export function grafanaRoutingTrees(plan: RoutingPlan): RoutingTree[] {
  return plan.scopes.map((scope) => {
    const kept = trees.get(scope);
    if (kept && kept.receiver === plan.root.receiver && kept.grouping === plan.root.grouping) return kept.tree;
    const tree = { owner: scope.owner, resource: routingTree(plan, scope) };
    trees.set(scope, { tree, receiver: plan.root.receiver, grouping: plan.root.grouping });
    return tree;
  });
}

/** Each scope's tree, kept by the scope (plan.ts keeps a tenant's) with the root defaults it holds. */
const trees = new WeakMap<
  RoutingScope,
  { readonly tree: RoutingTree; readonly receiver: string | undefined; readonly grouping: RouteNode['grouping'] }
>();

function routingTree(plan: RoutingPlan, scope: RoutingScope): RoutingTreeResource {
  const g = plan.root.grouping;
  return {
    apiVersion: ROUTING_TREE_API_VERSION,
    kind: ROUTING_TREE_KIND,
    metadata: { name: routingTreeName(scope.owner) },
    spec: {
      defaults: {
        receiver: plan.root.receiver ?? plan.defaultReceiver,
        ...(g
          ? {
              group_by: [...g.groupBy],
              group_wait: g.groupWait,
              group_interval: g.groupInterval,
              repeat_interval: g.repeatInterval,
            }
          : {}),
      },
      routes: [routingTreeRoute(scope.route)],
    },
  };
}

export function routingTreeRoute(node: RouteNode): RoutingTreeRoute {
  const g = node.grouping;
  return {
    ...(node.receiver ? { receiver: node.receiver } : {}),
    ...(node.matchers.length
      ? { matchers: node.matchers.map((m) => ({ type: m.op, label: m.label, value: m.value })) }
      : {}),
    continue: node.continue ?? false,
    ...(g
      ? {
          group_by: [...g.groupBy],
          group_wait: g.groupWait,
          group_interval: g.groupInterval,
          repeat_interval: g.repeatInterval,
        }
      : {}),
    ...(node.muteTimeIntervals?.length ? { mute_time_intervals: [...node.muteTimeIntervals] } : {}),
    ...(node.routes.length ? { routes: node.routes.map(routingTreeRoute) } : {}),
  };
}

/** Every receiver a tree can deliver to: its default and every route's. */
export function routingTreeReceivers(tree: RoutingTreeResource): string[] {
  const walk = (r: RoutingTreeRoute): string[] => [
    ...(r.receiver ? [r.receiver] : []),
    ...(r.routes ?? []).flatMap(walk),
  ];
  return [...new Set([tree.spec.defaults.receiver, ...tree.spec.routes.flatMap(walk)])];
}
