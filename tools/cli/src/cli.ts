import { build, BUILD, validate, VALIDATE } from './build.ts';
import { diff, DIFF } from './diff/command.ts';
import { LINT_PROMQL, lintPromql } from './lint-promql.ts';
import { PUBLISH_K8S, publishK8s } from './publish-k8s.ts';
import { PUBLISH_GRAFANA, publishGrafana } from './publish/grafana.ts';
import { closest, helpText, UsageError, type CommandSpec } from './usage.ts';

interface Command {
  readonly spec: CommandSpec;
  readonly run: (args: string[]) => Promise<number>;
}

/** Every command, by what is typed after `plotwatch`. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map(
  (
    [
      [BUILD, build],
      [VALIDATE, validate],
      [LINT_PROMQL, lintPromql],
      [DIFF, diff],
      [PUBLISH_GRAFANA, (args: string[]) => publishGrafana(args)],
      [PUBLISH_K8S, publishK8s],
    ] as const
  ).map(([spec, run]) => [spec.name, { spec: spec as CommandSpec, run }]),
);

const PUBLISH_TARGETS = [...COMMANDS.keys()].filter((n) => n.startsWith('publish ')).map((n) => n.slice(8));

export const USAGE = [
  'usage: plotwatch <command> [options]',
  '',
  'commands:',
  ...[...COMMANDS.values()].map(({ spec }) => `  ${spec.name.padEnd(17)}${spec.summary}`),
  '',
  'plotwatch <command> --help shows its options and an example.',
].join('\n');

/** The command an argv names, and its arguments; throws a UsageError suggesting the closest one. */
function resolveCommand(argv: readonly string[]): { name: string; args: string[] } {
  const [first = '', second, ...rest] = argv;
  if (first === 'publish') {
    if (second !== undefined && COMMANDS.has(`publish ${second}`)) return { name: `publish ${second}`, args: rest };
    if (second === undefined || second.startsWith('-'))
      throw new UsageError(`publish needs a target: plotwatch publish ${PUBLISH_TARGETS.join('|')} [options]`);
    const guess = closest(second, PUBLISH_TARGETS);
    throw new UsageError(
      `unknown publish target "${second}"; ${guess ? `did you mean plotwatch publish ${guess}?` : `use one of ${PUBLISH_TARGETS.join(', ')}`}`,
    );
  }
  if (COMMANDS.has(first)) return { name: first, args: argv.slice(1) };
  const names = [...new Set([...COMMANDS.keys()].map((n) => n.split(' ')[0]!))];
  const guess = closest(first, names);
  throw new UsageError(
    `unknown command "${first}"; ${guess ? `did you mean plotwatch ${guess}?` : `use one of ${names.join(', ')}`} (plotwatch --help lists them)`,
  );
}

/** `plotwatch ARGV...`: the exit code. Usage errors are printed here, naming the command. */
export async function run(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    console.error(USAGE);
    return 2;
  }
  if (first === 'publish' && (rest[0] === '--help' || rest[0] === '-h')) {
    console.log(
      USAGE.split('\n')
        .filter((line) => line.startsWith('  publish ') || line.startsWith('usage'))
        .join('\n'),
    );
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    if (rest.length === 0) {
      console.log(USAGE);
      return 0;
    }
    try {
      console.log(helpText(COMMANDS.get(resolveCommand(rest).name)!.spec));
      return 0;
    } catch (e) {
      return usageFailure(e, undefined);
    }
  }
  let name: string | undefined;
  try {
    const command = resolveCommand(argv);
    name = command.name;
    return await COMMANDS.get(name)!.run(command.args);
  } catch (e) {
    return usageFailure(e, name);
  }
}

function usageFailure(error: unknown, command: string | undefined): number {
  if (!(error instanceof UsageError)) throw error;
  if (!command) console.error(`plotwatch: ${error.message}`);
  else {
    // Messages of the option parser name the command already.
    const named =
      error.message.includes(` for ${command}`) ||
      error.message.includes(` of ${command}`) ||
      error.message.startsWith(`${command} `);
    console.error(`plotwatch${named ? '' : ` ${command}`}: ${error.message}`);
    console.error(`(plotwatch ${command} --help shows its options)`);
  }
  return 2;
}
