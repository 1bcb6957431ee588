import { build, validate } from './build.ts';
import { diff } from './diff/command.ts';
import { lintPromql } from './lint-promql.ts';
import { publishK8s } from './publish-k8s.ts';
import { publishGrafana } from './publish/grafana.ts';
import { USAGE, UsageError } from './usage.ts';

/** `plotwatch publish <target>`: each target reads out/ only. */
async function publish([target, ...args]: string[]): Promise<number> {
  switch (target) {
    case 'k8s':
      return publishK8s(args);
    case 'grafana':
      return publishGrafana(args);
    default:
      throw new UsageError(`publish needs a target: grafana or k8s${target ? `, got "${target}"` : ''}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'build':
      return build(rest);
    case 'validate':
      return validate(rest);
    case 'lint-promql':
      return lintPromql(rest);
    case 'diff':
      return diff(rest);
    case 'publish':
      return publish(rest);
    case undefined:
    case '--help':
    case 'help':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`plotwatch: ${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
