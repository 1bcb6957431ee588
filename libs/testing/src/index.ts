export * from './promtool.ts';
