import { personas as personaRecord } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { folderTree, teams, tenantTeam, type Folder } from './folders.ts';
import { sampleTenant } from './test-support.ts';

const personas = Object.values(personaRecord);
const tenants = [sampleTenant({ id: 'acme' }), sampleTenant({ id: 'globex', displayName: 'Globex', tenancy: 'mimir' })];
const folders = folderTree(tenants, personas);
const byUid = new Map(folders.map((f) => [f.uid, f]));
const viewers = (f: Folder) => f.permissions.map((p) => p.team);

describe('folderTree', () => {
  it('nests Platform/<Persona> and <Tenant>/<Persona>', () => {
    expect(folders.map((f) => `${f.parentUid ? `${byUid.get(f.parentUid)!.title}/` : ''}${f.title}`)).toEqual([
      'Platform',
      'Platform/Operations',
      'Platform/Machine learning',
      'Platform/Product',
      'Acme',
      'Acme/Operations',
      'Acme/Machine learning',
      'Acme/Product',
      'Globex',
      'Globex/Operations',
      'Globex/Machine learning',
      'Globex/Product',
    ]);
    expect(new Set(folders.map((f) => f.uid)).size).toBe(folders.length);
  });

  it('lets platform ops administer every folder', () => {
    for (const f of folders) expect(f.permissions).toContainEqual({ team: 'platform-ops', permission: 'Admin' });
  });

  it.each(tenants.flatMap((t) => personas.map((p) => [tenantTeam(t.id, p.id), t.id] as const)))(
    "shows team %s its own tenant's folders and nothing else",
    (team, tenantId) => {
      const visible = folders.filter((f) => viewers(f).includes(team)).map((f) => f.uid);
      expect(visible).toEqual(folders.filter((f) => f.uid.startsWith(`tenant-${tenantId}`)).map((f) => f.uid));
    },
  );

  it.each(personas.filter((p) => p.id !== 'ops'))(
    "shows the platform team of $id the platform folders and every tenant's $id folder",
    (persona) => {
      const visible = folders.filter((f) => viewers(f).includes(persona.team)).map((f) => f.uid);
      expect(visible).toEqual([
        'platform',
        'platform-ops',
        'platform-ml',
        'platform-product',
        ...tenants.map((t) => `tenant-${t.id}-${persona.id}`),
      ]);
    },
  );

  it('lists on each folder at least what it inherits from its parent (Grafana nested folders inherit)', () => {
    for (const f of folders.filter((x) => x.parentUid)) {
      expect(f.permissions).toEqual(expect.arrayContaining([...byUid.get(f.parentUid!)!.permissions]));
    }
  });
});

describe('teams', () => {
  it('has the platform persona teams and one team per tenant and persona', () => {
    expect(teams(tenants, personas).map((t) => t.name)).toEqual([
      'platform-ops',
      'platform-ml',
      'platform-product',
      'acme-ops',
      'acme-ml',
      'acme-product',
      'globex-ops',
      'globex-ml',
      'globex-product',
    ]);
  });
});
