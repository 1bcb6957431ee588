import type { PersonaId } from './personas.ts';

export interface Service {
  readonly name: string;
  readonly description: string;
  /** Where the service serves its API. */
  readonly port: number;
  /** A separate port for `/metrics`, so network policy can admit only Prometheus to it. */
  readonly metricsPort: number;
  readonly metricsPath: string;
  readonly owner: PersonaId;
  /** Services this one calls; a down dependency explains (and inhibits) this one's alerts. */
  readonly dependsOn: readonly string[];
  /** For public services: the health URL blackbox probes from outside. */
  readonly healthUrl?: string;
  /** Served from VMs behind NGINX rather than from Kubernetes (its /metrics guarded by an NGINX location). */
  readonly behindNginx: boolean;
  /** The Kubernetes namespace it runs in. */
  readonly namespace: string;
  /**
   * Set when every tenant gets a deployment of its own, of up to this many pods: their
   * cAdvisor and kube-state-metrics series count toward the tenant's series budget.
   */
  readonly tenantPods?: number;
}

/** Metrics are served 1000 ports above the API, by convention of the platform. */
const METRICS_PORT_OFFSET = 1000;

function service(
  s: Omit<Service, 'metricsPath' | 'metricsPort' | 'behindNginx' | 'namespace'> &
    Partial<Pick<Service, 'metricsPath' | 'behindNginx'>>,
): Service {
  return {
    metricsPath: '/metrics',
    behindNginx: false,
    namespace: 'narrative',
    metricsPort: s.port + METRICS_PORT_OFFSET,
    ...s,
  };
}

export const services: readonly Service[] = [
  service({
    name: 'story-api',
    description: 'Public gateway',
    port: 8080,
    owner: 'ops',
    healthUrl: 'https://api.plotwatch.example/healthz',
    dependsOn: ['narrative-engine', 'session-service', 'personalization'],
  }),
  service({
    name: 'narrative-engine',
    description: 'Orchestrates a story turn',
    port: 8081,
    owner: 'ml',
    dependsOn: ['model-gateway', 'content-pipeline', 'event-router'],
  }),
  service({
    name: 'model-gateway',
    description: 'Routes to LLM providers',
    port: 8082,
    owner: 'ml',
    dependsOn: ['inference-worker'],
  }),
  service({
    name: 'inference-worker',
    description: 'Self-hosted GPU models',
    port: 8083,
    owner: 'ml',
    dependsOn: [],
    behindNginx: true,
    tenantPods: 4,
  }),
  service({ name: 'personalization', description: 'Ranks and adapts content', port: 8084, owner: 'ml', dependsOn: [] }),
  service({
    name: 'content-pipeline',
    description: 'Moderation, rendering, indexing',
    port: 8085,
    owner: 'product',
    dependsOn: ['event-router'],
  }),
  service({ name: 'event-router', description: 'Event-bus consumers', port: 8086, owner: 'ops', dependsOn: [] }),
  service({ name: 'session-service', description: 'Story sessions', port: 8087, owner: 'product', dependsOn: [] }),
];

export function serviceNamed(name: string): Service {
  const found = services.find((s) => s.name === name);
  if (!found) throw new Error(`service '${name}' is not defined in libs/platform/src/services.ts`);
  return found;
}
