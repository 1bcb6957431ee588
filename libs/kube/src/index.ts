export * from './helm-values.ts';
export * from './manifests.ts';
export * from './nginx.ts';
export * from './scrape-config.ts';
// The common labels are shared naming, defined in @plotwatch/platform; re-exported for the tools.
export { commonLabels } from '@plotwatch/platform';
