/**
 * Where Grafana's OpenAPI spec (kept unmodified in libs/publish/openapi/) contradicts what Grafana
 * sends and accepts on the wire. The validator applies each correction to its own in-memory copy;
 * each says which schema, what Grafana really does, and why we believe it.
 */
export interface Erratum {
  /** The component schema it corrects. */
  readonly schema: string;
  readonly why: string;
  readonly correct: (schemas: Record<string, Record<string, unknown>>) => void;
}

export const ERRATA: readonly Erratum[] = [
  {
    schema: 'EmbeddedContactPoint',
    why: 'the `type` enum lists " email", " slack", ... with a leading space (an artefact of the spec generator splitting a comma list); Grafana accepts and returns "email", "slack"',
    correct: (schemas) => {
      const type = (schemas.EmbeddedContactPoint!.properties as Record<string, { enum: string[] }>).type!;
      type.enum = type.enum.map((value) => value.trim());
    },
  },
  {
    schema: 'ObjectMatchers',
    why: "Grafana's ObjectMatchers marshal as a list of [label, operator, value] string triples, not as the Matcher objects the spec names",
    correct: (schemas) => {
      schemas.ObjectMatchers = {
        type: 'array',
        items: { type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 3 },
      };
    },
  },
  {
    schema: 'ProvisionedAlertRule',
    why: '`for` is a Prometheus duration string on the wire ("5m"); the spec calls it a nanosecond integer because the Go type wraps time.Duration',
    correct: (schemas) => {
      (schemas.ProvisionedAlertRule!.properties as Record<string, unknown>).for = {
        type: 'string',
        pattern: '^(\\d+(ms|s|m|h|d|w|y))+$|^0$',
      };
    },
  },
];
