// The compiler: resolved tenants and the definitions in, every artifact of out/ in memory out,
// checked. Pure: reading tenants, threads and writing out/ belong to the CLI.
export * from './artifacts.ts';
export * from './compile.ts';
export { derivedNames, nameClashes, type DerivedName } from './derived-names.ts';
export {
  cleanCache,
  dashboardQueries,
  lintContextBase,
  recordedSeries,
  validateArtifacts,
  type CleanCache,
  type QuerySite,
} from './validate.ts';
export { FOLDER_FILE, RESOURCES_DIR } from './producers/grafana.ts';
export type { PanelIndex, Produced, Producer, ProducerInput } from './producers/producer.ts';
