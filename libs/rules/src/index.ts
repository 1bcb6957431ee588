// The one public entry of @plotwatch/rules, by stage: the model, generation of rules from
// definitions, one writer per output format, and the promtool proofs that the rules fire.
export * from './model/model.ts';
export * from './model/definition.ts';
export * from './model/naming.ts';
export * from './model/duration.ts';
export * from './model/slo-policy.ts';

export * from './generate/compile-alert.ts';
export * from './generate/go-template.ts';
export * from './generate/humanize.ts';
export * from './generate/params.ts';
export * from './generate/plain-alert.ts';
export * from './generate/slo.ts';
export * from './generate/template.ts';
export * from './generate/threshold-alert.ts';
export * from './generate/trend-alert.ts';

export { refusedRuleFileFields, ruleFileDocument } from './emit/rule-file.ts';
export * from './emit/prometheus-rule.ts';
export * from './emit/grafana-alerting.ts';
export { toYaml } from './emit/yaml-rules.ts';

export * from './proofs/alert-test.ts';
export * from './proofs/dependencies.ts';
export * from './proofs/proofs.ts';
