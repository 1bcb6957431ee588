import { readTree, sleep, scratchCheckout, startDev, type DevProcess } from '@plotwatch/testing';
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edit } from '../test-support.ts';

/** The `plotwatch build` processes that write `out` (dev's build process says so while it builds). */
const buildsOf = (out: string) =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((args) => args.includes(' build ') && args.includes(out));

/** The pids of idle build processes of `plotwatch dev`. */
const idleBuildProcesses = () =>
  execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('plotwatch dev: build server (idle)'))
    .map((line) => Number(line.trim().split(' ')[0]));

/** Once the build process is idle: dev has its answer before the build has saved its cache's index. */
async function idleAfterBuild(): Promise<number[]> {
  for (let i = 0; i < 100 && !idleBuildProcesses().length; i++) await sleep(50);
  return idleBuildProcesses();
}

// A real `plotwatch dev` in a scratch checkout, read by its lines: each save is one build, in
// dev's one long-lived build process.
describe('plotwatch dev', { timeout: 240_000 }, () => {
  let root: string;
  let dev: DevProcess;
  const out = () => join(root, 'dev-out');
  const fleet = () => join(root, 'dashboards/ml/platform-fleet.ts');

  beforeAll(async () => {
    root = await scratchCheckout();
    dev = startDev(root, ['--out', out()]);
    expect(await dev.summary()).toMatch(
      /^plotwatch dev: first build -> \d+ of \d+ units rebuilt, .* in \d+\.\d\ds; watching$/,
    );
  }, 240_000);
  afterAll(async () => {
    try {
      // Stopped during a build: the child build ends with it, and says nothing.
      const said = dev.lines.length;
      await edit(fleet(), "title: 'Model fleet (edited)'", "title: 'Model fleet'");
      for (let i = 0; i < 50 && !buildsOf(out()).length; i++) await sleep(100);
      expect(buildsOf(out())).toHaveLength(1);
      expect(await dev?.stop()).toBe(0);
      expect(dev.lines.slice(said)).toEqual(['plotwatch dev: stopped']);
      await sleep(500);
      expect(buildsOf(out())).toEqual([]);
    } finally {
      // Whatever failed above, no `plotwatch dev` outlives the test.
      await dev?.stop();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rebuilds a saved dashboard: one summary line, the new title in out/', async () => {
    const [server] = await idleAfterBuild();
    expect(server).toBeGreaterThan(0);
    await edit(fleet(), "title: 'Model fleet'", "title: 'Model fleet (edited)'");
    expect(await dev.summary()).toMatch(
      /^plotwatch dev: dashboards\/ml\/platform-fleet\.ts changed -> 1 of \d+ units rebuilt, [1-9]\d* files? changed, in \d+\.\d\ds; watching$/,
    );
    const tree = await readTree(out());
    expect(
      [...tree].filter(([path, text]) => path.startsWith('grafana/') && text.includes('Model fleet (edited)')),
    ).not.toEqual([]);
    // Built by the process that made the first build: the edited definition was read again all the same.
    expect(await idleAfterBuild()).toContain(server);
  });

  it('a save during a build makes one more build after it, not a second build at once', async () => {
    // A kit library's edit rebuilds every unit with the kit imported afresh: long enough to save during it.
    const kit = join(root, 'libs/grafana/src/panels.ts');
    const cost = join(root, 'dashboards/ml/cost.ts');
    await edit(kit, /\.fillOpacity\(([^)]*) 10\)/, '.fillOpacity($1 11)');
    for (let i = 0; i < 400 && !buildsOf(out()).length; i++) await sleep(5);
    expect(buildsOf(out())).toHaveLength(1);
    await edit(cost, "title: 'Model cost'", "title: 'Model cost (edited)'");
    await sleep(300);
    expect(buildsOf(out()).length).toBeLessThanOrEqual(1);
    expect(await dev.summary()).toContain('libs/grafana/src/panels.ts changed -> ');
    expect(await dev.summary()).toContain('dashboards/ml/cost.ts changed -> ');
    const tree = await readTree(out());
    expect([...tree.values()].some((text) => text.includes('Model cost (edited)'))).toBe(true);
    expect([...tree.values()].some((text) => text.includes('"fillOpacity": 11'))).toBe(true);
    await edit(kit, /\.fillOpacity\(([^)]*) 11\)/, '.fillOpacity($1 10)');
    expect(await dev.summary()).toContain('libs/grafana/src/panels.ts changed -> ');
  });

  it('says the finding of an unknown metric, keeps watching, and builds again once it is fixed', async () => {
    await edit(fleet(), "all('model_drift_score')", "all('model_drift_scroe')");
    const failed = await dev.summary();
    expect(failed).toMatch(
      /^plotwatch dev: dashboards\/ml\/platform-fleet\.ts changed -> \d+ problems?, out\/ left as it was, in \d+\.\d\ds; watching$/,
    );
    const output = dev.lines.join('\n');
    expect(output).toContain('model_drift_scroe');
    expect(output).toMatch(/dashboards\/ml\/platform-fleet\.ts:\d+/);
    const tree = await readTree(out());
    expect([...tree.values()].some((text) => text.includes('model_drift_scroe'))).toBe(false);

    await edit(fleet(), "all('model_drift_scroe')", "all('model_drift_score')");
    expect(await dev.summary()).toMatch(
      // Back to the sources out/ was built from: nothing to build.
      /^plotwatch dev: dashboards\/ml\/platform-fleet\.ts changed -> out\/ up to date, in \d+\.\d\ds; watching$/,
    );
  });
});
