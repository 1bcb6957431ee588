import type { Environment } from './environments.ts';
import { PERSONAS, type PersonaId } from './personas.ts';

/**
 * Names every kit derives the same way: Grafana reads the dashboard uids, the rules link to
 * them, and every Kubernetes object written carries the common labels.
 */

/**
 * Ids the platform's own names are built from: `platform` (its folders, teams and dashboards),
 * `tenant` (every tenant folder's uid starts `tenant-`), `plotwatch` (routing trees, rule groups,
 * Kubernetes objects). A tenant with one of them would share the platform's names.
 */
export const RESERVED_TENANT_IDS: readonly string[] = ['platform', 'tenant', 'plotwatch'];

/**
 * Why `id` could derive a name another tenant or the platform also derives, or undefined.
 * Derived names join an id and a persona with "-" (`tenant-<id>-<persona>`, `<id>-<persona>-<slug>`),
 * so two ids can only meet when one is the other plus "-<persona>…": an id whose words after the
 * first are never a persona cannot. See docs/decisions.md, "Tenant ids cannot collide".
 */
export function tenantIdConflict(id: string): string | undefined {
  if (RESERVED_TENANT_IDS.includes(id))
    return `must not be "${id}", which the platform's own names use (reserved: ${RESERVED_TENANT_IDS.join(', ')}); choose another id`;
  const words = id.split('-');
  const at = words.findIndex((word, i) => i > 0 && (PERSONAS as readonly string[]).includes(word));
  if (at < 0) return undefined;
  const owner = words.slice(0, at).join('-');
  const persona = words[at]!;
  return (
    `must not have the persona "${persona}" as a word after its first: names join a tenant id and a persona with "-", ` +
    `so this id's names could equal tenant ${owner}'s (its ${persona} folder is tenant-${owner}-${persona}); ` +
    `choose an id without ${PERSONAS.join(', ')} after its first word`
  );
}

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
