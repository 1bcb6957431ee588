export * from './backfill.ts';
export * from './exposition.ts';
export * from './labels.ts';
export * from './model.ts';
export * from './server.ts';
