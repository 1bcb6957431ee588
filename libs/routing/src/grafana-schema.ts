import { Ajv, type ValidateFunction } from 'ajv';
import alertingSchema from '../schemas/alerting.jsonschema.json' with { type: 'json' };
import type { GrafanaAlerting } from './grafana.ts';

// `date-time` appears only in rule fields we never write: accept the format unchecked.
const ajv = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } });
const contactPointSchema = ajv.compile({ ...alertingSchema, $ref: '#/definitions/ContactPoint' });
const policySchema = ajv.compile({ ...alertingSchema, $ref: '#/definitions/NotificationPolicy' });

/**
 * Contact points and the policy tree against Grafana's published schema, each violation named
 * by contact point or JSON path. (Mute timings: see schemas/README.md.)
 */
export function grafanaAlertingSchemaErrors(alerting: GrafanaAlerting): string[] {
  return [
    ...alerting.contactPoints.flatMap((cp) => violations(contactPointSchema, cp, `contact point ${cp.name}`)),
    ...violations(policySchema, alerting.policy, 'notification policy'),
  ];
}

/** Checks the JSON form: what gets written. */
function violations(validate: ValidateFunction, value: unknown, where: string): string[] {
  if (validate(JSON.parse(JSON.stringify(value)))) return [];
  return (validate.errors ?? []).map((e) => `${where}${e.instancePath}: ${e.message ?? 'is invalid'}`);
}
