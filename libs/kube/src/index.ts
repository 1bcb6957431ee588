export * from './helm-values.ts';
export * from './manifests.ts';
export * from './nginx.ts';
export * from './scrape-config.ts';
