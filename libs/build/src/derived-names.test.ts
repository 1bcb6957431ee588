import {
  environments,
  loadTenants,
  resolveTenant,
  TENANT_ID,
  tenantIdConflict,
  PERSONAS,
  type Tenant,
} from '@plotwatch/platform';
import { dashboards } from '@plotwatch/dashboards';
import { demoTenants } from '@plotwatch/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivedNames, nameClashes } from './derived-names.ts';

const env = environments.prod;

/** A tenant file for `id`, as a user writes one; `mimir` gives it a datasource of its own. */
const tenantFile = (id: string, mimir = false) => ({
  path: `tenants/${id}.yaml`,
  text:
    `# tenant ${id}\nid: '${id}'\ndisplayName: '${id}'\ntier: pro\n${mimir ? 'tenancy: mimir\n' : ''}` +
    'notifications:\n  - name: ops-mail\n    type: email\n    to: ops@tenant.example\n',
});

function load(ids: readonly string[], mimir: (id: string) => boolean = () => false): Tenant[] {
  const result = loadTenants(ids.map((id) => tenantFile(id, mimir(id))));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.tenants;
}

/** Resolved without the tenant file's checks, so that the id rule is not what refuses them: what the build check must catch. */
const unchecked = (ids: readonly string[]) =>
  ids.map((id) =>
    resolveTenant(
      {
        id,
        displayName: id,
        tier: 'pro',
        tenancy: 'label',
        notifications: [{ name: 'mail', type: 'email', to: 'a@b.example' }],
      },
      `tenants/${id}.yaml`,
    ),
  );

const isValidId = (id: string) => TENANT_ID.test(id) && tenantIdConflict(id) === undefined;

// Words that make prefixes of each other and persona-like, platform-like suffixes.
const word = fc.oneof(
  fc.constantFrom('a', 'b', 'ink', 'well', 'inkwell', 'aurora', 'books', 'x1', 'team', 'tenant', 'platform'),
  fc.constantFrom(...PERSONAS, 'ops1', 'mlops', 'products', 'story', 'api', 'cost'),
  fc.stringMatching(/^[a-z0-9]{1,4}$/),
);
const id = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join('-'));
/** A set of ids in which some are others plus a few words: the shape that collided. */
const idSet = fc
  .tuple(fc.array(id, { minLength: 1, maxLength: 4 }), fc.array(fc.array(word, { minLength: 1, maxLength: 2 })))
  .map(([bases, tails]) => [...bases, ...tails.map((tail, i) => `${bases[i % bases.length]}-${tail.join('-')}`)]);

describe('derived names', () => {
  it("of the repository's tenants and the platform are all distinct", () => {
    expect(nameClashes(derivedNames(demoTenants(), env, dashboards))).toEqual([]);
  });

  // 1,000 runs: with either id rule dropped (one persona word allowed after the first, or the id
  // platform), a clash shows within 200 runs for every one of 60 seeds (median 10-24), and by run
  // 40 for this seed; each run loads its tenant files (~0.3 ms each), 10,000 runs took ~9 s.
  it(
    'never meet for any set of valid ids (1,000 random sets with prefixes and persona-like words)',
    { timeout: 120_000 },
    () => {
      let withPrefixes = 0;
      fc.assert(
        fc.property(idSet, fc.boolean(), (ids, mimir) => {
          const valid = [...new Set(ids.filter(isValidId))];
          if (valid.some((a) => valid.some((b) => b.startsWith(`${a}-`)))) withPrefixes++;
          const tenants = load(valid, (i) => mimir && i.length % 2 === 0);
          expect(nameClashes(derivedNames(tenants, env, dashboards))).toEqual([]);
        }),
        { numRuns: 1_000, seed: 19 },
      );
      // The property is about ids that extend others: most sets must have some.
      expect(withPrefixes).toBeGreaterThan(500);
    },
  );

  it('would meet for ids the rule refuses: a and a-ops, each tenant file named', () => {
    const errors = nameClashes(derivedNames(unchecked(['a', 'a-ops']), env, dashboards));
    expect(errors[0]).toBe(
      'tenants/a-ops.yaml: Grafana uid "tenant-a-ops" is both tenant a\'s Operations folder (tenants/a.yaml) ' +
        "and tenant a-ops's root folder (tenants/a-ops.yaml): one would overwrite the other; rename one of the two tenants",
    );
  });

  it('would meet the platform for a tenant named platform', () => {
    const errors = nameClashes(derivedNames(unchecked(['platform']), env, dashboards));
    expect(errors).toContain(
      'tenants/platform.yaml: Grafana team "platform-ops" is both the platform\'s ops team and tenant platform\'s ops team (tenants/platform.yaml): one would overwrite the other; rename the tenant',
    );
  });

  it('refuses a-ops and platform at the tenant file, and builds ink beside inkwell', () => {
    const result = loadTenants([tenantFile('a'), tenantFile('a-ops'), tenantFile('platform')]);
    expect(result.ok ? [] : result.errors).toEqual([
      'tenants/a-ops.yaml:2: id must not have the persona "ops" as a word after its first: names join a tenant id and a persona with "-", ' +
        "so this id's names could equal tenant a's (its ops folder is tenant-a-ops); choose an id without ops, ml, product after its first word",
      'tenants/platform.yaml:2: id must not be "platform", which the platform\'s own names use (reserved: platform, tenant, plotwatch); choose another id',
    ]);
    expect(nameClashes(derivedNames(load(['ink', 'inkwell', 'ink-well']), env, dashboards))).toEqual([]);
  });
});
