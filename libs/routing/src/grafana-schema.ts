import type { ValidateFunction } from 'ajv';
import * as compiled from '../schemas/validators.generated.js';
import type { GrafanaAlerting } from './grafana.ts';
import {
  DEFAULT_ROUTING_TREE,
  ROUTING_TREE_API_VERSION,
  ROUTING_TREE_KIND,
  type RoutingTreeResource,
} from './routing-trees.ts';

// The schemas are compiled by ajv ahead of time (schema-validators.ts): compiling them took about 100 ms a build.

/** Kubernetes object names (RFC 1123 subdomain), which Grafana's API server enforces on `metadata.name`. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Contact points and the policy tree against Grafana's published schema, each violation named
 * by contact point or JSON path. (Mute timings: see schemas/README.md.)
 */
export function grafanaAlertingSchemaErrors(alerting: GrafanaAlerting): string[] {
  return [
    ...alerting.contactPoints.flatMap((cp) => violations(compiled.contactPoint, cp, `contact point ${cp.name}`)),
    ...violations(compiled.notificationPolicy, alerting.policy, 'notification policy'),
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
    ...violations(compiled.routingTree, tree, where),
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
