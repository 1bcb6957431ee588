import { slos } from '@plotwatch/recording-rules';
import { sloAlerts, type AlertDomainDefinition } from '@plotwatch/rules';

/** One alert domain per SLO, generated from its spec: a promtool test then loads that SLO's rules only. */
export const sloAlertDomains: AlertDomainDefinition[] = slos.map(({ spec, source }) => ({
  domain: `slo-${spec.id}`,
  source,
  alerts: sloAlerts(spec),
}));
