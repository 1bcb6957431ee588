import {
  startGrafanaTestServer,
  type GrafanaTestServer,
  scratchCheckout,
  startDev,
  type DevProcess,
} from '@plotwatch/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { edit, writeReferencedSecrets } from '../test-support.ts';

const TOKEN = 'glsa_dev_test_token';
const TOKEN_ENV = 'PLOTWATCH_DEV_TEST_TOKEN';

// `plotwatch dev --publish` against the Grafana test server: after the first publish, each save
// sends exactly what it changed, dashboards and alert rule groups alike.
describe('plotwatch dev --publish', { timeout: 240_000 }, () => {
  let root: string;
  let secrets: string;
  let grafana: GrafanaTestServer;
  let dev: DevProcess;
  const writes = () => grafana.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.operation}`);

  beforeAll(async () => {
    root = await scratchCheckout();
    secrets = await mkdtemp(join(tmpdir(), 'plotwatch-dev-secrets-'));
    // The scratch checkout has the repository's tenants: the committed out/ names their secret files.
    await writeReferencedSecrets(join(REPO_ROOT, 'out'), secrets);
    grafana = await startGrafanaTestServer({ token: TOKEN });
    dev = startDev(
      root,
      ['--out', join(root, 'dev-out'), '--publish', grafana.url, '--token-env', TOKEN_ENV, '--secrets-root', secrets],
      { [TOKEN_ENV]: TOKEN },
    );
    expect(await dev.summary()).toMatch(/^plotwatch dev: first build -> .*, \d+ published, in .*; watching$/);
    expect(grafana.state.dashboards.size).toBeGreaterThan(1);
    expect(grafana.state.ruleGroups.size).toBeGreaterThan(1);
  }, 240_000);
  afterAll(async () => {
    await dev?.stop();
    expect(grafana.rejectedRequests).toEqual([]);
    expect(grafana.responseViolations).toEqual([]);
    await grafana?.stop();
    await rm(root, { recursive: true, force: true });
    await rm(secrets, { recursive: true, force: true });
  });

  it('a retitled dashboard: exactly that dashboard is written', async () => {
    grafana.resetRequests();
    await edit(join(root, 'dashboards/ml/platform-fleet.ts'), "title: 'Model fleet'", "title: 'Model fleet (edited)'");
    expect(await dev.summary()).toMatch(/platform-fleet\.ts changed -> 1 of \d+ units rebuilt, .*, 1 published, in/);
    expect(writes()).toHaveLength(1);
    expect(writes()[0]).toMatch(/dashboard/);
    const updated = [...grafana.state.dashboards.values()].filter((d) => d.version > 1);
    expect(updated.map((d) => d.json.title)).toEqual(['Platform · Model fleet (edited)']);
  });

  it("an alert's edited annotation: exactly its rule group is written", async () => {
    grafana.resetRequests();
    await edit(join(root, 'alerts/infra/capacity.ts'), 'is at its CPU limit', 'is at its CPU limit (edited)');
    expect(await dev.summary()).toMatch(/capacity\.ts changed -> \d+ of \d+ units rebuilt, .*, 1 published, in/);
    expect(writes()).toEqual([expect.stringMatching(/^PUT .*rule-groups/)]);
    expect(JSON.stringify([...grafana.state.ruleGroups.values()])).toContain('is at its CPU limit (edited)');
  });
});
