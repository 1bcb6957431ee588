import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import bargaugeSchema from '../schemas/bargauge.jsonschema.json' with { type: 'json' };
import dashboardSchema from '../schemas/dashboard.jsonschema.json' with { type: 'json' };
import dashboardV2Schema from '../schemas/dashboardv2.jsonschema.json' with { type: 'json' };
import folderSchema from '../schemas/folderv1.jsonschema.json' with { type: 'json' };
import gaugeSchema from '../schemas/gauge.jsonschema.json' with { type: 'json' };
import heatmapSchema from '../schemas/heatmap.jsonschema.json' with { type: 'json' };
import prometheusSchema from '../schemas/prometheus.jsonschema.json' with { type: 'json' };
import statSchema from '../schemas/stat.jsonschema.json' with { type: 'json' };
import statetimelineSchema from '../schemas/statetimeline.jsonschema.json' with { type: 'json' };
import tableSchema from '../schemas/table.jsonschema.json' with { type: 'json' };
import timeseriesSchema from '../schemas/timeseries.jsonschema.json' with { type: 'json' };

/**
 * Grafana's own JSON schemas, since the foundation SDK does not validate on build():
 * the dashboard document, then each panel's plugin options and each Prometheus query.
 */
// `created`/`updated` (date-time) are set by Grafana, never by us: accept the format unchecked.
const ajv = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } });

/**
 * Errata to the published schema, applied in memory (the file stays as published): Grafana's CUE
 * types an override property's `value` and a matcher's `options` as any value (`_`), and the
 * JSON-schema export narrowed both to objects. Every dashboard Grafana saves has plain values
 * there (`{"id": "unit", "value": "bytes"}`, `{"id": "byName", "options": "CPU"}`).
 */
function withErrata(schema: object): object {
  const copy = structuredClone(schema) as { definitions: Record<string, { properties: Record<string, object> }> };
  copy.definitions.DynamicConfigValue!.properties.value = {};
  copy.definitions.MatcherConfig!.properties.options = {};
  return copy;
}

/** A schema compiled on first use: a build that reuses every dashboard never pays for compiling them (about a second). */
function lazily(schema: () => object): () => ValidateFunction {
  let compiled: ValidateFunction | undefined;
  return () => (compiled ??= ajv.compile(schema()));
}

const validateDashboardDoc = lazily(() => withErrata(dashboardSchema));
const validateQuery = lazily(() => prometheusSchema);

interface PanelSchema {
  readonly definitions: Record<string, unknown>;
}

/**
 * A plugin's options, and its custom field config when it has one (stat, gauge and bar gauge have
 * none: it must be empty).
 */
function pluginValidators(schema: PanelSchema): {
  options: () => ValidateFunction;
  fieldConfig: () => ValidateFunction;
} {
  const noCustomFieldConfig = { type: 'object', additionalProperties: false };
  return {
    options: lazily(() => ({ ...schema, $ref: '#/definitions/Options' })),
    fieldConfig: lazily(() =>
      'FieldConfig' in schema.definitions ? { ...schema, $ref: '#/definitions/FieldConfig' } : noCustomFieldConfig,
    ),
  };
}

const panelSchemas: Record<string, ReturnType<typeof pluginValidators>> = Object.fromEntries(
  Object.entries({
    timeseries: timeseriesSchema,
    stat: statSchema,
    gauge: gaugeSchema,
    bargauge: bargaugeSchema,
    table: tableSchema,
    heatmap: heatmapSchema,
    'state-timeline': statetimelineSchema,
  }).map(([type, schema]) => [type, pluginValidators(schema)]),
);

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
  const dashboard = validateDashboardDoc();
  if (!dashboard(json)) errors.push(...describe('', dashboard.errors));
  const query = validateQuery();
  const panels = ((json as { panels?: PanelLike[] }).panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  for (const panel of panels) {
    const where = `panel ${panel.id ?? '?'} "${panel.title ?? ''}"`;
    const schemas = panelSchemas[panel.type];
    if (schemas) {
      const [options, fieldConfig] = [schemas.options(), schemas.fieldConfig()];
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

// Schema v2 has no root: each kind is a definition. The resource's apiVersion and kind are checked too.
const v2Definition = (name: string) => lazily(() => ({ ...dashboardV2Schema, $ref: `#/definitions/${name}` }));
const validateDashboardV2 = v2Definition('Dashboard');
const validateDashboardApiVersion = v2Definition('DashboardAPIVersion');
const validateDashboardKind = v2Definition('DashboardKind');
const validateFolder = lazily(() => folderSchema);

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
  const [apiVersion, kind, spec] = [validateDashboardApiVersion(), validateDashboardKind(), validateDashboardV2()];
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
  const folder = validateFolder();
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
