import { environments, personas as personaRecord } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { mimirDatasource, tenantDatasources } from './datasources.ts';
import { sampleTenant } from './test-support.ts';

const personas = Object.values(personaRecord);
const mimir = sampleTenant({ id: 'globex', tenancy: 'mimir' });

describe('mimir datasources', () => {
  const ds = mimirDatasource(mimir, environments.prod, personas);

  it("queries Mimir's query frontend as the tenant's org, with exemplars linked to Tempo", () => {
    expect(ds).toMatchObject({
      uid: 'mimir-prod-globex',
      type: 'prometheus',
      url: expect.stringMatching(/query-frontend.*\/prometheus$/),
      jsonData: {
        httpHeaderName1: 'X-Scope-OrgID',
        exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'tempo-prod' }],
      },
    });
  });

  it('holds no secret, only a reference Grafana resolves when it loads the datasource', () => {
    for (const value of Object.values(ds.secureJsonData)) expect(value).toMatch(/^\$__(file|env)\{[^}]+\}$/);
  });

  it("may be queried by the tenant's teams only (and administered by platform ops)", () => {
    expect(ds.permissions).toEqual([
      { team: 'platform-ops', permission: 'Admin' },
      { team: 'globex-ops', permission: 'Query' },
      { team: 'globex-ml', permission: 'Query' },
      { team: 'globex-product', permission: 'Query' },
    ]);
  });

  it('exist only for tenants in mimir mode', () => {
    expect(
      tenantDatasources([sampleTenant({ id: 'acme' }), mimir], environments.prod, personas).map((d) => d.uid),
    ).toEqual(['mimir-prod-globex']);
    expect(() => mimirDatasource(sampleTenant({ id: 'acme' }), environments.prod, personas)).toThrow(
      /acme is in label mode/,
    );
  });
});
