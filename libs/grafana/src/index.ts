export * from './dashboard.ts';
export * from './datasources.ts';
export * from './definition.ts';
export * from './folders.ts';
export * from './layout.ts';
export * from './links.ts';
export * from './panels.ts';
export * from './queries.ts';
export * from './raw.ts';
export * from './refresh.ts';
export * from './rows.ts';
export * from './schema-v2.ts';
export * from './thresholds.ts';
// Dashboard uids are shared naming, defined in @plotwatch/platform; re-exported for the dashboards and tools.
export { checkedDashboardUid, dashboardUid, MAX_UID_LENGTH } from '@plotwatch/platform';
export * from './units.ts';
export * from './validate.ts';
export * from './variables.ts';
