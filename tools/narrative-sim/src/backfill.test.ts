import { run, writeTree } from '@plotwatch/testing';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOpenMetricsHistory, writeOpenMetricsHistoryInWorker, type BackfillOptions } from './backfill.ts';
import { samplesOf, seriesText } from './exposition.ts';
import { advance, createPlatform } from './model.ts';

const T0 = 1_700_000_000;
const options: BackfillOptions = {
  tenants: ['a', 'b'],
  start: T0,
  end: T0 + 600,
  step: 60,
  incidents: [
    { scenario: 'latency-spike', tenant: 'a', since: T0 + 300 },
    { scenario: 'generation-failures', tenant: 'b', since: T0 + 300 },
  ],
};

/** The sample lines of an OpenMetrics history: `name{labels} value timestamp`. */
const sampleLines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('writeOpenMetricsHistory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeTree([]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes exactly the samples the live model exposes at each step', async () => {
    const samples = await writeOpenMetricsHistory(join(dir, 'all.om'), options);
    const written = new Map(
      sampleLines(await readFile(join(dir, 'all.om'), 'utf8')).map((line) => {
        const [series, value, t] = line.split(/ (?=[^ ]+$)| (?=[^ ]+ [^ ]+$)/);
        return [`${series} ${t}`, Number(value)] as const;
      }),
    );
    const live = new Map<string, number>();
    const families = createPlatform(options.tenants);
    for (let t = options.start; t <= options.end; t += options.step) {
      advance(families, t - options.step, t, options.incidents);
      for (const family of families)
        for (const s of family.series)
          for (const sample of samplesOf(family, s)) live.set(`${seriesText(sample)} ${t}`, sample.value);
    }
    expect(written.size).toBe(samples);
    expect(written).toEqual(live);
  });

  it('splits the series into shards that together are the whole history, each once', async () => {
    const whole = sampleLines(await readFile(join(dir, 'all.om'), 'utf8'));
    const count = 3;
    const shards = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const file = join(dir, `shard-${index}.om`);
        // Shards are written by worker threads in the reference dataset: one goes through a worker here.
        const samples = await (index === 0 ? writeOpenMetricsHistoryInWorker : writeOpenMetricsHistory)(file, {
          ...options,
          shard: { index, count },
        });
        const lines = sampleLines(await readFile(file, 'utf8'));
        expect(lines.length).toBe(samples);
        return lines;
      }),
    );
    expect(shards.every((lines) => lines.length > 0)).toBe(true);
    expect(shards.flat().sort()).toEqual([...whole].sort());
  }, 30_000);

  it('writes history that the real promtool turns into TSDB blocks', async () => {
    const result = await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', 'all.om', 'blocks'], dir);
    expect(result.ok, result.output).toBe(true);
    expect((await readdir(join(dir, 'blocks'))).length).toBeGreaterThan(0);
  }, 60_000);
});
