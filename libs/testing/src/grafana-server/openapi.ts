import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERRATA } from './errata.ts';

/** The repository's unmodified copy of Grafana's spec (see libs/publish/openapi/README.md). */
export const GRAFANA_OPENAPI_PATH = fileURLToPath(new URL('../../../publish/openapi/openapi3.json', import.meta.url));

interface Operation {
  readonly parameters?: ReadonlyArray<{
    name: string;
    in: string;
    required?: boolean;
    schema?: Record<string, unknown>;
  }>;
  readonly requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: unknown }> };
  readonly responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

export interface MatchedOperation {
  /** The spec's path, e.g. `/dashboards/uid/{uid}`. */
  readonly template: string;
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  /** JSON pointer of the operation in the spec. */
  readonly pointer: string;
  readonly operation: Operation;
}

export interface OpenApiValidator {
  /** The operation a request URL path (`/api/...`) names, or undefined when the spec has none. */
  match(method: string, urlPath: string): MatchedOperation | undefined;
  /** Why the spec rejects this request's query or body; empty when it accepts it. */
  requestErrors(op: MatchedOperation, query: URLSearchParams, body: unknown): string[];
  /** Why the spec says this response body is wrong; empty when right or when the status has no schema. */
  responseErrors(op: MatchedOperation, status: number, body: unknown): string[];
}

const SPEC_ID = 'grafana-openapi';

const loaded = new Map<string, OpenApiValidator>();

/**
 * Validates requests and responses against Grafana's OpenAPI 3 document with ajv: each body
 * against the schema its operation declares (components resolved in place), each query
 * parameter against its declared type. Formats (`int64`, `date-time`) are annotations here.
 * One per spec file and process: test servers share its compiled schemas.
 */
export function loadOpenApiValidator(path = GRAFANA_OPENAPI_PATH): OpenApiValidator {
  let validator = loaded.get(path);
  if (!validator) loaded.set(path, (validator = compileValidator(path)));
  return validator;
}

function compileValidator(path: string): OpenApiValidator {
  const spec = JSON.parse(readFileSync(path, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  for (const erratum of ERRATA) erratum.correct(spec.components.schemas);
  // The spec's patterns are Go (RE2) regexes such as `^[a-zA-Z0-9\-\_]+$`, invalid under JavaScript's `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  ajv.addSchema(spec, SPEC_ID);
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = compiled.get(pointer);
    if (!validate) compiled.set(pointer, (validate = ajv.compile({ $ref: `${SPEC_ID}#${pointer}` })));
    return validate;
  };
  const resolve = (pointer: string): { pointer: string; value: Record<string, unknown> } => {
    const value = pointer
      .split('/')
      .slice(1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[unescapePointer(key)], spec) as Record<
      string,
      unknown
    >;
    return typeof value.$ref === 'string' ? resolve(value.$ref.slice(1)) : { pointer, value };
  };
  const jsonSchemaPointer = (pointer: string): string | undefined => {
    const target = resolve(pointer);
    const content = target.value.content as Record<string, { schema?: unknown }> | undefined;
    return content?.['application/json']?.schema ? `${target.pointer}/content/application~1json/schema` : undefined;
  };
  const describe = (validate: ValidateFunction) =>
    (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
    );

  const routes = Object.entries(spec.paths)
    .flatMap(([template, item]) =>
      Object.keys(item)
        .filter((m) => m !== 'parameters')
        .map((method) => ({
          template,
          method: method.toUpperCase(),
          regex: templateRegex(template),
          names: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        })),
    )
    // Literal segments win over parameters: `/folders/id/{folder_id}` before `/folders/{folder_uid}`.
    .sort((a, b) => a.names.length - b.names.length);

  return {
    match(method, urlPath) {
      // Provisioning paths carry their /api prefix in this spec; every other path is below /api.
      const specPath = urlPath.startsWith('/api/v1/provisioning/') ? urlPath : urlPath.replace(/^\/api(?=\/)/, '');
      for (const route of routes) {
        if (route.method !== method) continue;
        const found = route.regex.exec(specPath);
        if (!found) continue;
        const pointer = `/paths/${escapePointer(route.template)}/${method.toLowerCase()}`;
        const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
        return {
          template: route.template,
          method,
          params,
          pointer,
          operation: resolve(pointer).value as unknown as Operation,
        };
      }
      return undefined;
    },
    requestErrors(op, query, body) {
      const errors: string[] = [];
      for (const param of op.operation.parameters ?? []) {
        if (param.in !== 'query' || !param.schema) continue;
        const values = query.getAll(param.name);
        if (!values.length) {
          if (param.required) errors.push(`query parameter ${param.name} is required`);
          continue;
        }
        const validate = ajv.compile(param.schema);
        const value =
          param.schema.type === 'array'
            ? values.map((v) => coerce(v, (param.schema!.items as { type?: string } | undefined)?.type))
            : coerce(values[0]!, param.schema.type as string | undefined);
        if (!validate(value))
          errors.push(...describe(validate).map((e) => `query parameter ${param.name}: ${e.replace('(body) ', '')}`));
      }
      if (op.operation.requestBody) {
        const pointer = jsonSchemaPointer(`${op.pointer}/requestBody`);
        const required = resolve(`${op.pointer}/requestBody`).value.required === true;
        if (body === undefined) {
          if (required) errors.push('a JSON body is required');
        } else if (pointer) {
          const validate = validatorAt(pointer);
          if (!validate(body)) errors.push(...describe(validate));
        }
      }
      return errors;
    },
    responseErrors(op, status, body) {
      if (!op.operation.responses[String(status)]) return [];
      const pointer = jsonSchemaPointer(`${op.pointer}/responses/${status}`);
      if (!pointer) return [];
      const validate = validatorAt(pointer);
      return validate(body) ? [] : describe(validate);
    },
  };
}

function templateRegex(template: string): RegExp {
  const pattern = template
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('([^/]+)');
  return new RegExp(`^${pattern}$`);
}

/** Query strings carry text; the spec's integer and boolean parameters are checked as such. */
function coerce(value: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number')
    return value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapePointer(key: string): string {
  return key.replaceAll('~1', '/').replaceAll('~0', '~');
}
