import { describeLoadFailure } from './load-failure.ts';
import { REPO_ROOT } from './paths.ts';
import { closest, helpText, UsageError, type CommandSpec } from './usage.ts';

interface Command {
  readonly spec: CommandSpec;
  readonly run: (args: string[]) => Promise<number>;
}

const commandOf = (spec: unknown, run: Command['run']): Command => ({ spec: spec as CommandSpec, run });

/**
 * Every command, by what is typed after `plotwatch`. A command's module is loaded when it runs, not
 * before: the compiler alone takes a second and a half to load, and `diff` or `publish` need not wait.
 */
export const COMMANDS: ReadonlyMap<string, () => Promise<Command>> = new Map([
  ['build', async () => import('./build.ts').then((m) => commandOf(m.BUILD, m.build))],
  ['validate', async () => import('./build.ts').then((m) => commandOf(m.VALIDATE, m.validate))],
  ['dev', async () => import('./dev/command.ts').then((m) => commandOf(m.DEV, (a) => m.dev(a)))],
  ['test', async () => import('./test-command.ts').then((m) => commandOf(m.TEST, m.test))],
  ['lint-promql', async () => import('./lint-promql.ts').then((m) => commandOf(m.LINT_PROMQL, m.lintPromql))],
  ['diff', async () => import('./diff/command.ts').then((m) => commandOf(m.DIFF, m.diff))],
  [
    'publish grafana',
    async () => import('./publish/grafana.ts').then((m) => commandOf(m.PUBLISH_GRAFANA, (a) => m.publishGrafana(a))),
  ],
  ['publish k8s', async () => import('./publish-k8s.ts').then((m) => commandOf(m.PUBLISH_K8S, m.publishK8s))],
  [
    'import dashboard',
    async () => import('./import/command.ts').then((m) => commandOf(m.IMPORT_DASHBOARD, (a) => m.importDashboard(a))),
  ],
  [
    'import rules',
    async () => import('./import/command.ts').then((m) => commandOf(m.IMPORT_RULES, (a) => m.importRules(a))),
  ],
]);

export async function loadCommand(name: string): Promise<Command> {
  return COMMANDS.get(name)!();
}

/** Commands of two words (`publish grafana`, `import rules`): the second word of each group. */
const subcommands = (group: string) =>
  [...COMMANDS.keys()].filter((n) => n.startsWith(`${group} `)).map((n) => n.slice(group.length + 1));
const GROUPS: ReadonlySet<string> = new Set(['publish', 'import']);

/** The tool's usage: every command with its summary (this loads them all). */
export async function usage(): Promise<string> {
  const commands = await Promise.all([...COMMANDS.keys()].map(loadCommand));
  return [
    'usage: plotwatch <command> [options]',
    '',
    'commands:',
    ...commands.map(({ spec }) => `  ${spec.name.padEnd(17)}${spec.summary}`),
    '',
    'plotwatch <command> --help shows its options and an example.',
  ].join('\n');
}

/** The command an argv names, and its arguments; throws a UsageError suggesting the closest one. */
function resolveCommand(argv: readonly string[]): { name: string; args: string[] } {
  const [first = '', second, ...rest] = argv;
  if (GROUPS.has(first)) {
    const targets = subcommands(first);
    if (second !== undefined && COMMANDS.has(`${first} ${second}`)) return { name: `${first} ${second}`, args: rest };
    if (second === undefined || second.startsWith('-'))
      throw new UsageError(`${first} needs a target: plotwatch ${first} ${targets.join('|')} [options]`);
    const guess = closest(second, targets);
    throw new UsageError(
      `unknown ${first} target "${second}"; ${guess ? `did you mean plotwatch ${first} ${guess}?` : `use one of ${targets.join(', ')}`}`,
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
    console.error(await usage());
    return 2;
  }
  if (GROUPS.has(first) && (rest[0] === '--help' || rest[0] === '-h')) {
    console.log(
      (await usage())
        .split('\n')
        .filter((line) => line.startsWith(`  ${first} `) || line.startsWith('usage'))
        .join('\n'),
    );
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    if (rest.length === 0) {
      console.log(await usage());
      return 0;
    }
    try {
      console.log(helpText((await loadCommand(resolveCommand(rest).name)).spec));
      return 0;
    } catch (e) {
      return usageFailure(e, undefined);
    }
  }
  let name: string | undefined;
  try {
    const command = resolveCommand(argv);
    name = command.name;
    let loaded: Command;
    try {
      loaded = await loadCommand(name);
    } catch (e) {
      return loadFailure(name, e);
    }
    return await loaded.run(command.args);
  } catch (e) {
    return usageFailure(e, name);
  }
}

/** A module of the command (a definition) threw while it was imported: said at its line, nothing done. */
function loadFailure(command: string, error: unknown): number {
  console.error(describeLoadFailure(error, REPO_ROOT));
  console.error(`plotwatch ${command}: a definition failed to load; nothing was done, fix it and run again`);
  return 1;
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
