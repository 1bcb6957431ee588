import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { scrapeConfigsOf } from '@plotwatch/kube';
import { startSim, type SimServer } from '@plotwatch/narrative-sim';
import { startPrometheus, writeTree, type RunningServer } from '@plotwatch/testing';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { query } from './reference.ts';

/**
 * The generated rules on the live demo platform, scraped the way the generated ServiceMonitors
 * say: each service on its own listener behind the bearer token of the monitors' Secret, with
 * their paths and metric relabelings; the exporters' tenant-less series with honoured labels,
 * as kube-prometheus-stack scrapes kube-state-metrics.
 */
const tenants = repoTenants()
  .filter((t) => t.tenancy === 'label')
  .map((t) => t.id);
const artifacts = compileOrThrow();
const monitors = artifacts
  .filter((a) => a.kind === 'kubernetes-manifest' && a.path.includes('/servicemonitors/'))
  .map((a) => new ServiceMonitor(parse(a.content)));
const ruleArtifacts = artifacts.filter((a) => a.kind === 'prometheus-rules');
const ruleCount = ruleArtifacts.reduce(
  (n, a) =>
    n + (parse(a.content) as { groups: Array<{ rules: unknown[] }> }).groups.reduce((m, g) => m + g.rules.length, 0),
  0,
);
const host = (url: string) => url.replace('http://', '');

/**
 * Asserted until it holds, or for 20 s: scrapes and evaluations run every second, but a loaded
 * machine delays the first ones by seconds (a fixed wait of 6 s once saw a target not yet scraped).
 * What never holds fails with its last assertion.
 */
const eventually = (assertion: () => Promise<void>) => vi.waitFor(assertion, { timeout: 20_000, interval: 500 });

describe('the generated ServiceMonitors and rules on the live demo platform', () => {
  let dir: string;
  let sim: SimServer | undefined;
  let prometheus: RunningServer | undefined;
  const token = randomBytes(16).toString('hex');

  beforeAll(async () => {
    dir = await writeTree([]);
    sim = await startSim(tenants, { perService: true, token });
    const secretFile = (secret: string, key: string) => join(dir, 'secrets', secret, key);
    const scrapeConfigs = monitors.flatMap((monitor) => {
      const service = monitor.metadata!.name!;
      const url = sim!.services.get(service);
      if (!url) throw new Error(`ServiceMonitor ${service} monitors no service of the demo platform`);
      return scrapeConfigsOf(monitor, [{ address: host(url), pod: `${service}-0`, container: service }], secretFile);
    });
    for (const config of scrapeConfigs) {
      if (!config.authorization) continue;
      await mkdir(join(config.authorization.credentials_file, '..'), { recursive: true });
      await writeFile(config.authorization.credentials_file, token);
    }
    const exporters = {
      job_name: 'exporters',
      honor_labels: true,
      static_configs: [{ targets: [host(sim.url)] }],
      authorization: { type: 'Bearer', credentials: token },
    };
    // Scrapes and rule evaluations every second instead of the generated 15s/30s: the configuration
    // and the expressions are what is tested.
    const fast = <T extends object>(config: T) => ({ ...config, scrape_interval: '1s' });
    prometheus = await startPrometheus({
      dir,
      scrapeTargets: [],
      interval: '1s',
      scrapeConfigs: [...scrapeConfigs, exporters].map(fast),
      ruleFiles: new Map(
        ruleArtifacts.map((a) => [a.path.split('/').pop()!, a.content.replace(/^(\s+interval: ).*$/gm, '$11s')]),
      ),
    });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('scrapes every monitored service with its token: up is 1 for each, job and service as the operator labels them', async () => {
    await eventually(async () => {
      const { result } = await query(prometheus!, 'query', { query: 'up' });
      const up = Object.fromEntries(result.map((r) => [r.metric.job, r.value?.[1]]));
      expect(up).toEqual(
        Object.fromEntries([...monitors.map((m) => m.metadata!.name!), 'exporters'].map((job) => [job, '1'])),
      );
      const { result: services } = await query(prometheus!, 'query', {
        query: 'count by (service) (http_requests_total)',
      });
      expect(services.map((r) => r.metric.service).sort()).toEqual(monitors.map((m) => m.metadata!.name!).sort());
    });
  });

  it('is refused without the token', async () => {
    const response = await fetch(`${sim!.services.get('story-api')}/metrics`);
    expect(response.status).toBe(401);
  });

  it('evaluates every recording and alerting rule without an error', async () => {
    await eventually(async () => {
      const response = await fetch(`${prometheus!.url}/api/v1/rules`);
      const groups = (
        (await response.json()) as {
          data: { groups: Array<{ name: string; rules: Array<{ name: string; health: string; lastError?: string }> }> };
        }
      ).data.groups;
      const evaluated = groups.flatMap((g) => g.rules.map((r) => ({ ...r, group: g.name })));
      expect(evaluated.length).toBe(ruleCount);
      expect(
        evaluated.filter((r) => r.health !== 'ok').map((r) => `${r.group}/${r.name}: ${r.health} ${r.lastError ?? ''}`),
      ).toEqual([]);
    });
  });
});
