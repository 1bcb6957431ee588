import { TIERS } from '@plotwatch/platform';
import { run, scratchCheckout, startDev } from '@plotwatch/testing';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fmt, table } from './measure.ts';

const TENANTS = 1000;

/** A tenant file as a user writes it: the same tenants `--synthetic-tenants` makes, as YAML. */
function tenantFile(i: number): { name: string; text: string } {
  const id = `synthetic-${String(i + 1).padStart(4, '0')}`;
  const text = [
    `id: ${id}`,
    `displayName: Synthetic ${i + 1}`,
    `tier: ${TIERS[i % TIERS.length]}`,
    `tenancy: ${i % 10 === 9 ? 'mimir' : 'label'}`,
    'notifications:',
    '  - name: ops-webhook',
    '    type: webhook',
    `    url: https://alerts.${id}.example/alertmanager`,
    `    credentialsFile: /etc/alertmanager/secrets/${id}/webhook-token`,
    '',
  ].join('\n');
  return { name: `${id}.yaml`, text };
}

async function edit(
  file: string,
  from: RegExp,
  to: string | ((match: string, ...groups: string[]) => string),
): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!from.test(text)) throw new Error(`${file}: nothing matches ${String(from)}`);
  await writeFile(file, text.replace(from, to as (match: string, ...groups: string[]) => string));
}

/**
 * `plotwatch build` in a scratch checkout with the repo's tenants and 1,000 tenant files more,
 * as a user runs it after each kind of edit: every build a new process, the unit cache beside out/.
 */
export async function incrementalBenchmarks(): Promise<string> {
  const root = await scratchCheckout();
  const tenants = join(root, 'libs/platform/tenants');
  const rows: Array<Array<string | number>> = [];
  const devRows: Array<Array<string | number>> = [];
  const build = async (change: string, target: string) => {
    const started = performance.now();
    const result = await run(
      'node',
      [join(root, 'tools/cli/bin/plotwatch.js'), 'build', '--out', join(root, 'out')],
      root,
    );
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok) throw new Error(result.output);
    const units = /\((\d+) of (\d+) units rebuilt\)/.exec(result.output);
    const rebuilt = units ? `${fmt(Number(units[1]))} of ${fmt(Number(units[2]))}` : 'none: out/ up to date';
    rows.push([change, rebuilt, `${fmt(seconds, 2)} s`, target]);
  };
  try {
    for (let i = 0; i < TENANTS; i++) {
      const { name, text } = tenantFile(i);
      await writeFile(join(tenants, name), text);
    }
    await build('none: the first build, the cache empty', '');
    await build('none', 'under 0.5 s');
    const first = join(tenants, tenantFile(0).name);
    await writeFile(first, `${await readFile(first, 'utf8')}# a comment\n`);
    await build('a comment in a tenant file (an input of the build, of no unit)', '');
    const manifest = JSON.parse(await readFile(join(root, 'out/manifest.json'), 'utf8')) as {
      artifacts: Array<{ kind: string; tenant: string | null; source: string }>;
    };
    const dashboard = manifest.artifacts.find((a) => a.kind.startsWith('grafana-dashboard') && a.tenant)!.source;
    await edit(join(root, dashboard), /title: '([^']*)'/, "title: '$1 (edited)'");
    await build(`a dashboard's title (${dashboard})`, '');
    await edit(join(tenants, tenantFile(TENANTS - 2).name), /^displayName: (.*)$/m, 'displayName: $1 Edited');
    await build("a tenant's display name", '');
    devRows.push(...(await devLoop(root, dashboard, join(tenants, tenantFile(TENANTS - 3).name))));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return [
    '## Incremental build',
    '',
    `\`node tools/cli/bin/plotwatch.js build\` in a scratch checkout holding the repo's tenants and ${fmt(TENANTS)} tenant files more, after each change,`,
    'each a new process (start-up included), reusing the units of `.plotwatch/cache` whose keys are unchanged (wall time measured by the benchmark).',
    "The targets of a dashboard and a tenant edit (issue 16) are the inner loop's, `plotwatch dev` below: a one-shot build is",
    'a new process, whose start and loading take most of what the comment row shows before any unit is looked at.',
    '',
    table(['change since the last build', 'units rebuilt', 'build', 'target'], rows),
    '',
    '`plotwatch dev --out out` in the same checkout: the inner loop. Its builds run in one long-lived process (the compiler',
    "loaded once, the sources again when they changed). Time from the save to its summary line (the watcher's 50 ms debounce",
    'included), each change twice: the first 3 s after dev started (its first build found out/ up to date), the second warm.',
    '',
    table(['change', 'units rebuilt', 'save to summary', 'target'], devRows),
  ].join('\n');
}

/** Each kind of change saved twice in a running `plotwatch dev`: save to summary line. */
async function devLoop(root: string, dashboard: string, tenant: string): Promise<Array<Array<string | number>>> {
  const dev = startDev(root, ['--out', join(root, 'out')]);
  const rows: Array<Array<string | number>> = [];
  try {
    await dev.summary();
    // A user's first save comes some seconds after dev started, not at once.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const changes: Array<[string, string, () => Promise<void>]> = [
      ['none (a comment in a tenant file)', '', () => appendFile(tenant, '# a comment\n')],
      [
        `a dashboard's title (${dashboard})`,
        'under 1.5 s',
        () => edit(join(root, dashboard), /title: '([^']*)'/, "title: '$1 (again)'"),
      ],
      ["a tenant's display name", 'under 0.5 s', () => edit(tenant, /^displayName: (.*)$/m, 'displayName: $1 Again')],
      // Its routing too: its receivers, the Alertmanager config, the contact points (amtool checks the config again).
      [
        "a tenant's webhook URL",
        'under 0.5 s',
        () => edit(tenant, /alertmanager(\d*)$/m, (_, n: string) => `alertmanager${Number(n || 0) + 1}`),
      ],
    ];
    for (const [change, target, save] of changes)
      for (const round of ['first', 'again']) {
        const started = performance.now();
        await save();
        const summary = await dev.summary();
        const seconds = (performance.now() - started) / 1000;
        if (!/ -> \d+ of \d+ units rebuilt/.test(summary))
          throw new Error(`plotwatch dev: ${summary}\n${dev.lines.join('\n')}`);
        const [, rebuilt, total] = /(\d+) of (\d+) units rebuilt/.exec(summary)!;
        rows.push([
          `${change}, ${round}`,
          `${fmt(Number(rebuilt))} of ${fmt(Number(total))}`,
          `${fmt(seconds, 2)} s`,
          target,
        ]);
      }
  } finally {
    await dev.stop();
  }
  return rows;
}
