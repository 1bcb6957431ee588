import type { Service } from '@plotwatch/platform';
import { equals, LABEL, notEquals, oneOf, type Matcher } from './labels.ts';

/**
 * The name of the alert that says a service is down (labels: `service`, plus `tenant` when the
 * instance is dedicated to one tenant). Alert definitions must use this constant: the
 * dependency inhibitions below match it by name.
 */
export const SERVICE_DOWN_ALERT = 'ServiceDown';

/** While an alert matching `source` fires, alerts matching `target` (and equal on `equal`) stay quiet. */
export interface Inhibition {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
}

/** A page already wakes someone: the ticket of the same alert and tenant adds nothing. */
export const pageInhibitsTicket: Inhibition = {
  source: [equals(LABEL.severity, 'page')],
  target: [equals(LABEL.severity, 'ticket')],
  equal: [LABEL.alertname, LABEL.tenant],
};

/**
 * Every service that calls `name`, directly or through others: when it is down, their errors and
 * latency are symptoms. Sorted, for a stable config.
 */
export function dependentsOf(name: string, services: readonly Service[]): string[] {
  const found = new Set<string>();
  const visit = (callee: string): void => {
    for (const caller of services.filter((s) => s.dependsOn.includes(callee))) {
      if (caller.name === name || found.has(caller.name)) continue;
      found.add(caller.name);
      visit(caller.name);
    }
  };
  visit(name);
  return [...found].sort();
}

/**
 * A down service inhibits its dependents' alerts, except their own ServiceDown (a second outage
 * must still page). A shared instance (no tenant) explains every tenant's symptoms; a
 * tenant's dedicated instance only that tenant's.
 */
export function serviceDownInhibitions(services: readonly Service[]): Inhibition[] {
  return services.flatMap((service) => {
    const dependents = dependentsOf(service.name, services);
    if (dependents.length === 0) return [];
    const down = [equals(LABEL.alertname, SERVICE_DOWN_ALERT), equals(LABEL.service, service.name)];
    const target = [oneOf(LABEL.service, dependents), notEquals(LABEL.alertname, SERVICE_DOWN_ALERT)];
    return [
      { source: [...down, equals(LABEL.tenant, '')], target, equal: [] },
      { source: [...down, notEquals(LABEL.tenant, '')], target, equal: [LABEL.tenant] },
    ];
  });
}

export function inhibitions(services: readonly Service[]): Inhibition[] {
  return [pageInhibitsTicket, ...serviceDownInhibitions(services)];
}
