import type { PersonaId } from './personas.ts';

export interface Service {
  readonly name: string;
  readonly description: string;
  readonly port: number;
  readonly metricsPath: string;
  readonly owner: PersonaId;
  /** Services this one calls; a down dependency explains (and inhibits) this one's alerts. */
  readonly dependsOn: readonly string[];
  /** Reachable from outside the cluster, so probed by blackbox. */
  readonly public: boolean;
}

function service(s: Omit<Service, 'metricsPath' | 'public'> & Partial<Pick<Service, 'metricsPath' | 'public'>>): Service {
  return { metricsPath: '/metrics', public: false, ...s };
}

export const services: readonly Service[] = [
  service({ name: 'story-api', description: 'Public gateway', port: 8080, owner: 'ops', public: true,
    dependsOn: ['narrative-engine', 'session-service', 'personalization'] }),
  service({ name: 'narrative-engine', description: 'Orchestrates a story turn', port: 8081, owner: 'ml',
    dependsOn: ['model-gateway', 'content-pipeline', 'event-router'] }),
  service({ name: 'model-gateway', description: 'Routes to LLM providers', port: 8082, owner: 'ml', dependsOn: ['inference-worker'] }),
  service({ name: 'inference-worker', description: 'Self-hosted GPU models', port: 8083, owner: 'ml', dependsOn: [] }),
  service({ name: 'personalization', description: 'Ranks and adapts content', port: 8084, owner: 'ml', dependsOn: [] }),
  service({ name: 'content-pipeline', description: 'Moderation, rendering, indexing', port: 8085, owner: 'product', dependsOn: ['event-router'] }),
  service({ name: 'event-router', description: 'Event-bus consumers', port: 8086, owner: 'ops', dependsOn: [] }),
  service({ name: 'session-service', description: 'Story sessions', port: 8087, owner: 'product', dependsOn: [] }),
];

export function serviceNamed(name: string): Service {
  const found = services.find((s) => s.name === name);
  if (!found) throw new Error(`service '${name}' is not defined in libs/platform/src/services.ts`);
  return found;
}
