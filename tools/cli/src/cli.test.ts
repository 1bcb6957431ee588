import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, loadCommand, run } from './cli.ts';
import { parseCommand } from './usage.ts';

const SPECS = (await Promise.all([...COMMANDS.keys()].map(loadCommand))).map((c) => c.spec);

describe('plotwatch --help and mistyped arguments', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it.each(['--help', '-h', 'help'])('plotwatch %s lists every command, exit 0', async (flag) => {
    expect(await run([flag])).toBe(0);
    for (const name of COMMANDS.keys()) expect(out.join('\n')).toContain(`  ${name} `);
  });

  for (const spec of SPECS) {
    const name = spec.name;
    it.each(['--help', '-h'])(
      `plotwatch ${name} %s: every option the parser takes and an example, exit 0`,
      async (flag) => {
        expect(await run([...name.split(' '), flag])).toBe(0);
        const help = out.join('\n');
        expect(help).toMatch(new RegExp(`^usage: plotwatch ${name}`));
        for (const option of Object.keys(spec.options)) {
          expect(help).toContain(`--${option}`);
          // The parser takes exactly the options the help lists (one table for both).
          const value = spec.options[option]!.type === 'string' ? ['x'] : [];
          expect(parseCommand(spec, [`--${option}`, ...value], () => {})?.values).toHaveProperty(option);
        }
        expect(help).toMatch(/examples?:\n {2}.*plotwatch /);
        expect(err).toEqual([]);
      },
    );
  }

  it.each([
    [['publish', 'grafana', '--dryrun'], 'unknown option --dryrun for publish grafana; did you mean --dry-run?'],
    [['build', '--tenant-dir', 'x'], 'unknown option --tenant-dir for build; did you mean --tenants-dir?'],
    [['validate', '--evn', 'dev'], 'unknown option --evn for validate; did you mean --env?'],
    [['lint-promql', '--jsn'], 'unknown option --jsn for lint-promql; did you mean --json?'],
    [['diff', '--bsae', 'main'], 'unknown option --bsae for diff; did you mean --base?'],
    [['publish', 'k8s', '--aply'], 'unknown option --aply for publish k8s; did you mean --apply?'],
    [['publish', 'grafana', '--concurrency', '-1'], '--concurrency of publish grafana needs a value: --concurrency N'],
    [['lint-promql', '--json=yes'], '--json of lint-promql takes no value'],
    [['biuld'], 'unknown command "biuld"; did you mean plotwatch build?'],
    [['publish', 'grafan'], 'unknown publish target "grafan"; did you mean plotwatch publish grafana?'],
    [['import', 'dashbord'], 'unknown import target "dashbord"; did you mean plotwatch import dashboard?'],
    [['import'], 'import needs a target: plotwatch import dashboard|rules [options]'],
    [['import', 'rules', '--treshold', 'A=b'], 'unknown option --treshold for import rules; did you mean --threshold?'],
    [['import', 'rules', '--threshold', 'A', 'f.yaml'], '--threshold takes ALERT=ID, got "A"'],
    [['import', 'dashboard', '--scope', 'tenants', 'f.json'], '--scope is tenant or platform, got "tenants"'],
  ])('plotwatch %j suggests the closest, exit 2', async (argv, message) => {
    expect(await run(argv)).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(out).toEqual([]);
  });

  it('every usage error starts lowercase and names the command', async () => {
    for (const argv of [['build', 'extra'], ['diff', '--format'], ['validate', '--env', 'nowhere'], ['publish'], []]) {
      err = [];
      expect(await run(argv)).toBe(2);
      const first = err[0]!;
      if (argv.length) expect(first).toMatch(/^plotwatch[ :]/);
      if (argv.length) expect(first.replace(/^plotwatch[^:]*: /, '')).toMatch(/^[a-z-]/);
      if (argv.length > 1) expect(first).toContain(argv[0]);
    }
  });
});
