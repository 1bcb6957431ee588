import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';
import { run, type ToolRun } from './promtool.ts';
import { startServer, type RunningServer } from './server.ts';

/** `amtool check-config` on a config given as text. */
export async function amtoolCheckConfig(configYaml: string): Promise<ToolRun> {
  return withConfigFile(configYaml, (file, dir) => run('amtool', ['check-config', file], dir));
}

/**
 * The receivers each label set is routed to by `amtool config routes test`, in the order
 * Alertmanager notifies them. One amtool process per label set (it takes one), run in
 * parallel over one config file.
 */
export async function amtoolRoutes(
  configYaml: string,
  labelSets: ReadonlyArray<Readonly<Record<string, string>>>,
): Promise<string[][]> {
  return withConfigFile(configYaml, (file) =>
    inParallel(labelSets, async (labels) => {
      const args = [
        'config',
        'routes',
        'test',
        `--config.file=${file}`,
        ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
      ];
      const stdout = await amtool(args);
      return stdout.trim().split(',').filter(Boolean);
    }),
  );
}

export interface AlertmanagerOptions {
  /** Holds the config file and the storage directory; the caller removes it. */
  readonly dir: string;
  readonly configYaml: string;
}

/** A real Alertmanager on 127.0.0.1 (free port, no cluster gossip), its data in `dir`. */
export async function startAlertmanager({ dir, configYaml }: AlertmanagerOptions): Promise<RunningServer> {
  const port = await freePort();
  const configFile = join(dir, 'alertmanager.yaml');
  await writeFile(configFile, configYaml);
  return startServer({
    command: 'prometheus-alertmanager',
    args: [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'alertmanager-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    url: `http://127.0.0.1:${port}`,
  });
}

async function withConfigFile<T>(configYaml: string, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-amtool-'));
  try {
    const file = join(dir, 'alertmanager.yaml');
    await writeFile(file, configYaml);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** amtool's stdout; its warnings go to stderr and are shown only when it fails. */
function amtool(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('amtool', args, (error, stdout, stderr) => {
      if (error) reject(new Error(`amtool ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** `work` over every item, at most one per CPU at a time; results in input order. */
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), items.length) }, worker));
  return results;
}
