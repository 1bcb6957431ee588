import type { PersonaId, ThresholdId } from '@plotwatch/platform';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly Rule[];
}

export type Severity = 'page' | 'ticket';

/** One input series of a promtool unit test, in promtool's expanding notation. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** How Prometheus' template functions print the alert's value (and threshold) in annotations. */
export type ValueFormat = 'humanizePercentage' | 'humanizeDuration' | 'humanize';

/**
 * An alert on one signal crossing a per-tenant threshold. `signal` is written once; the
 * compiler joins it with the threshold series (label tenancy) or inlines the tenant's value
 * (mimir tenancy).
 */
export interface ThresholdAlert {
  readonly name: string;
  /** The signal for a scope: a tenant's selector, or all tenants' (label tenancy). */
  readonly signal: (tenantId: string | undefined) => string;
  readonly comparison: '>' | '<';
  readonly threshold: ThresholdId;
  readonly for: string;
  readonly severity: Severity;
  readonly persona: PersonaId;
  readonly service: string;
  /** Short, with `{{ $labels.tenant }}`; the value and threshold are appended to the description. */
  readonly summary: string;
  /** What is wrong, in words; the current value and the threshold are added after it. */
  readonly description: string;
  /** The panel that shows the signal, by its title; the build resolves its id and fails if it is gone. */
  readonly dashboard: { readonly slug: string; readonly persona: PersonaId; readonly panel: string };
  /** Series for which `signal` equals `value` exactly for the tenant: the basis of its threshold test. */
  readonly proof: { readonly inputs: (tenantId: string, value: number) => InputSeries[]; readonly format: ValueFormat };
}
