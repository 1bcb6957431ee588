// What schemas/validators.generated.js is made of: every schema the build checks dashboards against, and
// ajv's options for them. ajv compiles the classic dashboard schema and the panels' in about 300 ms, schema
// v2's in about 380, at every CLI start that validates; the generated module loads in about 30.
// validators.test.ts fails when the committed file is not ajv's standalone code of these
// (`npx vitest run libs/grafana/src/validators.test.ts --update` writes it), so a replaced schema or a new
// ajv cannot go unnoticed.
import type { Options } from 'ajv';
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

/** Each checked panel plugin's schema, by the name its validators are exported under (`<name>Options`, `<name>FieldConfig`). */
const PANEL_SCHEMAS: Readonly<Record<string, object>> = {
  timeseries: timeseriesSchema,
  stat: statSchema,
  gauge: gaugeSchema,
  bargauge: bargaugeSchema,
  table: tableSchema,
  heatmap: heatmapSchema,
  statetimeline: statetimelineSchema,
};

/** Every validator, by its export name. */
export function validatorSchemas(): Record<string, object> {
  const panels = Object.entries(PANEL_SCHEMAS).flatMap(([name, schema]) => {
    const { definitions } = schema as { definitions: Record<string, unknown> };
    return [
      [`${name}Options`, { ...schema, $ref: '#/definitions/Options' }],
      // Stat, gauge and bar gauge have no custom field config: it must be empty.
      [
        `${name}FieldConfig`,
        'FieldConfig' in definitions
          ? { ...schema, $ref: '#/definitions/FieldConfig' }
          : { type: 'object', additionalProperties: false },
      ],
    ] as const;
  });
  // Schema v2 has no root: each kind is a definition. The resource's apiVersion and kind are checked too.
  const v2 = (name: string) => ({ ...dashboardV2Schema, $ref: `#/definitions/${name}` });
  return {
    dashboard: withErrata(dashboardSchema),
    query: prometheusSchema,
    ...Object.fromEntries(panels),
    dashboardV2: v2('Dashboard'),
    dashboardApiVersion: v2('DashboardAPIVersion'),
    dashboardKind: v2('DashboardKind'),
    folder: folderSchema,
  };
}

// `created`/`updated` (date-time) are set by Grafana, never by us: accept the format unchecked.
export const VALIDATOR_OPTIONS: Options = { allErrors: true, strict: false, formats: { 'date-time': true } };
