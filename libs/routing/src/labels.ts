/**
 * The alert labels routing reads. `severity`, `persona` and `service` come from the rule,
 * `tenant` from the series (platform-scope alerts have none).
 */
export const LABEL = {
  alertname: 'alertname',
  tenant: 'tenant',
  persona: 'persona',
  severity: 'severity',
  service: 'service',
} as const;

export type Labels = Readonly<Record<string, string>>;

/** One Alertmanager label matcher; `label=""` also matches an absent label. */
export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export const equals = (label: string, value: string): Matcher => ({ label, op: '=', value });
export const notEquals = (label: string, value: string): Matcher => ({ label, op: '!=', value });
/** Any of `values`, exactly: Alertmanager anchors the regex. */
export const oneOf = (label: string, values: readonly string[]): Matcher => ({
  label,
  op: '=~',
  value: values.map(escapeRegex).join('|'),
});

/** `tenant="aurora-books"`: Alertmanager's matcher syntax, the value quoted and escaped. */
export function renderMatcher(m: Matcher): string {
  return `${m.label}${m.op}${JSON.stringify(m.value)}`;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
