import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { samplesOf, SCRAPE_GENERATED } from './exposition.ts';
import { advance, createPlatform, SCENARIOS, type Family, type Incident, type Scenario } from './model.ts';

export interface SimServer {
  readonly url: string;
  readonly families: readonly Family[];
  /** Starts an incident for a tenant now; `stop` ends all of that tenant's incidents of the kind. */
  inject(scenario: Scenario, tenant: string): void;
  clear(scenario: Scenario, tenant: string): void;
  close(): Promise<void>;
}

/**
 * Registers each catalog family with prom-client as a collector that reads the model, so
 * prom-client does the exposition (text format) and the model stays the one source of values.
 */
function registry(families: readonly Family[]): Registry {
  const reg = new Registry();
  for (const family of families.filter((f) => !SCRAPE_GENERATED.has(f.spec.name))) {
    reg.registerMetric({
      name: family.spec.name,
      help: family.spec.help,
      type: family.spec.type,
      aggregator: 'sum',
      get: async () => ({
        name: family.spec.name,
        help: family.spec.help,
        type: family.spec.type,
        aggregator: 'sum',
        values: family.series.flatMap((s) => samplesOf(family, s)).map((sample) => ({ metricName: sample.name, labels: sample.labels, value: sample.value })),
      }),
      reset: () => undefined,
    } as unknown as Parameters<Registry['registerMetric']>[0]);
  }
  return reg;
}

/**
 * Serves /metrics for the tenants on 127.0.0.1; each scrape advances the model to now.
 * POST /incidents/<scenario>/<tenant> starts an incident, DELETE ends it.
 */
export async function startSim(tenants: readonly string[], port = 0, clock: () => number = () => Date.now() / 1000): Promise<SimServer> {
  const families = createPlatform(tenants);
  const reg = registry(families);
  let incidents: Incident[] = [];
  let last = clock();
  advance(families, last - 60, last);
  const server: Server = createServer(async (req, res) => {
    const incident = /^\/incidents\/([\w-]+)\/([\w-]+)$/.exec(req.url ?? '');
    if (incident && SCENARIOS.includes(incident[1] as Scenario)) {
      const [scenario, tenant] = [incident[1] as Scenario, incident[2]!];
      incidents = incidents.filter((i) => !(i.scenario === scenario && i.tenant === tenant));
      if (req.method === 'POST') incidents.push({ scenario, tenant, since: clock() });
      res.writeHead(204).end();
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const now = clock();
    if (now > last) advance(families, last, now, incidents);
    last = Math.max(last, now);
    res.writeHead(200, { 'content-type': reg.contentType }).end(await reg.metrics());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    families,
    inject: (scenario, tenant) => { incidents.push({ scenario, tenant, since: clock() }); },
    clear: (scenario, tenant) => { incidents = incidents.filter((i) => !(i.scenario === scenario && i.tenant === tenant)); },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
