import type { PersonaId, SeverityId, Tenant } from '@plotwatch/platform';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  /** How long it keeps firing once the expression stops returning it (Prometheus ≥ 2.42). */
  readonly keepFiringFor?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  /** Evaluate this far in the past, for samples that arrive late (Prometheus ≥ 2.53). */
  readonly queryOffset?: string;
  /** At most this many alerts or series per rule; more fail the evaluation (0 is no limit). */
  readonly limit?: number;
  /** Added to every rule of the group; a rule's own labels win (Prometheus ≥ 3.0). */
  readonly labels?: Labels;
  readonly rules: readonly Rule[];
}

export type Severity = SeverityId;
export type Labels = Readonly<Record<string, string>>;

/** One input series of a promtool unit test, in promtool's expanding notation. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/**
 * How Prometheus' template functions print the alert's value (and threshold) in annotations.
 * `decimal` is plain `%.4g`, for scores and counts of standard deviations.
 */
export type ValueFormat = 'humanizePercentage' | 'humanizeDuration' | 'humanize' | 'decimal';

/**
 * A number each tenant has its own value of (a threshold, an SLO's error budget). In label
 * tenancy it reaches the shared rule as a series, one tiny recording rule per tenant; in a
 * mimir tenant's own namespace it is written inline.
 */
export interface TenantParam {
  /** The series carrying each tenant's value (label tenancy). */
  readonly series: string;
  /** Labels besides `tenant` that tell this param's series apart from others of the same name. */
  readonly labels: Labels;
  readonly format: ValueFormat;
  readonly valueOf: (tenant: Tenant) => number;
}

/**
 * An annotation as typed parts, so that one definition renders three ways: as the Go template
 * Prometheus evaluates, as Grafana's flavour of it, and as the exact text a promtool test
 * expects for a known value.
 */
export type Segment =
  | string
  | { readonly label: string }
  | { readonly value: ValueFormat }
  | { readonly param: TenantParam }
  /** A Go template action kept as a rule file wrote it (`{{ $labels.instance }}`): rendered verbatim. */
  | { readonly go: string };
export type Template = readonly Segment[];

/** The dashboard panel that shows an alert's signal, by its exact title; the build resolves its id. */
export interface PanelLink {
  readonly slug: string;
  readonly persona: PersonaId;
  readonly panel: string;
}

/**
 * Where a rule runs, which decides how per-tenant values reach it:
 * - `shared`: one rule on the shared Prometheus for every label-mode tenant, per-tenant values joined from series;
 * - `own`: a mimir tenant's copy in its own ruler namespace, its values inline;
 * - `platform`: the shared infrastructure, no tenant.
 */
export type RuleTarget =
  { readonly kind: 'shared' } | { readonly kind: 'own'; readonly tenant: Tenant } | { readonly kind: 'platform' };

/** An alert promtool must report as firing: its series' labels and the value its annotations print. */
export interface ExpectedAlert {
  readonly severity: Severity;
  /** The alerted series' labels (the rule adds alertname, severity, persona, ...). */
  readonly labels: Labels;
  readonly value: number;
  /** The tenant alerted, whose own values (thresholds, budgets) the annotations print. */
  readonly tenant?: Tenant;
}

/** At `at`, exactly these alerts fire (none: silent; pending alerts are not firing). */
export interface AlertCheck {
  readonly at: string;
  readonly firing: readonly ExpectedAlert[];
}

/**
 * One promtool test group, typed: input series in promtool's expanding notation sampled every
 * `interval`, rules evaluated every `evaluationInterval`, and what fires when. Its name says
 * what it proves (alert, tenant, value, threshold): promtool prints it when it fails.
 */
export interface AlertTestCase {
  readonly name: string;
  readonly interval: string;
  readonly evaluationInterval: string;
  readonly inputs: readonly InputSeries[];
  readonly checks: readonly AlertCheck[];
}

/** One rule of an alert: most alerts have one; SLO burn-rate alerts have a page and a ticket rule under one name. */
export interface AlertRuleSpec {
  readonly severity: Severity;
  readonly for: string;
  /** Keeps a flapping signal's alert firing through short dips (Prometheus ≥ 2.42). */
  readonly keepFiringFor?: string;
  readonly expr: (target: RuleTarget) => string;
  /**
   * Labels and annotations a rule file gave, kept as they are: the rule carries exactly these,
   * instead of the ones derived from persona, service, summary, description and links.
   */
  readonly kept?: KeptRuleParts;
}

interface AlertBase {
  readonly name: string;
  readonly persona: PersonaId;
  /** The owning service, for routing and the dependency inhibitions; absent when the series say it themselves. */
  readonly service?: string;
  /** Short, one line. */
  readonly summary: Template;
  /** What is wrong, with the current value (and the threshold it crossed). */
  readonly description: Template;
  readonly dashboard: PanelLink;
  readonly rules: readonly AlertRuleSpec[];
}

export interface KeptRuleParts {
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, Template>>;
}

/** An alert on each tenant's series: one shared rule for label tenants, a copy per mimir tenant. */
export interface TenantAlert extends AlertBase {
  readonly scope: 'tenant';
  /**
   * Typed promtool cases proving the rules for the tenants they serve (every label tenant, or one
   * mimir tenant), each at its own values.
   */
  readonly tests: (tenants: readonly Tenant[]) => readonly AlertTestCase[];
}

/** An alert on the shared infrastructure; links to the platform dashboards. */
export interface PlatformAlert extends AlertBase {
  readonly scope: 'platform';
  readonly tests: () => readonly AlertTestCase[];
}

export type AlertDefinition = TenantAlert | PlatformAlert;

/** An alert as compiled for one target: what the expectations are rendered against. */
export interface CompiledAlert {
  readonly name: string;
  readonly rules: ReadonlyArray<{
    readonly severity: Severity;
    readonly labels: Labels;
    readonly annotations: Readonly<Record<string, Template>>;
  }>;
}
