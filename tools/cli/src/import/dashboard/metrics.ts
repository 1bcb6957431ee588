// The catalog entries live in shared/ (the rules importer suggests the same ones); the command imports them from here too.
export { missingMetrics, type MetricUse, type MissingMetric } from '../shared/catalog-entries.ts';
