import { SERVICE_LABEL, services, TENANT_LABEL } from '@plotwatch/platform';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { samplesOf, SCRAPE_GENERATED, type Sample } from './exposition.ts';
import { advance, createPlatform, SCENARIOS, type Family, type Incident, type Scenario } from './model.ts';

export interface SimServer {
  /** `/metrics` of the whole platform; with `perService`, of the exporters (tenant-less series) only. */
  readonly url: string;
  /** With `perService`: each service's own `/metrics` listener, as its pod would serve it. */
  readonly services: ReadonlyMap<string, string>;
  readonly families: readonly Family[];
  /** Starts an incident for a tenant now; `stop` ends all of that tenant's incidents of the kind. */
  inject(scenario: Scenario, tenant: string): void;
  clear(scenario: Scenario, tenant: string): void;
  close(): Promise<void>;
}

export interface SimOptions {
  /** Port of the main listener; 0 picks a free one. */
  readonly port?: number;
  readonly clock?: () => number;
  /**
   * Serve each service on a listener of its own, without the `service` label (the scrape adds it
   * as a target label, as the operator's relabelings do), the tenant-less series of the
   * exporters (kube-state-metrics, cAdvisor, node-exporter, DCGM, blackbox) on the main one.
   */
  readonly perService?: boolean;
  /** A bearer token every scrape must present (401 otherwise), as the ServiceMonitors' Secret holds. */
  readonly token?: string;
}

/** Which samples a listener exposes, and with which labels; undefined leaves a sample out. */
type Pick = (sample: Sample) => Sample | undefined;

/**
 * Registers each catalog family with prom-client as a collector that reads the model, so
 * prom-client does the exposition (text format) and the model stays the one source of values.
 */
function registry(families: readonly Family[], pick: Pick): Registry {
  const reg = new Registry();
  for (const family of families.filter((f) => !SCRAPE_GENERATED.has(f.spec.name))) {
    const { name, help, type } = family.spec;
    const values = () =>
      family.series
        .flatMap((s) => samplesOf(family, s))
        .flatMap((sample) => pick(sample) ?? [])
        .map((sample) => ({ metricName: sample.name, labels: sample.labels, value: sample.value }));
    if (values().length === 0) continue;
    reg.registerMetric({
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => undefined,
    } as unknown as Parameters<Registry['registerMetric']>[0]);
  }
  return reg;
}

function ofService(service: string): Pick {
  return (sample) => {
    if (sample.labels[SERVICE_LABEL] !== service || sample.labels[TENANT_LABEL] === undefined) return undefined;
    const { [SERVICE_LABEL]: _service, ...labels } = sample.labels;
    return { ...sample, labels };
  };
}

const tenantless: Pick = (sample) => (sample.labels[TENANT_LABEL] === undefined ? sample : undefined);

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Serves /metrics for the tenants on 127.0.0.1; each scrape advances the model to now.
 * POST /incidents/<scenario>/<tenant> on the main listener starts an incident, DELETE ends it.
 */
export async function startSim(tenants: readonly string[], o: SimOptions = {}): Promise<SimServer> {
  const clock = o.clock ?? (() => Date.now() / 1000);
  const families = createPlatform(tenants);
  let incidents: Incident[] = [];
  let last = clock();
  advance(families, last - 60, last);
  const advanceToNow = () => {
    const now = clock();
    if (now > last) advance(families, last, now, incidents);
    last = Math.max(last, now);
  };
  const metricsServer = (reg: Registry, path: string, route?: (req: IncomingMessage, res: ServerResponse) => boolean) =>
    createServer(async (req, res) => {
      if (route?.(req, res)) return;
      if (req.url !== path) {
        res.writeHead(404).end();
        return;
      }
      if (o.token !== undefined && req.headers.authorization !== `Bearer ${o.token}`) {
        res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return;
      }
      advanceToNow();
      res.writeHead(200, { 'content-type': reg.contentType }).end(await reg.metrics());
    });

  const incidentRoute = (req: IncomingMessage, res: ServerResponse) => {
    const incident = /^\/incidents\/([\w-]+)\/([\w-]+)$/.exec(req.url ?? '');
    if (!incident || !SCENARIOS.includes(incident[1] as Scenario)) return false;
    const [scenario, tenant] = [incident[1] as Scenario, incident[2]!];
    incidents = incidents.filter((i) => !(i.scenario === scenario && i.tenant === tenant));
    if (req.method === 'POST') incidents.push({ scenario, tenant, since: clock() });
    res.writeHead(204).end();
    return true;
  };
  const main = metricsServer(registry(families, o.perService ? tenantless : (s) => s), '/metrics', incidentRoute);
  const servers: Server[] = [main];
  const url = await listen(main, o.port ?? 0);
  const serviceUrls = new Map<string, string>();
  if (o.perService) {
    for (const service of services) {
      const server = metricsServer(registry(families, ofService(service.name)), service.metricsPath);
      servers.push(server);
      serviceUrls.set(service.name, await listen(server, 0));
    }
  }
  return {
    url,
    services: serviceUrls,
    families,
    inject: (scenario, tenant) => {
      incidents.push({ scenario, tenant, since: clock() });
    },
    clear: (scenario, tenant) => {
      incidents = incidents.filter((i) => !(i.scenario === scenario && i.tenant === tenant));
    },
    close: () =>
      Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined),
  };
}
