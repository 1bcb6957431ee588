import type { ValidateFunction } from 'ajv';
import * as compiled from '../schemas/validators.generated.js';
import type { ContactPoint, NotificationPolicy } from '@grafana/grafana-foundation-sdk/alerting';
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
 * by contact point or JSON path. (Mute timings: see schemas/README.md.) Each contact point and
 * policy node is checked alone and its findings kept by it: the objects of the tenants an edit left
 * alone are kept (grafana.ts), so a long-lived build process checks again only what an edit made.
 */
export function grafanaAlertingSchemaErrors(alerting: GrafanaAlerting): string[] {
  return [
    ...alerting.contactPoints.flatMap((cp) =>
      contactPointViolations(cp).map((v) => `contact point ${cp.name}${v.path}: ${v.message}`),
    ),
    ...policyViolations(alerting.policy).map((v) => `notification policy${v.path}: ${v.message}`),
  ];
}

interface Violation {
  /** JSON path from the object checked. */
  readonly path: string;
  readonly message: string;
}

const contactPointChecks = new WeakMap<ContactPoint, readonly Violation[]>();

function contactPointViolations(cp: ContactPoint): readonly Violation[] {
  let found = contactPointChecks.get(cp);
  if (!found) contactPointChecks.set(cp, (found = schemaViolations(compiled.contactPoint, cp)));
  return found;
}

const policyChecks = new WeakMap<NotificationPolicy, readonly Violation[]>();

/**
 * A policy node's violations and its routes' (paths from the node), kept by the node: the schema is
 * recursive (a route is a NotificationPolicy), so a node checked with its routes left out, and each
 * route apart, finds what the whole tree checked at once finds.
 */
function policyViolations(node: NotificationPolicy): readonly Violation[] {
  const kept = policyChecks.get(node);
  if (kept) return kept;
  const routes = Array.isArray(node.routes) ? node.routes : [];
  const found = [...schemaViolations(compiled.notificationPolicy, routes.length ? { ...node, routes: [] } : node)];
  routes.forEach((route, i) => {
    for (const v of policyViolations(route)) found.push({ ...v, path: `/routes/${i}${v.path}` });
  });
  policyChecks.set(node, found);
  return found;
}

function schemaViolations(validate: ValidateFunction, value: unknown): readonly Violation[] {
  if (validate(JSON.parse(JSON.stringify(value)))) return [];
  return (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'is invalid' }));
}

/** Checks the JSON form: what gets written. */
function violations(validate: ValidateFunction, value: unknown, where: string): string[] {
  return schemaViolations(validate, value).map((v) => `${where}${v.path}: ${v.message}`);
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
