export * from './panels.ts';
export * from './uid.ts';
export * from './validate.ts';
export * from './variables.ts';
export * from './folders.ts';
export * from './definition.ts';
export * from './refresh.ts';
