// The compiler: resolved tenants and the definitions in, every artifact of out/ in memory out,
// checked. Pure: reading tenants, threads and writing out/ belong to the CLI.
export * from './artifacts.ts';
export * from './compile.ts';
export { lintContextBase } from './lint-context.ts';
export { derivedNames, nameClashes, type DerivedName } from './derived-names.ts';
export {
  cleanCache,
  dashboardQueries,
  recordedSeries,
  validateArtifacts,
  type CleanCache,
  type QuerySite,
} from './validate.ts';
export {
  dashboardSources,
  dashboardUnit,
  dashboardUnits,
  FOLDER_FILE,
  RESOURCES_DIR,
  type DashboardUnit,
} from './producers/grafana.ts';
export { panelIndex, type PanelIndex, type Produced, type Producer, type ProducerInput } from './producers/producer.ts';
export * from './unit-keys.ts';
