import type { Folder } from '@plotwatch/grafana';
import { describe, expect, it } from 'vitest';
import type { DesiredRoutingTree, DesiredState } from './desired.ts';
import {
  dashboardsToInspect,
  untouchedSincePublish,
  type ObservedDashboard,
  type ObservedFolder,
  type ObservedResource,
  type ObservedState,
  type StoredDashboard,
} from './observe.ts';
import { contains, plan, type Change, type PlanOptions } from './plan.ts';
import { contentSha256, MANAGED_TAG, sourceTag } from './stamp.ts';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const view = (team: string) => ({ team, permission: 'View' as const });
const folder = (uid: string, parentUid?: string, teams: string[] = ['t-ops']): Folder => ({
  uid,
  title: uid.toUpperCase(),
  ...(parentUid ? { parentUid } : {}),
  permissions: teams.map(view),
});

const desired: DesiredState = {
  teams: ['t-ops'],
  folders: [folder('tenant-t'), folder('tenant-t-ops', 'tenant-t')],
  dashboards: [
    {
      uid: 't-ops-api',
      folderUid: 'tenant-t-ops',
      sha256: SHA_A,
      path: 'grafana/dashboards/tenants/t/ops/t-ops-api.json',
    },
    {
      uid: 't-ops-events',
      folderUid: 'tenant-t-ops',
      sha256: SHA_A,
      path: 'grafana/dashboards/tenants/t/ops/t-ops-events.json',
    },
  ],
};

const managed = (uid: string, folderUid: string, sha = SHA_A, title = uid): ObservedDashboard => ({
  uid,
  title,
  folderUid,
  tags: ['plotwatch', MANAGED_TAG, sourceTag(sha, title, ['plotwatch'])],
});
const unmanaged = (uid: string, folderUid?: string): ObservedDashboard => ({
  uid,
  title: uid,
  tags: ['plotwatch'],
  ...(folderUid ? { folderUid } : {}),
});
const teamAcl = (team: string, permission = 1) => ({ team, teamId: 7, permission });

/** Grafana after a clean publish of `desired`, changed by `overrides`. */
function observed(
  overrides: Partial<{
    dashboards: ObservedDashboard[];
    folders: ObservedFolder[];
    stored: Record<string, StoredDashboard>;
  }> = {},
): ObservedState {
  const folders = overrides.folders ?? [
    { uid: 'tenant-t', title: 'TENANT-T' },
    { uid: 'tenant-t-ops', title: 'TENANT-T-OPS', parentUid: 'tenant-t' },
  ];
  const dashboards = overrides.dashboards ?? [
    managed('t-ops-api', 'tenant-t-ops'),
    managed('t-ops-events', 'tenant-t-ops'),
  ];
  return {
    teams: new Map([['t-ops', 7]]),
    folders: new Map(folders.map((f) => [f.uid, f])),
    permissions: new Map([
      ['tenant-t', [teamAcl('t-ops')]],
      ['tenant-t-ops', [teamAcl('t-ops')]],
    ]),
    dashboards: new Map(dashboards.map((d) => [d.uid, d])),
    stored: new Map(Object.entries(overrides.stored ?? {})),
  };
}

const pending = (changes: readonly Change[]) =>
  changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.kind} ${c.key}`);
const noFlags: PlanOptions = { prune: false, force: false };
const clean: StoredDashboard = { version: 3, editedSincePublish: false };
const edited: StoredDashboard = { version: 5, editedSincePublish: true };

describe('plan', () => {
  it('creates everything in an empty Grafana, permissions included', () => {
    const empty: ObservedState = {
      teams: new Map(),
      folders: new Map(),
      permissions: new Map(),
      dashboards: new Map(),
      stored: new Map(),
    };
    expect(pending(plan(desired, empty, noFlags).changes)).toEqual([
      'create team t-ops',
      'create folder tenant-t',
      'create folder tenant-t-ops',
      'update folder-permissions tenant-t',
      'update folder-permissions tenant-t-ops',
      'create dashboard t-ops-api',
      'create dashboard t-ops-events',
    ]);
  });

  it('has nothing to do when the tags show the same out/ file in the same folder', () => {
    expect(pending(plan(desired, observed(), noFlags).changes)).toEqual([]);
  });

  it('updates a dashboard whose out/ file changed, sending back the version it read', () => {
    const state = observed({
      dashboards: [managed('t-ops-api', 'tenant-t-ops', SHA_B), managed('t-ops-events', 'tenant-t-ops')],
      stored: { 't-ops-api': clean },
    });
    const changes = plan(desired, state, noFlags).changes;
    expect(pending(changes)).toEqual(['update dashboard t-ops-api']);
    expect(changes.find((c) => c.key === 't-ops-api')).toMatchObject({ version: 3, overwrite: false });
  });

  it('moves a dashboard that sits in another folder', () => {
    const state = observed({
      dashboards: [managed('t-ops-api', 'tenant-t'), managed('t-ops-events', 'tenant-t-ops')],
      stored: { 't-ops-api': clean },
    });
    expect(plan(desired, state, noFlags).changes.find((c) => c.key === 't-ops-api')).toMatchObject({
      action: 'update',
      reason: 'folder tenant-t -> tenant-t-ops',
    });
  });

  it('fetches and reports as drift a dashboard whose title was changed in Grafana, out/ unchanged', () => {
    const retitled = { ...managed('t-ops-api', 'tenant-t-ops'), title: 'Renamed by hand' };
    const hits = new Map([
      ['t-ops-api', retitled],
      ['t-ops-events', managed('t-ops-events', 'tenant-t-ops')],
    ]);
    expect(dashboardsToInspect(desired, hits, false)).toEqual(['t-ops-api']);
    const state = observed({
      dashboards: [...hits.values()],
      stored: { 't-ops-api': { ...edited, publishedFrom: SHA_A } },
    });
    const change = plan(desired, state, noFlags).changes.find((c) => c.key === 't-ops-api');
    expect(change).toMatchObject({ action: 'drift' });
    expect(change?.reason).not.toContain('out/ changed');
  });

  it('reports a dashboard edited by hand as drift, and overwrites it only with --force', () => {
    const state = observed({
      dashboards: [managed('t-ops-api', 'tenant-t-ops', SHA_B), managed('t-ops-events', 'tenant-t-ops')],
      stored: { 't-ops-api': edited },
    });
    expect(pending(plan(desired, state, noFlags).changes)).toEqual(['drift dashboard t-ops-api']);
    expect(
      plan(desired, state, { prune: false, force: true }).changes.find((c) => c.key === 't-ops-api'),
    ).toMatchObject({ action: 'update', overwrite: true, version: 5 });
  });

  it('does not take over a dashboard it did not publish, unless --force', () => {
    const state = observed({
      dashboards: [unmanaged('t-ops-api', 'tenant-t-ops'), managed('t-ops-events', 'tenant-t-ops')],
      stored: { 't-ops-api': { version: 9, editedSincePublish: true } },
    });
    expect(pending(plan(desired, state, noFlags).changes)).toEqual(['drift dashboard t-ops-api']);
    expect(
      plan(desired, state, { prune: false, force: true }).changes.find((c) => c.key === 't-ops-api'),
    ).toMatchObject({ action: 'update', overwrite: true });
  });

  it('without --prune leaves a managed dashboard out/ dropped, with a note', () => {
    const state = observed({
      dashboards: [
        managed('t-ops-api', 'tenant-t-ops'),
        managed('t-ops-events', 'tenant-t-ops'),
        managed('t-ops-old', 'tenant-t-ops'),
      ],
    });
    const result = plan(desired, state, noFlags);
    expect(pending(result.changes)).toEqual([]);
    expect(result.notes.join()).toContain('t-ops-old');
  });

  it('--prune deletes managed dashboards out/ dropped, never unmanaged ones, and not hand-edited ones without --force', () => {
    const state = observed({
      dashboards: [
        managed('t-ops-api', 'tenant-t-ops'),
        managed('t-ops-events', 'tenant-t-ops'),
        managed('t-ops-old', 'tenant-t-ops'),
        managed('t-ops-tuned', 'tenant-t-ops'),
        unmanaged('mine', 'tenant-t-ops'),
      ],
      stored: { 't-ops-old': clean, 't-ops-tuned': edited },
    });
    expect(pending(plan(desired, state, { prune: true, force: false }).changes)).toEqual([
      'delete dashboard t-ops-old',
      'drift dashboard t-ops-tuned',
    ]);
    expect(pending(plan(desired, state, { prune: true, force: true }).changes)).toEqual([
      'delete dashboard t-ops-old',
      'delete dashboard t-ops-tuned',
    ]);
  });

  it("--prune deletes a dropped tenant's folders, top folder first, with their dashboards in one request", () => {
    const folders = [
      { uid: 'tenant-t', title: 'TENANT-T' },
      { uid: 'tenant-t-ops', title: 'TENANT-T-OPS', parentUid: 'tenant-t' },
      { uid: 'tenant-gone', title: 'Gone' },
      { uid: 'tenant-gone-ops', title: 'Ops', parentUid: 'tenant-gone' },
      { uid: 'tenant-gone-ml', title: 'ML', parentUid: 'tenant-gone' },
      { uid: 'scratch', title: "Somebody's empty folder" },
      { uid: 'shared', title: 'Shared' },
      { uid: 'shared-ops', title: 'Ops', parentUid: 'shared' },
    ];
    const dashboards = [
      managed('t-ops-api', 'tenant-t-ops'),
      managed('t-ops-events', 'tenant-t-ops'),
      managed('gone-ops-api', 'tenant-gone-ops'),
      managed('shared-api', 'shared-ops'),
      unmanaged('hand-made', 'shared-ops'),
    ];
    const result = plan(
      desired,
      observed({ folders, dashboards, stored: { 'gone-ops-api': clean, 'shared-api': clean } }),
      { prune: true, force: false },
    );
    expect(pending(result.changes)).toEqual([
      'delete folder tenant-gone',
      'delete folder tenant-gone-ops',
      'delete folder tenant-gone-ml',
      'delete dashboard gone-ops-api',
      'delete dashboard shared-api',
    ]);
    const byKey = new Map(result.changes.map((c) => [c.key, c]));
    expect(byKey.get('tenant-gone')).not.toHaveProperty('deletedWith');
    expect(byKey.get('tenant-gone-ops')).toMatchObject({ deletedWith: 'tenant-gone' });
    expect(byKey.get('gone-ops-api')).toMatchObject({ deletedWith: 'tenant-gone' });
    expect(byKey.get('shared-api')).not.toHaveProperty('deletedWith');
  });

  it('renames and re-parents a folder that differs', () => {
    const state = observed({
      folders: [
        { uid: 'tenant-t', title: 'Old name' },
        { uid: 'tenant-t-ops', title: 'TENANT-T-OPS' },
      ],
    });
    expect(
      plan(desired, state, noFlags)
        .changes.filter((c) => c.kind === 'folder' && c.action === 'update')
        .map((c) => c.reason),
    ).toEqual(['title "Old name" -> "TENANT-T"', 'parent (root) -> tenant-t']);
  });

  it('removes the role and user permissions Grafana gives a new folder, and any team not in folders.json', () => {
    const state = {
      ...observed(),
      permissions: new Map([
        ['tenant-t', [teamAcl('t-ops'), { role: 'Viewer' as const, permission: 1 }, { userId: 1, permission: 4 }]],
        ['tenant-t-ops', [teamAcl('t-ops', 2), { team: 'other-tenant', teamId: 9, permission: 1 }]],
      ]),
    };
    expect(
      plan(desired, state, noFlags)
        .changes.filter((c) => c.kind === 'folder-permissions')
        .map((c) => `${c.key}: ${c.reason}`),
    ).toEqual(['tenant-t: -role Viewer View, -user 1 Admin', 'tenant-t-ops: t-ops Edit -> View, -other-tenant View']);
  });
});

describe('plan for alerting', () => {
  const slack = {
    uid: 'cp-slack',
    name: 'team/slack',
    type: 'slack',
    settings: { url: '$__file{/run/secrets/slack-url}' },
  };
  const email = { uid: 'cp-mail', name: 'team/mail', type: 'email', settings: { addresses: 'team@example.com' } };
  const withAlerting: DesiredState = {
    ...desired,
    alerting: { contactPoints: [slack, email], muteTimings: [], ruleGroups: [] },
  };
  const held = {
    ...observed(),
    alerting: {
      contactPoints: [
        { ...slack, settings: { url: '[REDACTED]' }, provenance: 'api' },
        { ...email, provenance: 'api' },
      ],
      muteTimings: [],
      ruleGroups: new Map(),
    },
  };

  it('finds nothing to do when Grafana holds the same, its secrets redacted', () => {
    expect(pending(plan(withAlerting, held, noFlags).changes)).toEqual([]);
  });

  it('--force re-sends the contact points that read secret files (a rotated secret looks the same redacted)', () => {
    expect(pending(plan(withAlerting, held, { prune: false, force: true }).changes)).toEqual([
      'update contact-point cp-slack',
    ]);
  });
});

describe('dashboardsToInspect', () => {
  it('fetches only dashboards whose plan depends on their content', () => {
    const observedDashboards = new Map([
      ['t-ops-api', managed('t-ops-api', 'tenant-t-ops', SHA_B)],
      ['t-ops-events', managed('t-ops-events', 'tenant-t-ops')],
      ['t-ops-old', managed('t-ops-old', 'tenant-t-ops')],
      ['mine', unmanaged('mine')],
    ]);
    expect(dashboardsToInspect(desired, observedDashboards, false)).toEqual(['t-ops-api']);
    expect(dashboardsToInspect(desired, observedDashboards, true)).toEqual(['t-ops-api', 't-ops-old']);
  });
});

describe('contains (alerting resources as Grafana returns them)', () => {
  it.each([
    [{ a: 1, b: [1, 2], extra: 'x', provenance: 'api' }, { a: 1, b: [1, 2] }, true],
    [{ a: 1, b: [1] }, { a: 1, b: [1, 2] }, false],
    [{ settings: { url: '[REDACTED]' } }, { settings: { url: '$__file{/run/secrets/slack}' } }, true],
    [{ settings: {} }, { settings: { url: '$__file{/run/secrets/slack}' } }, false],
    [{ routes: [{ receiver: 'a' }] }, { routes: [{ receiver: 'b' }] }, false],
  ])('%j holds %j: %s', (have, want, expected) => {
    expect(contains(have, want)).toBe(expected);
  });
});

describe('plan through the resource API (lists show only managed objects, with generation and resourceVersion)', () => {
  const listed = (uid: string, folderUid: string, o: Partial<ObservedResource> = {}): ObservedDashboard => ({
    uid,
    title: uid,
    folderUid,
    tags: [],
    resource: {
      resourceVersion: `rv-${uid}`,
      generation: 2,
      publishedGeneration: 2,
      sourceSha256: SHA_A,
      spec: { title: uid },
      ...o,
    },
  });
  const state = (dashboards: ObservedDashboard[], folders?: ObservedFolder[]): ObservedState => {
    const base = observed({ dashboards, ...(folders ? { folders } : {}) });
    const stored = new Map(
      dashboards.map((d) => [
        d.uid,
        {
          version: d.resource!.generation,
          editedSincePublish: !untouchedSincePublish(d.resource!),
          resourceVersion: d.resource!.resourceVersion,
          ...(d.resource!.sourceSha256 ? { publishedFrom: d.resource!.sourceSha256 } : {}),
        },
      ]),
    );
    return { ...base, api: 'resources', stored };
  };

  it('has nothing to do when the source annotation and the generation show the write plotwatch made', () => {
    const s = state([listed('t-ops-api', 'tenant-t-ops'), listed('t-ops-events', 'tenant-t-ops')]);
    expect(pending(plan(desired, s, noFlags).changes)).toEqual([]);
  });

  it('updates with the resourceVersion the list showed when out/ changed', () => {
    const s = state([
      listed('t-ops-api', 'tenant-t-ops', { sourceSha256: SHA_B }),
      listed('t-ops-events', 'tenant-t-ops'),
    ]);
    const change = plan(desired, s, noFlags).changes.find((c) => c.key === 't-ops-api');
    expect(change).toMatchObject({
      action: 'update',
      resourceVersion: 'rv-t-ops-api',
      generation: 2,
      reason: 'out/ changed',
    });
  });

  it('a generation past the one plotwatch left is a hand edit: drift, out/ changed or not; --force overwrites', () => {
    const s = state([listed('t-ops-api', 'tenant-t-ops', { generation: 3 }), listed('t-ops-events', 'tenant-t-ops')]);
    expect(pending(plan(desired, s, noFlags).changes)).toEqual(['drift dashboard t-ops-api']);
    expect(plan(desired, s, noFlags).changes.find((c) => c.key === 't-ops-api')?.reason).toContain(
      'generation 3, plotwatch left it at 2',
    );
    expect(plan(desired, s, { prune: false, force: true }).changes.find((c) => c.key === 't-ops-api')).toMatchObject({
      action: 'update',
      resourceVersion: 'rv-t-ops-api',
    });
  });

  it('a generation record that is off is not an edit while the spec still hashes to what plotwatch sent', () => {
    const spec = { title: 't-ops-api' };
    const s = state([
      listed('t-ops-api', 'tenant-t-ops', { generation: 3, contentSha256: contentSha256(spec), spec }),
      listed('t-ops-events', 'tenant-t-ops'),
    ]);
    expect(pending(plan(desired, s, noFlags).changes)).toEqual([]);
  });

  it('--prune deletes pruned objects one by one, a folder after its contents, only if Grafana counts nothing else in it', () => {
    const folders = (holds: Record<string, number>): ObservedFolder[] => [
      { uid: 'tenant-t', title: 'TENANT-T' },
      { uid: 'tenant-t-ops', title: 'TENANT-T-OPS', parentUid: 'tenant-t' },
      { uid: 'tenant-gone', title: 'Gone', resourceVersion: 'rv-gone', holds },
    ];
    const dashboards = [
      listed('t-ops-api', 'tenant-t-ops'),
      listed('t-ops-events', 'tenant-t-ops'),
      listed('gone-api', 'tenant-gone'),
    ];
    const clean = plan(desired, state(dashboards, folders({ dashboards: 1, folders: 0, alertrules: 0 })), {
      prune: true,
      force: false,
    });
    expect(pending(clean.changes)).toEqual(['delete folder tenant-gone', 'delete dashboard gone-api']);
    expect(clean.changes.find((c) => c.key === 'tenant-gone')).toMatchObject({
      after: ['dashboard:gone-api'],
      resourceVersion: 'rv-gone',
    });
    expect(clean.changes.find((c) => c.key === 'gone-api')).not.toHaveProperty('deletedWith');

    for (const holds of [{ dashboards: 2 }, { dashboards: 1, alertrules: 3 }, undefined]) {
      const kept = plan(desired, state(dashboards, folders(holds as Record<string, number>)), {
        prune: true,
        force: false,
      });
      expect(pending(kept.changes), JSON.stringify(holds)).toEqual(['delete dashboard gone-api']);
      expect(kept.notes.join()).toContain('kept: they hold what plotwatch did not publish');
    }
  });
});

describe('plan for named routing trees', () => {
  const tree = (name: string, receiver: string): DesiredRoutingTree => ({
    name,
    resource: {
      apiVersion: 'notifications.alerting.grafana.app/v1beta1',
      kind: 'RoutingTree',
      metadata: { name },
      spec: { defaults: { receiver }, routes: [] },
    },
  });
  const wanted: DesiredState = {
    ...desired,
    alerting: {
      contactPoints: [],
      muteTimings: [],
      ruleGroups: [],
      policy: { receiver: 'single-tree' },
      routingTrees: [tree('plotwatch-tenant-a', 'a'), tree('plotwatch-tenant-b', 'b')],
    },
  };
  const held = (trees: Array<[string, string]>): ObservedState => ({
    ...observed(),
    api: 'resources',
    alerting: {
      contactPoints: [],
      muteTimings: [],
      ruleGroups: new Map(),
      routingTrees: new Map(
        trees.map(([name, receiver]) => [
          name,
          { name, spec: { defaults: { receiver }, routes: [] }, resourceVersion: `rv-${name}` },
        ]),
      ),
    },
  });

  it('writes only the tree that differs, with its resourceVersion, and not the single tree', () => {
    const changes = plan(
      wanted,
      held([
        ['plotwatch-tenant-a', 'a'],
        ['plotwatch-tenant-b', 'old'],
      ]),
      noFlags,
    ).changes;
    expect(pending(changes)).toEqual(['update routing-tree plotwatch-tenant-b']);
    expect(changes.find((c) => c.key === 'plotwatch-tenant-b')).toMatchObject({
      resourceVersion: 'rv-plotwatch-tenant-b',
    });
    expect(changes.some((c) => c.kind === 'notification-policy')).toBe(false);
  });

  it('prunes only trees named plotwatch-…, never the default tree or another team’s', () => {
    const s = held([
      ['plotwatch-tenant-a', 'a'],
      ['plotwatch-tenant-b', 'b'],
      ['plotwatch-tenant-gone', 'x'],
      ['user-defined', 'grafana-default-email'],
      ['payments', 'p'],
    ]);
    expect(pending(plan(wanted, s, noFlags).changes)).toEqual([]);
    expect(pending(plan(wanted, s, { prune: true, force: false }).changes)).toEqual([
      'delete routing-tree plotwatch-tenant-gone',
    ]);
  });

  it('publishes the single tree where Grafana has no routing-trees API', () => {
    const legacy = { ...observed(), alerting: { contactPoints: [], muteTimings: [], ruleGroups: new Map() } };
    expect(pending(plan(wanted, legacy, noFlags).changes)).toEqual(['create notification-policy root']);
  });
});
