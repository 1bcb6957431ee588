import { folderUid } from '@plotwatch/grafana';
import { environment, loadTenants, PERSONAS, type Tenant } from '@plotwatch/platform';
import {
  PLATFORM_ROUTING_TREE,
  ROUTING_TREE_API_VERSION,
  ROUTING_TREE_LABEL,
  tenantRoutingTree,
  TREE_BY_TENANT_LABEL,
} from '@plotwatch/routing';
import { demoTenantFiles, readTree, repoPath, secretFindings } from '@plotwatch/testing';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { asTree, compileOrThrow, repoTenants } from '../test-support.ts';
import { panelIndex } from './producer.ts';
import { routingArtifacts } from './routing.ts';

const routingOf = (tenants: readonly Tenant[]) =>
  routingArtifacts({
    tenants,
    env: environment('prod'),
    sourcePath: (u) => u,
    panels: panelIndex([]),
    earlier: [],
    defined: [],
  });

const TREES = 'grafana/alerting/routing-trees/';

/** The demo tenant files, with one more notification channel in `id`'s file. */
function tenantsWithNewChannel(id: string): Tenant[] {
  const files = demoTenantFiles().map((f) => {
    const doc = parse(f.text) as { id: string; notifications: object[] };
    if (doc.id !== id) return f;
    doc.notifications.push({ name: 'audit-mail', type: 'email', to: `audit@${id}.example` });
    return { ...f, text: stringify(doc) };
  });
  const loaded = loadTenants(files);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.tenants;
}

/** Paths whose content differs between two builds (or that only one of them has). */
function changed(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
}

describe('routingArtifacts', () => {
  const tenants = repoTenants();
  const { artifacts, errors } = routingOf(tenants);

  it('writes the Alertmanager config, the three Grafana provisioning bodies and a routing tree per tenant and the platform, without errors', () => {
    expect(errors).toEqual([]);
    expect(artifacts.map((a) => [a.path, a.kind])).toEqual([
      ['alertmanager/alertmanager.yaml', 'alertmanager-config'],
      ['grafana/alerting/contact-points.json', 'grafana-alerting'],
      ['grafana/alerting/notification-policy.json', 'grafana-alerting'],
      ['grafana/alerting/mute-timings.json', 'grafana-alerting'],
      ...[PLATFORM_ROUTING_TREE, ...tenants.map((t) => tenantRoutingTree(t.id)).sort()].map((name) => [
        `${TREES}${name}.json`,
        'grafana-alerting',
      ]),
    ]);
  });

  it('writes each tree as the resource Grafana reads, named as its file', () => {
    for (const a of artifacts.filter((x) => x.path.startsWith(TREES))) {
      const tree = JSON.parse(a.content) as { apiVersion: string; kind: string; metadata: { name: string } };
      expect(tree.apiVersion).toBe(ROUTING_TREE_API_VERSION);
      expect(tree.kind).toBe('RoutingTree');
      expect(`${TREES}${tree.metadata.name}.json`).toBe(a.path);
      expect(a.content.endsWith('}\n')).toBe(true);
    }
  });

  it("changes, when one tenant's file changes, that tenant's tree and no other tree (every tenant in turn)", () => {
    const before = new Map(artifacts.map((a) => [a.path, a.content]));
    for (const { id } of tenants) {
      const after = new Map(routingOf(tenantsWithNewChannel(id)).artifacts.map((a) => [a.path, a.content]));
      expect(
        changed(before, after).filter((p) => p.startsWith(TREES)),
        id,
      ).toEqual([`${TREES}${tenantRoutingTree(id)}.json`]);
      expect(after.get(`${TREES}${tenantRoutingTree(id)}.json`)).toContain(`tenant/${id}/audit-mail`);
    }
  });

  it('makes, after one tenant changed, what tenants made afresh make: what it kept of the others is theirs', () => {
    // loadTenants gives an unchanged file's tenant as the same object: its routing is kept, not made again.
    for (const { id } of tenants) {
      const edited = tenantsWithNewChannel(id);
      const kept = routingOf(edited).artifacts;
      expect(kept, id).toEqual(routingOf(edited.map((t) => structuredClone(t))).artifacts);
      expect(kept.find((a) => a.path === 'alertmanager/alertmanager.yaml')!.content).toContain(
        `tenant/${id}/audit-mail`,
      );
    }
  });

  it('is deterministic: the same tenants give byte-identical files', () => {
    expect(routingOf([...tenants].reverse()).artifacts).toEqual(artifacts);
  });

  it('gives every secret of alertmanager.yaml as a *_file path only', () => {
    const config = artifacts[0]!.content;
    const fileFields = [...config.matchAll(/(\w+_file): (.*)/g)].map(([, key, value]) => [key, value]);
    expect(fileFields.length).toBeGreaterThan(0);
    for (const [key, value] of fileFields) expect(value, key).toMatch(/^\/etc\/alertmanager\/secrets\/[\w/.-]+$/);
    expect(parse(config)).toBeTruthy();
  });
});

describe('the whole build, one tenant changed', () => {
  it("changes that tenant's routing tree, the single tree and the contact points, and no other tree or rule group", () => {
    const id = repoTenants()[0]!.id;
    const diff = changed(asTree(compileOrThrow()), asTree(compileOrThrow(tenantsWithNewChannel(id))));
    expect(diff.filter((p) => p.startsWith('grafana/'))).toEqual(
      [
        'grafana/alerting/contact-points.json',
        'grafana/alerting/notification-policy.json',
        `${TREES}${tenantRoutingTree(id)}.json`,
      ].sort(),
    );
  });
});

describe('Grafana rule groups', () => {
  const tenants = repoTenants();
  const tree = asTree(compileOrThrow(tenants));
  const groups = [...tree].filter(([p]) => p.startsWith('grafana/alerting/rules/'));
  const ownFolder = new Map(
    tenants.flatMap((t) => PERSONAS.map((p) => [folderUid({ kind: 'tenant', tenant: t }, p), t.id] as const)),
  );

  it("route by a tree that is written: a tenant's folder its tenant's, the platform's folders the instance's tenant's", () => {
    expect(groups.length).toBeGreaterThan(0);
    for (const [path, content] of groups) {
      const group = JSON.parse(content) as { folderUid: string; rules: Array<{ labels: Record<string, string> }> };
      const own = ownFolder.get(group.folderUid);
      for (const rule of group.rules) {
        const selected = rule.labels[ROUTING_TREE_LABEL];
        if (own) {
          expect(selected, path).toBe(tenantRoutingTree(own));
          expect(tree.has(`${TREES}${selected}.json`), path).toBe(true);
        } else expect(selected, path).toBe(TREE_BY_TENANT_LABEL);
      }
    }
  });
});

describe('out/', () => {
  it('holds no secret-looking value, committed or freshly built', async () => {
    expect(secretFindings(await readTree(repoPath('out')))).toEqual([]);
    expect(secretFindings(asTree(compileOrThrow()))).toEqual([]);
  });
});
