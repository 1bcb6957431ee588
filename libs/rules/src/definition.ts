import type { RecordingRule, ThresholdAlert } from './model.ts';

/** A group of recording rules over all tenants (aggregated `by (tenant, ...)`), written once. */
export interface RecordingGroupDefinition {
  /** Group name and rule file name: `golden-signals` -> out/prometheus/rules/golden-signals.yaml. */
  readonly name: string;
  readonly source: string;
  readonly rules: readonly RecordingRule[];
}

/** The alerts of one domain (`alerts/<domain>/`), compiled into one group. */
export interface AlertDomainDefinition {
  readonly domain: string;
  readonly source: string;
  readonly alerts: readonly ThresholdAlert[];
}
