import type { AlertDefinition, RecordingRule } from './model.ts';
import type { SloSpec } from './slo-policy.ts';

/** A group of recording rules over all tenants (aggregated `by (tenant, ...)`), written once. */
export interface RecordingGroupDefinition {
  /** Group name and rule file name: `golden-signals` -> out/prometheus/rules/golden-signals.yaml. */
  readonly name: string;
  readonly source: string;
  readonly rules: readonly RecordingRule[];
}

/** The alerts of one domain (`alerts/<domain>/`), compiled into one group and one rule file. */
export interface AlertDomainDefinition {
  readonly domain: string;
  readonly source: string;
  readonly alerts: readonly AlertDefinition[];
}

/** An SLO and the module that defines it. */
export interface SloDefinition {
  readonly spec: SloSpec;
  readonly source: string;
}
