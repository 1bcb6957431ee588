import type { PersonaId, SeverityId, Tenant } from '@plotwatch/platform';
import type { AlertTestCase } from '../proofs/alert-test.ts';
import type { Template } from '../generate/template.ts';

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
export type RuleTarget = { readonly kind: 'shared' } | { readonly kind: 'own'; readonly tenant: Tenant } | { readonly kind: 'platform' };

/** One rule of an alert: most alerts have one; SLO burn-rate alerts have a page and a ticket rule under one name. */
export interface AlertRuleSpec {
  readonly severity: Severity;
  readonly for: string;
  readonly expr: (target: RuleTarget) => string;
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
