export * from './emit.ts';
export * from './humanize.ts';
export * from './model.ts';
export * from './naming.ts';
export * from './promtool-test.ts';
export * from './threshold-alert.ts';
export * from './definition.ts';
