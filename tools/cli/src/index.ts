// The CLI's commands as functions (argv in, exit code out), for the e2e project and the benchmarks.
export { build, validate } from './build.ts';
export { publishGrafana } from './publish/grafana.ts';
export { CLI_BIN, REPO_ROOT } from './paths.ts';
