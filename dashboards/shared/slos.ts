import type { SloIndicator, SloWindows } from '@plotwatch/grafana';
import { selector, type QueryScope, type Tenant } from '@plotwatch/platform';
import { slos } from '@plotwatch/recording-rules';
import {
  burnRatePolicies,
  errorBudget,
  RECORDED_SLI_WINDOWS,
  SLO_LABEL,
  SLO_PERIOD,
  sloSeries,
} from '@plotwatch/rules';

/** The page policy's first window pair: the fastest burn that pages, and the window it is read over. */
const fastestPage = burnRatePolicies.find((p) => p.severity === 'page')!.windows[0]!;

/** The SLO period and burn window of the alerts, so the dashboard and the pager agree. */
export const sloWindows: SloWindows = {
  period: SLO_PERIOD,
  burn: { window: fastestPage.long, factor: fastestPage.factor },
};

/**
 * The tenant's SLOs as the burn-rate alerts define them (recording-rules/slo), read from the SLI
 * series those rules record: every window they record (the alerts' and the SLO period) directly,
 * others summed from their 5m rates.
 */
export function tenantSlos(tenant: Tenant, scope: QueryScope): SloIndicator[] {
  return slos.map(({ spec }) => {
    const recorded = (name: string) => selector(name, scope, { [SLO_LABEL]: spec.id });
    const objective = spec.objective(tenant);
    return {
      title: spec.dashboard.panel,
      description: `Bad events: ${spec.badEvents}.`,
      objective,
      errorBudget: errorBudget(objective),
      errorRatio: (window) =>
        RECORDED_SLI_WINDOWS.includes(window)
          ? recorded(sloSeries.errorRatio(window))
          : `sum_over_time(${recorded(sloSeries.errors)}[${window}]) / sum_over_time(${recorded(sloSeries.requests)}[${window}])`,
    };
  });
}
