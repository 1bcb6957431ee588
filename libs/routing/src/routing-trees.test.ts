import { smtpRelay } from '@plotwatch/platform';
import { amtoolRoutes, demoTenants } from '@plotwatch/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alertmanagerConfig,
  alertmanagerYaml,
  type AlertmanagerConfig,
  type AlertmanagerRoute,
} from './alertmanager.ts';
import { grafanaRoutingTreeLeaks, routingProbes, tenantLeaks, type Delivery } from './isolation.ts';
import { renderMatcher } from './labels.ts';
import { routingTreeSchemaErrors } from './grafana-schema.ts';
import { platformRoutingInput, routingPlan } from './plan.ts';
import {
  grafanaRoutingTrees,
  PLATFORM_ROUTING_TREE,
  ROUTING_TREE_LABEL,
  routingTreeLabel,
  routingTreeOf,
  routingTreeReceivers,
  tenantRoutingTree,
  TREE_BY_TENANT_LABEL,
  type RoutingTreeResource,
  type RoutingTreeRoute,
} from './routing-trees.ts';

const tenants = demoTenants();
const plan = routingPlan(platformRoutingInput(tenants));
const trees = grafanaRoutingTrees(plan);
const single = alertmanagerConfig(plan, smtpRelay);

/** A tree's route read as the Alertmanager route it stands for (Grafana runs an embedded Alertmanager). */
function asAlertmanagerRoute(r: RoutingTreeRoute): AlertmanagerRoute {
  return {
    receiver: r.receiver,
    matchers: r.matchers?.map((m) => renderMatcher({ label: m.label, op: m.type, value: m.value })),
    group_by: r.group_by,
    group_wait: r.group_wait,
    group_interval: r.group_interval,
    repeat_interval: r.repeat_interval,
    continue: r.continue || undefined,
    mute_time_intervals: r.mute_time_intervals,
    routes: r.routes?.map(asAlertmanagerRoute),
  };
}
const strip = (o: unknown) => JSON.parse(JSON.stringify(o)) as unknown;

/** The stand-in for the org's own default policy tree, which plotwatch no longer writes when it has named trees. */
const ORG_DEFAULT = 'grafana-default-email';

/**
 * What Grafana's Alertmanager routes by when named trees exist (grafana/grafana
 * pkg/services/ngalert/notifier/legacy_storage, WithManagedRoutes): the default tree's root, with
 * every named tree as a child matching `__grafana_managed_route__="<name>"` (sorted by name,
 * timings filled in) ahead of the default tree's own routes.
 */
function effectiveRoute(named: readonly RoutingTreeResource[], defaultTree: AlertmanagerRoute): AlertmanagerRoute {
  const sub = (t: RoutingTreeResource): AlertmanagerRoute => ({
    receiver: t.spec.defaults.receiver,
    matchers: [renderMatcher({ label: ROUTING_TREE_LABEL, op: '=', value: t.metadata.name })],
    group_by: t.spec.defaults.group_by,
    group_wait: t.spec.defaults.group_wait ?? '30s',
    group_interval: t.spec.defaults.group_interval ?? '5m',
    repeat_interval: t.spec.defaults.repeat_interval ?? '4h',
    routes: t.spec.routes.map(asAlertmanagerRoute),
  });
  const sorted = [...named].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  return { ...defaultTree, routes: [...sorted.map(sub), ...(defaultTree.routes ?? [])] };
}

describe('grafanaRoutingTrees', () => {
  it("is one tree per tenant and one for the platform's teams, named by scope", () => {
    expect(trees.map((t) => t.resource.metadata.name)).toEqual([
      PLATFORM_ROUTING_TREE,
      ...tenants.map((t) => tenantRoutingTree(t.id)).sort(),
    ]);
    expect(new Set(trees.map((t) => t.resource.metadata.name)).size).toBe(tenants.length + 1);
  });

  it("passes Grafana's RoutingTree schema, and the schema check catches what the server would reject", () => {
    expect(trees.flatMap((t) => routingTreeSchemaErrors(t.resource))).toEqual([]);
    const tree = trees[1]!.resource;
    const planted = (patch: object) => routingTreeSchemaErrors({ ...tree, ...patch } as RoutingTreeResource);
    expect(planted({ spec: { ...tree.spec, routes: [{ receiver: 'x' }] } }).join('\n')).toMatch(/continue/);
    expect(planted({ spec: { ...tree.spec, routes: [{ continue: false, object_matchers: [] }] } })).not.toEqual([]);
    expect(planted({ spec: { routes: [] } }).join('\n')).toMatch(/defaults/);
    expect(planted({ apiVersion: 'notifications.alerting.grafana.app/v0alpha1' }).join('\n')).toMatch(/apiVersion/);
    expect(planted({ metadata: { name: 'Tenant/A' } }).join('\n')).toMatch(/metadata.name/);
    expect(planted({ metadata: { name: 'user-defined' } }).join('\n')).toMatch(/default tree/);
  });

  it("holds, in each tenant's tree, no receiver of another tenant (every tenant, derived from the tree)", () => {
    expect(grafanaRoutingTreeLeaks(trees, plan.receivers)).toEqual([]);
    for (const { owner, resource } of trees) {
      const owners = routingTreeReceivers(resource).map((r) => plan.receivers.find((x) => x.name === r)?.owner);
      for (const o of owners)
        expect(o?.kind === 'platform' || (owner.kind === 'tenant' && o?.tenant === owner.tenant)).toBe(true);
      if (owner.kind === 'tenant') {
        const own = plan.receivers.filter((r) => r.owner.kind === 'tenant' && r.owner.tenant === owner.tenant);
        for (const r of own) expect(routingTreeReceivers(resource), r.name).toContain(r.name);
      }
    }
  });

  it('reports a receiver planted in the wrong tree, naming both tenants', () => {
    const [a, b] = trees.filter((t) => t.owner.kind === 'tenant');
    const foreign = plan.receivers.find(
      (r) => r.owner.kind === 'tenant' && r.owner.tenant === (b!.owner as { tenant: string }).tenant,
    )!;
    const route = a!.resource.spec.routes[0]!;
    const planted = {
      ...a!,
      resource: {
        ...a!.resource,
        spec: {
          ...a!.resource.spec,
          routes: [{ ...route, routes: [...(route.routes ?? []), { receiver: foreign.name, continue: false }] }],
        },
      },
    };
    const leaks = grafanaRoutingTreeLeaks([planted], plan.receivers);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toContain(`"${a!.resource.metadata.name}"`);
    expect(leaks[0]).toContain(`tenant "${(b!.owner as { tenant: string }).tenant}"`);
  });

  it("is today's single tree cut at the root, node for node: each tree is its scope's subtree under the root's defaults", () => {
    expect(trees.map((t) => strip(asAlertmanagerRoute(t.resource.spec.routes[0]!)))).toEqual(
      strip(single.route.routes),
    );
    for (const { resource } of trees) {
      expect(resource.spec.routes).toHaveLength(1);
      expect(resource.spec.defaults).toEqual({
        receiver: single.route.receiver,
        group_by: single.route.group_by,
        group_wait: single.route.group_wait,
        group_interval: single.route.group_interval,
        repeat_interval: single.route.repeat_interval,
      });
    }
  });
});

describe('selecting a tree from a rule', () => {
  it("is the tenant's tree for a tenant's own rules, and a label template on the instance's tenant otherwise", () => {
    expect(routingTreeLabel({ kind: 'tenant', tenant: 'inkwell' })).toBe('plotwatch-tenant-inkwell');
    expect(TREE_BY_TENANT_LABEL).toBe(
      '{{ if $labels.tenant }}plotwatch-tenant-{{ $labels.tenant }}{{ else }}plotwatch-platform{{ end }}',
    );
    expect(routingTreeOf({ kind: 'by-label' }, { tenant: 'inkwell' })).toBe('plotwatch-tenant-inkwell');
    expect(routingTreeOf({ kind: 'by-label' }, { tenant: '' })).toBe(PLATFORM_ROUTING_TREE);
    expect(routingTreeOf({ kind: 'by-label' }, {})).toBe(PLATFORM_ROUTING_TREE);
  });
});

// The real amtool routes every tenant x persona x severity, the platform scope and an unknown tenant
// through today's single tree and through what Grafana builds from the named trees, each alert
// carrying the tree label its rule gives it.
describe('the named trees under the real amtool', () => {
  const probes = routingProbes(tenants.map((t) => t.id));
  const withTree = probes.map((p) => ({
    ...p,
    labels: { ...p.labels, [ROUTING_TREE_LABEL]: routingTreeOf({ kind: 'by-label' }, p.labels) },
  }));
  const named: AlertmanagerConfig = {
    ...single,
    route: effectiveRoute(
      trees.map((t) => t.resource),
      { receiver: ORG_DEFAULT, group_by: ['grafana_folder', 'alertname'] },
    ),
    receivers: [...single.receivers, { name: ORG_DEFAULT }],
  };
  let viaSingle: string[][];
  let viaNamed: string[][];
  beforeAll(async () => {
    [viaSingle, viaNamed] = await Promise.all([
      amtoolRoutes(
        alertmanagerYaml(single),
        probes.map((p) => p.labels),
      ),
      amtoolRoutes(
        alertmanagerYaml(named),
        withTree.map((p) => p.labels),
      ),
    ]);
  });

  it('routes every tenant and platform alert to the same receivers as the single tree', () => {
    const known = probes.flatMap((p, i) => (p.scope.kind === 'unknown-tenant' ? [] : [i]));
    expect(known.length).toBe(probes.filter((p) => p.scope.kind !== 'unknown-tenant').length);
    for (const i of known)
      expect([...viaNamed[i]!].sort(), JSON.stringify(probes[i]!.labels)).toEqual([...viaSingle[i]!].sort());
  });

  it('never crosses a tenant boundary; an unknown tenant (no tree of that name) is left to the org default tree', () => {
    const deliveries: Delivery[] = withTree.map((probe, i) => ({ probe, receivers: viaNamed[i]! }));
    expect(tenantLeaks(deliveries, [...plan.receivers]).filter((l) => l.receiver !== ORG_DEFAULT)).toEqual([]);
    for (const d of deliveries.filter((d) => d.probe.scope.kind === 'unknown-tenant'))
      expect(d.receivers).toEqual([ORG_DEFAULT]);
  });

  it("routes a tenant's own rules (a static tree label) as the templated label does", async () => {
    const own = probes.filter((p) => p.scope.kind === 'tenant');
    const routed = await amtoolRoutes(
      alertmanagerYaml(named),
      own.map((p) => ({
        ...p.labels,
        [ROUTING_TREE_LABEL]: routingTreeLabel({ kind: 'tenant', tenant: (p.scope as { tenant: string }).tenant }),
      })),
    );
    own.forEach((p, i) => expect(routed[i], JSON.stringify(p.labels)).toEqual(viaNamed[probes.indexOf(p)]));
  });

  it("sends an alert that names another tenant's tree to the platform default, never to either tenant", async () => {
    const own = probes.filter((p) => p.scope.kind === 'tenant');
    const ids = tenants.map((t) => t.id).sort();
    const other = (id: string) => ids[(ids.indexOf(id) + 1) % ids.length]!;
    const routed = await amtoolRoutes(
      alertmanagerYaml(named),
      own.map((p) => ({ ...p.labels, [ROUTING_TREE_LABEL]: tenantRoutingTree(other(p.labels.tenant!)) })),
    );
    for (const r of routed) expect(r).toEqual([plan.defaultReceiver]);
  });
});
