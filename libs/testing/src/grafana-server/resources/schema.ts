import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the trimmed OpenAPI snapshots of Grafana's resource API are kept (see the README there). */
export const GRAFANA_APIS_DIR = fileURLToPath(new URL('../../../schemas/grafana-apis/', import.meta.url));

type Schema = Readonly<Record<string, unknown>>;

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: { readonly type?: string };
}

interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, { schema: { $ref: string } }> };
  readonly responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
}

export interface Snapshot {
  /** The snapshot file (e.g. `dashboard.grafana.app-v2.json`). */
  readonly file: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation | Parameter[]>>>>;
  readonly schemas: Readonly<Record<string, Schema>>;
}

export interface Decoded {
  /** The body as Grafana's decoder keeps it: unknown fields dropped. */
  readonly value: unknown;
  /** Values of the wrong type: the request fails whatever fieldValidation says. */
  readonly errors: readonly string[];
  /** Fields the schema does not know, as `spec.foo` (Strict: 400; Warn: a warning; Ignore: dropped). */
  readonly unknown: readonly string[];
}

const loaded = new Map<string, Snapshot>();

/** One snapshot, read once per process. */
export function loadSnapshot(file: string): Snapshot {
  let snapshot = loaded.get(file);
  if (!snapshot) {
    const spec = JSON.parse(readFileSync(`${GRAFANA_APIS_DIR}${file}`, 'utf8')) as {
      paths: Snapshot['paths'];
      components: { schemas: Snapshot['schemas'] };
    };
    snapshot = { file, paths: spec.paths, schemas: spec.components.schemas };
    loaded.set(file, snapshot);
  }
  return snapshot;
}

/** The operation of a path template and method in a snapshot. */
export function operationOf(snapshot: Snapshot, template: string, method: string): Operation | undefined {
  return snapshot.paths[template]?.[method.toLowerCase()] as Operation | undefined;
}

/** The schema name an operation's JSON request body or response refers to. */
export function schemaNameOf(ref: { $ref: string } | undefined): string | undefined {
  return ref?.$ref.replace('#/components/schemas/', '');
}

/** Why the operation's query parameters reject this query (types of the declared parameters). */
export function queryErrors(operation: Operation, pathItemParameters: readonly Parameter[], query: URLSearchParams) {
  const errors: string[] = [];
  for (const param of [...pathItemParameters, ...(operation.parameters ?? [])]) {
    if (param.in !== 'query') continue;
    const value = query.get(param.name);
    if (value === null) continue;
    const type = param.schema?.type;
    if (type === 'integer' && !/^-?\d+$/.test(value))
      errors.push(`query parameter ${param.name}: ${JSON.stringify(value)} is not an integer`);
    if (type === 'boolean' && value !== 'true' && value !== 'false' && value !== '')
      errors.push(`query parameter ${param.name}: ${JSON.stringify(value)} is not a boolean`);
  }
  return errors;
}

/**
 * Reads a body as Grafana's API server decodes it into its Go types, with the snapshot's schema standing
 * for the types: a value of the wrong type is an error; a field the type does not have is unknown (and
 * dropped). Where a Go-generated schema says something the wire format contradicts, the reading follows
 * the wire (each such place is in ERRATA below). `required` is checked only when asked (responses): the
 * generator marks every field without `omitempty` as required, and the decoder does not enforce it.
 */
export function decode(snapshot: Snapshot, schemaName: string, body: unknown, checkRequired = false): Decoded {
  const errors: string[] = [];
  const unknown: string[] = [];
  const value = walk(snapshot, { $ref: `#/components/schemas/${schemaName}` }, body, '', {
    errors,
    unknown,
    checkRequired,
  });
  return { value, errors, unknown };
}

/**
 * Where the snapshots' Go-generated schemas differ from the JSON Grafana reads and writes. Each is applied by
 * `walk`, named here so the README and the tests can point at it.
 */
export const ERRATA = [
  {
    where: 'an object schema with no properties and no additionalProperties (`{type: object}`)',
    why: 'it is how the generator writes a Go `interface{}` or `map[string]any` (a query spec, panel options, FieldsV1): any JSON value is accepted, nothing below it is unknown',
  },
  {
    where:
      'a union type (`DashboardGridLayoutKindOrRowsLayoutKindOr…`: every property named after a Go type, in PascalCase)',
    why: 'the Go type marshals as exactly one of its members (custom MarshalJSON), so the wire value is one member, not an object keyed by member names; it is read as "one of" the members',
  },
  {
    where: '`required`',
    why: "Go-generated: a field without `omitempty`. The decoder fills a missing one with its zero value (the schema's `default`, else by type) and the encoder writes it back, so a request is not refused for it; the stored object and every response carry it (responses are checked for it)",
  },
] as const;

interface WalkState {
  readonly errors: string[];
  readonly unknown: string[];
  readonly checkRequired: boolean;
}

function resolve(snapshot: Snapshot, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 50; depth++) {
    if (typeof current.$ref === 'string') {
      const name = current.$ref.replace('#/components/schemas/', '');
      const target = snapshot.schemas[name];
      if (!target) throw new Error(`${snapshot.file}: no schema ${name}`);
      current = target;
      continue;
    }
    const allOf = current.allOf as Schema[] | undefined;
    if (allOf?.length === 1) {
      current = allOf[0]!;
      continue;
    }
    return current;
  }
  throw new Error(`${snapshot.file}: $ref loop`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

function walk(snapshot: Snapshot, raw: Schema, value: unknown, path: string, state: WalkState): unknown {
  const schema = resolve(snapshot, raw);
  // A Go field may hold null (a nil pointer, map or slice): it decodes to the zero value.
  if (value === null) return value;
  const properties = schema.properties as Record<string, Schema> | undefined;
  const additional = schema.additionalProperties as Schema | boolean | undefined;
  const type = schema.type as string | undefined;

  if (type === 'object' || properties) {
    // ERRATA[0]: `interface{}` / `map[string]any`: any value.
    if (!properties && additional === undefined) return value;
    // ERRATA[1]: a union marshals as one of its members.
    if (properties && Object.keys(properties).length > 0 && Object.keys(properties).every((k) => /^[A-Z]/.test(k)))
      return oneOf(snapshot, Object.values(properties), value, path, state);
    if (!isObject(value)) {
      state.errors.push(`${path || '(body)'}: expected an object, got ${describe(value)}`);
      return value;
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const propertySchema = properties?.[key];
      if (propertySchema) out[key] = walk(snapshot, propertySchema, item, at(path, key), state);
      else if (isObject(additional)) out[key] = walk(snapshot, additional, item, at(path, key), state);
      else if (additional === true || schema['x-kubernetes-preserve-unknown-fields'] === true) out[key] = item;
      else state.unknown.push(at(path, key));
    }
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (key in value) continue;
      if (state.checkRequired) state.errors.push(`${at(path, key)}: required`);
      // Decoding fills a missing field with its Go zero value, and encoding writes it back (no `omitempty`).
      else
        out[key] = walk(
          snapshot,
          properties?.[key] ?? {},
          zeroValue(snapshot, properties?.[key]),
          at(path, key),
          state,
        );
    }
    return out;
  }
  if (type === 'array') {
    if (!Array.isArray(value)) {
      state.errors.push(`${path || '(body)'}: expected an array, got ${describe(value)}`);
      return value;
    }
    const items = schema.items as Schema | undefined;
    return items ? value.map((item, i) => walk(snapshot, items, item, at(path, i), state)) : value;
  }
  const ok =
    type === undefined ||
    (type === 'string' && typeof value === 'string') ||
    (type === 'boolean' && typeof value === 'boolean') ||
    (type === 'integer' && Number.isInteger(value)) ||
    (type === 'number' && typeof value === 'number');
  if (!ok) state.errors.push(`${path || '(body)'}: expected ${type}, got ${describe(value)}`);
  else if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    state.errors.push(
      `${path}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`,
    );
  return value;
}

/** A union: the member the value reads as with the fewest problems (none, when the value is right). */
function oneOf(snapshot: Snapshot, members: Schema[], value: unknown, path: string, state: WalkState): unknown {
  let best: { value: unknown; errors: string[]; unknown: string[] } | undefined;
  for (const member of members) {
    const trial: WalkState = { errors: [], unknown: [], checkRequired: state.checkRequired };
    const decoded = walk(snapshot, member, value, path, trial);
    // A Kind member names its kind: a value of another kind is not this member.
    const kind = (resolve(snapshot, member).properties as Record<string, unknown> | undefined)?.kind;
    const kindName = typeof member.$ref === 'string' ? /Dashboard(\w+)Kind$/.exec(member.$ref)?.[1] : undefined;
    if (kind && kindName && isObject(value) && value.kind !== kindName)
      trial.errors.push(`${at(path, 'kind')}: not ${kindName}`);
    const score = trial.errors.length * 1000 + trial.unknown.length;
    if (!best || score < best.errors.length * 1000 + best.unknown.length)
      best = { value: decoded, errors: trial.errors, unknown: trial.unknown };
    if (score === 0) break;
  }
  if (!best) return value;
  state.errors.push(...best.errors);
  state.unknown.push(...best.unknown);
  return best.value;
}

/** The value Go's encoder writes for a field the request left out: the schema's default, else by type. */
function zeroValue(snapshot: Snapshot, raw: Schema | undefined): unknown {
  if (!raw) return null;
  if ('default' in raw) return structuredClone(raw.default);
  const schema = resolve(snapshot, raw);
  if ('default' in schema) return structuredClone(schema.default);
  switch (schema.type) {
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return 0;
    default:
      return null;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
