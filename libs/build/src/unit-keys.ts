import type { DashboardSchema, Environment, Tenant } from '@plotwatch/platform';
import type { Digest } from './artifacts.ts';
import { keptBy } from './kept.ts';
import type { PanelIndex } from './producers/producer.ts';
import type { RestProducer, TenantField } from './compile.ts';

/**
 * The keys of an incremental build's units: a unit's outputs may be reused while its key is
 * unchanged, so a key holds everything its outputs depend on. A dashboard unit (one definition in
 * one tenant's scope, or the platform's) depends on the code every unit shares, its definition's
 * own modules, its tenant, the environment and the schemas written. A producer of the rest of out/
 * (access model, routing, rules, manifests: one unit each) depends on the shared code, the
 * environment, the fields it reads of every tenant (`RestProducer.reads`), what the producers it
 * wraps made (their keys), and the dashboards only through the panels its alerts link to
 * (`recordingPanelIndex`).
 */
export interface UnitKeys {
  dashboard(definitionSource: string, tenant: Tenant | undefined): string;
  /** `wrapped`: the keys of the producers it wraps (`RestProducer.wraps`). */
  rest(producer: RestProducer, wrapped: readonly string[]): string;
}

/** Bumped when what a unit keeps, or how its key is made, changes: older caches are then ignored. */
export const UNIT_FORMAT = 3;

export function unitKeys(
  digest: Digest,
  code: { readonly shared: string; definition(source: string): string },
  env: Environment,
  schemas: readonly DashboardSchema[],
  tenants: readonly Tenant[],
): UnitKeys {
  const base = digest(JSON.stringify([UNIT_FORMAT, code.shared, env, schemas]));
  const tenantKeys = new Map(tenants.map((t) => [t.id, tenantDigest(digest, t)]));
  const known = knownKeys(digest);
  return {
    dashboard: (source, tenant) => {
      const text = `${base} ${code.definition(source)} ${tenant ? tenantKeys.get(tenant.id) : 'platform'}`;
      return known(text, () => digest(text));
    },
    rest: (producer, wrapped) => {
      const read = tenants.map((t) => fieldsDigest(digest, t, producer.reads)).join(' ');
      return digest(`${base} ${producer.name} [${wrapped.join(' ')}] ${read}`);
    },
  };
}

/**
 * Dashboard units' keys by what they digest, per digest function: a long-lived build process asks
 * for the same 9,000 keys (at 1,000 tenants) build after build, and a lookup is cheaper than a digest.
 */
function knownKeys(digest: Digest): (text: string, make: () => string) => string {
  let known = dashboardKeys.get(digest);
  if (!known) dashboardKeys.set(digest, (known = keptBy<string, string>(50_000)));
  return known;
}

const dashboardKeys = new WeakMap<Digest, (text: string, make: () => string) => string>();

/**
 * A tenant's digest, made once per tenant object and digest function: a long-lived build process
 * loads an unchanged tenant file as the same object (a thousand tenants' JSON hashed every build
 * otherwise). Without its `source`: that is the file's path as messages name it (relative to where
 * the command runs), and no output holds it; a build run from another folder reuses every unit.
 */
function tenantDigest(digest: Digest, tenant: Tenant): string {
  let byTenant = tenantDigests.get(digest);
  if (!byTenant) tenantDigests.set(digest, (byTenant = new WeakMap()));
  let key = byTenant.get(tenant);
  if (key === undefined) byTenant.set(tenant, (key = digest(JSON.stringify({ ...tenant, source: undefined }))));
  return key;
}

const tenantDigests = new WeakMap<Digest, WeakMap<Tenant, string>>();

/**
 * The digest of a tenant's id, tenancy and `fields`, made once per tenant object, digest function
 * and list of fields (a producer's `reads`, the same array build after build).
 */
function fieldsDigest(digest: Digest, tenant: Tenant, fields: readonly TenantField[]): string {
  let byTenant = fieldDigests.get(digest);
  if (!byTenant) fieldDigests.set(digest, (byTenant = new WeakMap()));
  let byFields = byTenant.get(tenant);
  if (!byFields) byTenant.set(tenant, (byFields = new WeakMap()));
  let key = byFields.get(fields);
  if (key === undefined) {
    const read = [tenant.id, tenant.tenancy, ...fields.map((f) => tenant[f])];
    byFields.set(fields, (key = digest(JSON.stringify(read))));
  }
  return key;
}

const fieldDigests = new WeakMap<Digest, WeakMap<Tenant, WeakMap<readonly TenantField[], string>>>();

/**
 * What the checks of a unit's artifacts depend on beyond the unit's own key: the series the rule
 * files record (a query of a recorded series is checked against them).
 */
export function checkKey(digest: Digest, recorded: ReadonlySet<string>): string {
  return digest([...recorded].sort().join('\n'));
}

/** One question asked of a panel index, and its answer: a unit's outputs hold while every answer does. */
export type PanelLookup =
  | { readonly uid: string; readonly title: string; readonly id: number | 'ambiguous' | null }
  | { readonly uid: string; readonly titles: readonly string[] | null };

/** A panel index that writes down every question asked of it and the answer given. */
export function recordingPanelIndex(index: PanelIndex): { index: PanelIndex; lookups: PanelLookup[] } {
  const lookups: PanelLookup[] = [];
  return {
    lookups,
    index: {
      panelId(uid, title) {
        const id = index.panelId(uid, title);
        lookups.push({ uid, title, id: id ?? null });
        return id;
      },
      panelTitles(uid) {
        const titles = index.panelTitles(uid);
        lookups.push({ uid, titles: titles ?? null });
        return titles;
      },
    },
  };
}

/** Whether `index` answers every lookup as it was answered when they were written down. */
export function lookupsHold(lookups: readonly PanelLookup[], index: PanelIndex): boolean {
  return lookups.every((l) =>
    'title' in l
      ? (index.panelId(l.uid, l.title) ?? null) === l.id
      : JSON.stringify(index.panelTitles(l.uid) ?? null) === JSON.stringify(l.titles),
  );
}
