import type { Environment } from './environments.ts';
import type { PersonaId } from './personas.ts';

/**
 * Names every kit derives the same way: Grafana reads the dashboard uids, the rules link to
 * them, and every Kubernetes object written carries the common labels.
 */

/** Grafana rejects dashboard uids longer than 40 characters. */
export const MAX_UID_LENGTH = 40;

/**
 * A dashboard's uid: readable, stable and derived, so alerts can link to it.
 * `scope` is a tenant id, `platform`, or a Prometheus template such as `{{ $labels.tenant }}`
 * (one label-mode alert links to every tenant's copy of a dashboard).
 */
export function dashboardUid(scope: string, persona: PersonaId, slug: string): string {
  return `${scope}-${persona}-${slug}`;
}

/** Throws, naming the dashboard, when a uid Grafana would refuse is built. */
export function checkedDashboardUid(scope: string, persona: PersonaId, slug: string): string {
  const uid = dashboardUid(scope, persona, slug);
  if (uid.length > MAX_UID_LENGTH) {
    throw new Error(
      `dashboard uid "${uid}" is ${uid.length} characters, Grafana allows ${MAX_UID_LENGTH}: ` +
        `shorten the dashboard slug "${slug}"`,
    );
  }
  return uid;
}

/** Labels on every Kubernetes object we generate: who manages it, and what the chart's selectors match. */
export function commonLabels(env: Environment): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'plotwatch', release: env.monitoring.release };
}
