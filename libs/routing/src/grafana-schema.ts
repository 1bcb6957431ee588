import { Ajv, type ValidateFunction } from 'ajv';
import alertingSchema from '../schemas/alerting.jsonschema.json' with { type: 'json' };
import routingTreeSchema from '../schemas/notifications.alerting.grafana.app-v1beta1.routingtree.json' with { type: 'json' };
import type { GrafanaAlerting } from './grafana.ts';
import {
  DEFAULT_ROUTING_TREE,
  ROUTING_TREE_API_VERSION,
  ROUTING_TREE_KIND,
  type RoutingTreeResource,
} from './routing-trees.ts';

// `date-time` appears only in rule fields we never write: accept the format unchecked.
const ajv = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } });
// OpenAPI 3.0 formats (int64, date-time) on fields a tree never carries: accepted unchecked.
const k8sAjv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

/** A schema compiled on first use: importing the package (publish, import) never pays for it (about 100 ms). */
function lazily(compile: () => ValidateFunction): () => ValidateFunction {
  let compiled: ValidateFunction | undefined;
  return () => (compiled ??= compile());
}

const contactPointSchema = lazily(() => ajv.compile({ ...alertingSchema, $ref: '#/definitions/ContactPoint' }));
const policySchema = lazily(() => ajv.compile({ ...alertingSchema, $ref: '#/definitions/NotificationPolicy' }));
const routingTreeValidate = lazily(() =>
  k8sAjv.compile({
    ...routingTreeSchema,
    $ref: '#/components/schemas/com.github.grafana.grafana.apps.alerting.notifications.pkg.apis.alertingnotifications.v1beta1.RoutingTree',
  }),
);
/** Kubernetes object names (RFC 1123 subdomain), which Grafana's API server enforces on `metadata.name`. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Contact points and the policy tree against Grafana's published schema, each violation named
 * by contact point or JSON path. (Mute timings: see schemas/README.md.)
 */
export function grafanaAlertingSchemaErrors(alerting: GrafanaAlerting): string[] {
  return [
    ...alerting.contactPoints.flatMap((cp) => violations(contactPointSchema(), cp, `contact point ${cp.name}`)),
    ...violations(policySchema(), alerting.policy, 'notification policy'),
  ];
}

/** Checks the JSON form: what gets written. */
function violations(validate: ValidateFunction, value: unknown, where: string): string[] {
  if (validate(JSON.parse(JSON.stringify(value)))) return [];
  return (validate.errors ?? []).map((e) => `${where}${e.instancePath}: ${e.message ?? 'is invalid'}`);
}

/**
 * A RoutingTree resource against Grafana's OpenAPI schema (schemas/README.md), plus what the
 * schema leaves to the server: this apiVersion and kind, a valid object name, not the default tree's.
 */
export function routingTreeSchemaErrors(tree: RoutingTreeResource): string[] {
  const name = tree.metadata?.name ?? '';
  const where = `routing tree ${name || '(unnamed)'}`;
  return [
    ...violations(routingTreeValidate(), tree, where),
    ...(tree.apiVersion === ROUTING_TREE_API_VERSION
      ? []
      : [`${where}: apiVersion must be ${ROUTING_TREE_API_VERSION}`]),
    ...(tree.kind === ROUTING_TREE_KIND ? [] : [`${where}: kind must be ${ROUTING_TREE_KIND}`]),
    ...(name.length <= 253 && OBJECT_NAME.test(name)
      ? []
      : [`${where}: metadata.name must be a lowercase RFC 1123 name of at most 253 characters`]),
    ...(name === DEFAULT_ROUTING_TREE ? [`${where}: "${DEFAULT_ROUTING_TREE}" is Grafana's default tree`] : []),
  ];
}
