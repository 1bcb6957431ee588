import { describeTrigger, readBuildReport, SOURCE_FOLDERS, summaryLine, type Round } from '@plotwatch/build/dev';
import { ENVIRONMENTS } from '@plotwatch/platform';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { readTenants } from '../load.ts';
import { readLastBuild, readManifestEntries } from '../last-build.ts';
import { DEFAULT_OUT, DEFAULT_TENANTS, REPO_ROOT, stateDirOf } from '../paths.ts';
import { publishGrafana } from '../publish/grafana.ts';
import { readToken } from '../publish/token.ts';
import { parseCommand, UsageError, type CommandSpec } from '../usage.ts';
import { buildSession, type ChildBuild } from './build-session.ts';
import type { Demo } from './demo.ts';
import { probeChangedDashboards } from './prometheus.ts';
import { watchFolders } from './watch.ts';

export const DEV = {
  name: 'dev',
  summary: 'watch definitions, libraries and tenants; rebuild incrementally on each save, say what changed',
  details:
    'each save runs `plotwatch build` (in one long-lived build process that loads the compiler once and reads\nedited code again; the unit cache keeps it incremental), prints its findings and one summary line, then keeps\nwatching; Ctrl-C stops it',
  options: {
    out: {
      type: 'string',
      value: 'DIR',
      description: 'where to build (default: out/ of the repository; with --tenant, .plotwatch/dev/out)',
    },
    'tenants-dir': { type: 'string', value: 'DIR', description: 'tenant YAML files (default: libs/platform/tenants)' },
    env: { type: 'string', value: ENVIRONMENTS.join('|'), default: 'prod', description: 'environment to compile for' },
    schema: { type: 'string', value: 'v1|v2|both', description: 'dashboard schema to write (as plotwatch build)' },
    tenant: { type: 'string', value: 'ID', description: 'build this tenant only' },
    publish: {
      type: 'string',
      value: 'URL',
      description: 'after each successful build, publish what changed to this (development) Grafana',
    },
    'token-env': { type: 'string', value: 'NAME', description: "with --publish: the variable holding Grafana's token" },
    'secrets-root': {
      type: 'string',
      value: 'DIR',
      description: 'with --publish: where the secret files contact points refer to are (as publish grafana)',
    },
    prometheus: {
      type: 'string',
      value: 'URL',
      description: 'run each query of the changed dashboards once against this Prometheus; say panels without data',
    },
    demo: {
      type: 'boolean',
      description:
        "start narrative-sim and a local Prometheus (scraping it, evaluating out/'s rules) and probe it as --prometheus does",
    },
    once: { type: 'boolean', description: 'build once, print, exit (0 when the build and what follows succeeded)' },
  },
  examples: [
    'plotwatch dev',
    'plotwatch dev --tenant aurora-books --prometheus http://localhost:9090',
    'plotwatch dev --tenant aurora-books --demo',
    'GRAFANA_TOKEN=… plotwatch dev --tenant aurora-books --publish http://localhost:3000 --token-env GRAFANA_TOKEN',
  ],
} as const satisfies CommandSpec;

/** Where `plotwatch dev` writes; tests capture it. */
export interface DevIo {
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  /** Clears the terminal before a build; absent when output is not a terminal. */
  readonly clear?: () => void;
}

const processIo: DevIo = {
  print: (line) => console.log(line),
  warn: (line) => console.error(line),
  ...(process.stdout.isTTY ? { clear: () => void process.stdout.write('\x1b[2J\x1b[3J\x1b[H') } : {}),
};

const isHttp = (url: string) => /^https?:\/\//.test(url);

/**
 * `plotwatch dev`: a build now, then one after each save of a definition, library or tenant file
 * (one at a time; saves during a build make one more build after it), each followed by the
 * publish and the Prometheus probe asked for. Runs until SIGINT or SIGTERM (or once, with --once).
 */
export async function dev(args: string[], io: DevIo = processIo): Promise<number> {
  const parsed = parseCommand(DEV, args, io.print);
  if (!parsed) return 0;
  const { values } = parsed;
  if (values.publish !== undefined && !isHttp(values.publish))
    throw new UsageError(`--publish must be Grafana's URL (http:// or https://), got "${values.publish}"`);
  if ((values.publish === undefined) !== (values['token-env'] === undefined))
    throw new UsageError('--publish URL and --token-env NAME go together');
  if (values.publish) await readToken({ tokenEnv: values['token-env'] }, process.env);
  if (values.prometheus !== undefined && !isHttp(values.prometheus))
    throw new UsageError(`--prometheus must be Prometheus' URL (http:// or https://), got "${values.prometheus}"`);
  if (values.demo && values.prometheus !== undefined)
    throw new UsageError('--demo starts its own Prometheus: give either --demo or --prometheus URL');

  const outDir = resolve(values.out ?? (values.tenant ? join(REPO_ROOT, '.plotwatch/dev/out') : DEFAULT_OUT));
  const tenantsDir = resolve(values['tenants-dir'] ?? DEFAULT_TENANTS);
  const passed = (['tenants-dir', 'env', 'schema', 'tenant'] as const).flatMap((name) =>
    values[name] === undefined ? [] : [`--${name}`, values[name]],
  );
  const buildArgs = ['--out', outDir, ...passed];

  const demo = values.demo ? await startDemoOf(tenantsDir, values.tenant, outDir, io) : undefined;
  if (values.demo && !demo) return 1;
  const prometheusUrl = demo?.prometheusUrl ?? values.prometheus;
  const then = values.once ? 'done' : 'watching';
  const session = buildSession();
  let current: ChildBuild | undefined;
  /** Set by SIGINT or SIGTERM: a build it ended says nothing. */
  let stopped = false;
  const round = async (paths: readonly string[]): Promise<boolean> => {
    io.clear?.();
    const trigger = describeTrigger(paths);
    const started = performance.now();
    current = session.build(buildArgs, io);
    const { code, lines } = await current.done;
    current = undefined;
    if (stopped) return false;
    const report = readBuildReport(lines);
    const seconds = () => (performance.now() - started) / 1000;
    if (code !== 0) {
      io.print(summaryLine(trigger, { ok: false, report, seconds: seconds(), exitCode: code }, then));
      return false;
    }
    const changes = await readLastBuild(stateDirOf(outDir)).catch(() => undefined);
    let ok = true;
    let publish: string | undefined;
    if (values.publish) {
      const published = await publishChanges(values.publish, values['token-env']!, outDir, values['secrets-root'], io);
      ok = published.ok;
      publish = published.said;
    }
    let noData: number | undefined;
    await demo?.reload().catch((e: Error) => io.warn(`plotwatch dev: ${e.message}`));
    if (prometheusUrl && changes) {
      const entries = (await readManifestEntries(outDir)) ?? [];
      noData = await probeChangedDashboards(prometheusUrl, outDir, entries, changes.changed, io.warn);
    }
    const done: Round = {
      ok: true,
      report,
      filesChanged: changes && changes.changed.length + changes.removed.length,
      seconds: seconds(),
      ...(publish ? { publish } : {}),
      ...(noData !== undefined ? { noData } : {}),
    };
    io.print(summaryLine(trigger, done, then));
    return ok;
  };

  if (values.once) {
    const end = () => {
      stopped = true;
      current?.stop();
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
    const ok = await round([]).finally(async () => {
      session.close();
      await demo?.stop();
    });
    return ok ? 0 : 1;
  }

  const folders = [...SOURCE_FOLDERS.map((f) => join(REPO_ROOT, f)), tenantsDir]
    .filter((f) => existsSync(f))
    .filter((f, i, all) => !all.some((other, j) => j !== i && f.startsWith(other + sep)));
  let pending: string[] = [];
  let loop: Promise<void> | undefined;
  const drain = async () => {
    while (pending.length && !stopped) await round(pending.splice(0));
    loop = undefined;
  };
  const watcher = watchFolders(
    REPO_ROOT,
    [...new Set(folders)],
    [outDir, stateDirOf(outDir)],
    (paths) => {
      pending.push(...paths);
      loop ??= drain();
    },
    io.warn,
  );
  return new Promise<number>((resolveExit) => {
    const stop = () => {
      if (stopped) return;
      stopped = true;
      watcher.close();
      current?.stop();
      pending = [];
      void (loop ?? Promise.resolve()).then(async () => {
        session.close();
        await demo?.stop();
        io.print('plotwatch dev: stopped');
        resolveExit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.print(`plotwatch dev: watching ${folders.map((f) => f.slice(REPO_ROOT.length + 1) || f).join(', ')}`);
    loop = (async () => {
      await round([]);
      await drain();
    })();
  });
}

/** The demo platform for the label tenants built (a Mimir tenant's series live in its own Mimir). */
async function startDemoOf(
  tenantsDir: string,
  only: string | undefined,
  outDir: string,
  io: DevIo,
): Promise<Demo | undefined> {
  const loaded = await readTenants(tenantsDir);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.warn(e);
    io.warn('plotwatch dev: --demo needs the tenant files to be valid; fix them and start again');
    return undefined;
  }
  const tenants = loaded.tenants.filter((t) => t.tenancy === 'label' && (only === undefined || t.id === only));
  if (!tenants.length) {
    io.warn(`plotwatch dev: --demo serves label tenants only; ${only ?? 'none'} is not one`);
    return undefined;
  }
  try {
    // Loaded only for --demo: the demo platform's model is not needed otherwise.
    const { startDemo } = await import('./demo.ts');
    const demo = await startDemo(
      tenants.map((t) => t.id),
      outDir,
      join(stateDirOf(outDir), 'dev', 'demo'),
    );
    io.print(
      `plotwatch dev: demo platform of ${tenants.map((t) => t.id).join(', ')}, Prometheus at ${demo.prometheusUrl}`,
    );
    return demo;
  } catch (e) {
    io.warn(`plotwatch dev: --demo: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * Publishes out/ with `plotwatch publish grafana` (in this process: it reads out/ only): it plans
 * against Grafana's state, so only what changed is sent. Passes on what it did and its warnings.
 */
async function publishChanges(
  url: string,
  tokenEnv: string,
  outDir: string,
  secretsRoot: string | undefined,
  io: DevIo,
): Promise<{ ok: boolean; said: string }> {
  const lines: string[] = [];
  const code = await publishGrafana(
    ['--url', url, '--token-env', tokenEnv, '--out', outDir, ...(secretsRoot ? ['--secrets-root', secretsRoot] : [])],
    {
      print: (line) => {
        lines.push(line);
        if (/^(create|update|delete|failed|skipped): /.test(line)) io.print(`  published: ${line}`);
      },
      warn: (line) => io.warn(line),
      env: process.env,
    },
  ).catch((e: unknown) => {
    io.warn(`plotwatch dev: publish: ${(e as Error).message}`);
    return 1;
  });
  if (code !== 0) return { ok: false, said: 'publish failed (see above)' };
  const applied = lines.map((l) => /^Applied: (\d+) done/.exec(l)?.[1]).find((n) => n !== undefined);
  return { ok: true, said: applied === undefined ? 'nothing to publish' : `${applied} published` };
}
