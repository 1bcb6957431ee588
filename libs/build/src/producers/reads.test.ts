import type { Tenant } from '@plotwatch/platform';
import { fixtureTenants } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { produce, produceOne, restProducers, wrappedBy, type TenantField } from '../compile.ts';
import { compileInput } from '../test-support.ts';
import { panelIndex, type Produced } from './producer.ts';

// An incremental build makes a producer of the rest of out/ again only when a field it reads
// changed (`RestProducer.reads`, unit-keys.ts): a field it reads and does not name would leave a
// stale file in out/. Each field is changed by giving every tenant the next tenant's value: the
// fixture tenants differ in every field, so each tenant's value changes.

const tenants = fixtureTenants();
const FIELDS = Object.keys(tenants[0]!).filter(
  (f): f is TenantField => !['id', 'tenancy', 'source'].includes(f),
) satisfies TenantField[];

/** `tenants` with `field` passed on: each takes the next one's value. */
function rotated(field: TenantField): Tenant[] {
  return tenants.map((t, i) => ({ ...t, [field]: tenants[(i + 1) % tenants.length]![field] }));
}

const input = compileInput(tenants);
const panels = panelIndex(produce(input, tenants)[0]!.artifacts);
/** What the producers made for the fixture tenants: a wrapping producer is given these whatever its tenants. */
const made = new Map<string, Produced>();
for (const producer of restProducers)
  made.set(producer.name, produceOne(producer, input, panels, wrappedBy(producer, made)));
const baseline = [...made.values()];

const filesOf = (produced: Produced) => Object.fromEntries(produced.artifacts.map((a) => [a.path, a.content]));

describe('what each producer of the rest reads of a tenant', () => {
  it('changes every field of the fixture tenants when they pass it on', () => {
    // Every field of Tenant, so that a new field is tested too (and named where it is read).
    expect(new Set(FIELDS)).toEqual(
      new Set(['displayName', 'tier', 'slo', 'thresholds', 'seriesBudget', 'notifications', 'maintenanceWindows']),
    );
    for (const field of FIELDS)
      expect(
        rotated(field).filter((t, i) => JSON.stringify(t[field]) !== JSON.stringify(tenants[i]![field])).length,
        field,
      ).toBeGreaterThan(1);
  });

  describe.each(restProducers.map((p, i) => [p.name, p, i] as const))('%s', (_name, producer, i) => {
    const wrapped = wrappedBy(producer, made);
    const madeFor = (tenants: readonly Tenant[]) => produceOne(producer, { ...input, tenants }, panels, wrapped);

    it.each(FIELDS.filter((f) => !producer.reads.includes(f)))(
      'makes the same files whatever the tenants %s',
      (field) => {
        const again = madeFor(rotated(field));
        expect(again.errors).toEqual(baseline[i]!.errors);
        expect(filesOf(again)).toEqual(filesOf(baseline[i]!));
      },
    );

    it.runIf(producer.reads.length > 0).each([...producer.reads])(
      'makes other files when the tenants %s differ',
      (field) => {
        expect(filesOf(madeFor(rotated(field)))).not.toEqual(filesOf(baseline[i]!));
      },
    );
  });
});
