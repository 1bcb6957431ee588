// `plotwatch import dashboard`: pure functions from dashboard JSON to a definition on the kit. The
// command reads files, stdin or a Grafana and writes what these return.
import { planDashboard, type DashboardPlan, type PlanOptions } from './plan.ts';
import type { ReadDashboard } from './model.ts';
import { addToRegistry, renderDefinition } from './render.ts';
import { formatSummary } from './summary.ts';
export { compareDashboards, type CompareOptions, type Difference } from './compare.ts';
export type { DashboardJson, ReadDashboard } from './model.ts';
export {
  planDashboard,
  scopeOf,
  type DashboardPlan,
  type ImportSummary,
  type MissingMetric,
  type PlanOptions,
} from './plan.ts';
export { readDashboard } from './read.ts';
export { addToRegistry, renderDefinition, type RegistryEntry } from './render.ts';
export { formatTypeScript } from '../shared/format.ts';
export { formatSummary } from './summary.ts';
export { missingMetrics, type MetricUse } from '../shared/catalog-entries.ts';
export { ImportError } from '../shared/errors.ts';
export { normalizeExpr, type FormatExpr } from '../shared/normalize.ts';

/** What one import writes and prints. */
export interface DashboardImport {
  readonly plan: DashboardPlan;
  /** `dashboards/<persona>/<slug>.ts`, relative to the repository root. */
  readonly path: string;
  readonly source: string;
  /** `dashboards/index.ts` with the definition registered. */
  readonly registry: string;
  readonly summary: string;
}

/** Plan, render and register a dashboard `readDashboard` read; throws an ImportError (nothing to write) on bad input. */
export async function importDashboard(
  read: ReadDashboard,
  options: PlanOptions,
  indexTs: string,
): Promise<DashboardImport> {
  const plan = planDashboard(read, options);
  return {
    plan,
    path: `dashboards/${plan.persona}/${plan.slug}.ts`,
    source: await renderDefinition(plan),
    registry: addToRegistry(indexTs, plan),
    summary: formatSummary(plan.summary),
  };
}
