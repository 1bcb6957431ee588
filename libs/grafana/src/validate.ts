import type { ErrorObject, ValidateFunction } from 'ajv';
import * as compiled from '../schemas/validators.generated.js';

/**
 * Grafana's own JSON schemas, since the foundation SDK does not validate on build():
 * the dashboard document, then each panel's plugin options and each Prometheus query. Compiled by
 * ajv ahead of time (schema-validators.ts): compiling them took 300 ms or more at every start.
 *
 * Each checked plugin's options, and its custom field config (stat, gauge and bar gauge have none:
 * it must be empty).
 */
const panelSchemas: Record<string, { readonly options: ValidateFunction; readonly fieldConfig: ValidateFunction }> = {
  timeseries: { options: compiled.timeseriesOptions, fieldConfig: compiled.timeseriesFieldConfig },
  stat: { options: compiled.statOptions, fieldConfig: compiled.statFieldConfig },
  gauge: { options: compiled.gaugeOptions, fieldConfig: compiled.gaugeFieldConfig },
  bargauge: { options: compiled.bargaugeOptions, fieldConfig: compiled.bargaugeFieldConfig },
  table: { options: compiled.tableOptions, fieldConfig: compiled.tableFieldConfig },
  heatmap: { options: compiled.heatmapOptions, fieldConfig: compiled.heatmapFieldConfig },
  'state-timeline': { options: compiled.statetimelineOptions, fieldConfig: compiled.statetimelineFieldConfig },
};

/** The panel types whose options are checked: every preset's. */
export const CHECKED_PANEL_TYPES: readonly string[] = Object.keys(panelSchemas);

interface DatasourceLike {
  type?: string;
}
interface PanelLike {
  id?: number;
  type: string;
  title?: string;
  datasource?: DatasourceLike;
  options?: unknown;
  fieldConfig?: { defaults?: { custom?: unknown } };
  targets?: Array<{ datasource?: DatasourceLike }>;
  panels?: PanelLike[];
}

/**
 * Every schema violation of a dashboard, each naming the panel and the JSON path; empty when
 * valid. A panel of a plugin without a schema here (a raw panel: text, piechart, any plugin) is
 * checked as far as the dashboard's schema goes; every query on Prometheus is checked.
 */
export function dashboardSchemaErrors(json: unknown): string[] {
  const errors: string[] = [];
  const dashboard = compiled.dashboard;
  if (!dashboard(json)) errors.push(...describe('', dashboard.errors));
  const query = compiled.query;
  const panels = ((json as { panels?: PanelLike[] }).panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  for (const panel of panels) {
    const where = `panel ${panel.id ?? '?'} "${panel.title ?? ''}"`;
    const schemas = panelSchemas[panel.type];
    if (schemas) {
      const { options, fieldConfig } = schemas;
      if (!options(panel.options ?? {})) errors.push(...describe(`${where} options`, options.errors));
      const custom = panel.fieldConfig?.defaults?.custom ?? {};
      if (!fieldConfig(custom)) errors.push(...describe(`${where} fieldConfig.defaults.custom`, fieldConfig.errors));
    }
    (panel.targets ?? []).forEach((target, i) => {
      // A target without a datasource queries the panel's.
      if ((target.datasource ?? panel.datasource)?.type !== 'prometheus') return;
      if (!query(target)) errors.push(...describe(`${where} targets[${i}]`, query.errors));
    });
  }
  return errors;
}

interface ResourceLike {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
  spec?: unknown;
}

/**
 * Every violation of a schema v2 dashboard resource: its spec against Grafana's v2 schema
 * (`dashboardv2.jsonschema.json`), its apiVersion and kind; empty when valid. The panels' plugin
 * options and queries are the classic form's, checked by `dashboardSchemaErrors` before conversion.
 */
export function dashboardV2SchemaErrors(resource: ResourceLike): string[] {
  const errors: string[] = [];
  // Schema v2 has no root: each kind is a definition. The resource's apiVersion and kind are checked too.
  const [apiVersion, kind, spec] = [compiled.dashboardApiVersion, compiled.dashboardKind, compiled.dashboardV2];
  if (!apiVersion(resource.apiVersion)) errors.push(...describe('apiVersion', apiVersion.errors));
  if (!kind(resource.kind)) errors.push(...describe('kind', kind.errors));
  if (typeof resource.metadata?.name !== 'string' || !resource.metadata.name) errors.push('metadata.name is missing');
  if (!spec(resource.spec)) errors.push(...describe('spec', spec.errors));
  return errors;
}

/** Every violation of a folder resource (`folderv1.jsonschema.json` for its spec); empty when valid. */
export function folderResourceErrors(resource: ResourceLike): string[] {
  const errors: string[] = [];
  if (resource.apiVersion !== 'folder.grafana.app/v1') errors.push(`apiVersion is ${String(resource.apiVersion)}`);
  if (resource.kind !== 'Folder') errors.push(`kind is ${String(resource.kind)}`);
  if (typeof resource.metadata?.name !== 'string' || !resource.metadata.name) errors.push('metadata.name is missing');
  const folder = compiled.folder;
  if (!folder(resource.spec)) errors.push(...describe('spec', folder.errors));
  return errors;
}

function describe(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})`
        : '';
    return `${where}${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`.trim();
  });
}
