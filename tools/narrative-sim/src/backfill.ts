import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { openMetricsFamilyName, samplesOf, seriesText } from './exposition.ts';
import { advanceSeries, createPlatform, type Incident } from './model.ts';

/** One of `count` disjoint parts of the series (every `count`-th series from `index`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface BackfillOptions {
  readonly tenants: readonly string[];
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
  /** Seconds between samples: the scrape interval the dataset pretends. */
  readonly step: number;
  readonly incidents?: readonly Incident[];
  /** Write only this part of the series; the parts together are the whole history. */
  readonly shard?: Shard;
}

// Big writes: a file of gigabytes in a few thousand calls.
const CHUNK = 1 << 22;

/**
 * Writes the model's history as OpenMetrics with timestamps, for
 * `promtool tsdb create-blocks-from openmetrics`: family by family, series by series, time
 * increasing, as the format requires. Returns the number of samples written.
 */
export async function writeOpenMetricsHistory(path: string, o: BackfillOptions): Promise<number> {
  const { index, count } = o.shard ?? { index: 0, count: 1 };
  const times: number[] = [];
  for (let t = o.start; t <= o.end; t += o.step) times.push(t);
  // Each timestamp's text, shared by every sample at that time.
  const stamps = times.map((t) => ` ${t}\n`);
  const file = await open(path, 'w');
  let samples = 0;
  let chunk = '';
  let n = 0;
  // The previous chunk is written while the next one is built.
  let writing: Promise<unknown> = Promise.resolve();
  try {
    for (const family of createPlatform(o.tenants)) {
      const name = openMetricsFamilyName(family);
      chunk += `# HELP ${name} ${family.spec.help}\n# TYPE ${name} ${family.spec.type}\n`;
      for (const series of family.series) {
        if (n++ % count !== index) continue;
        // Name and labels of each sample, in samplesOf's order, built once per series.
        const prefixes = samplesOf(family, series).map((sample) => `${seriesText(sample)} `);
        const { buckets } = series;
        for (let i = 0; i < times.length; i++) {
          advanceSeries(family, series, times[i]! - o.step, times[i]!, o.incidents);
          const stamp = stamps[i]!;
          if (buckets) {
            let b = 0;
            for (; b < buckets.length; b++) chunk += prefixes[b]! + buckets[b]! + stamp;
            chunk += prefixes[b]! + series.sum + stamp + prefixes[b + 1]! + series.count + stamp;
          } else {
            chunk += prefixes[0]! + series.value + stamp;
          }
          if (chunk.length > CHUNK) {
            await writing;
            writing = file.write(chunk);
            chunk = '';
          }
        }
        samples += prefixes.length * times.length;
      }
    }
    await writing;
    await file.write(`${chunk}# EOF\n`);
  } finally {
    await writing.catch(() => undefined);
    await file.close();
  }
  return samples;
}

/** writeOpenMetricsHistory in a worker thread, so that shards are written on several cores at once. */
export function writeOpenMetricsHistoryInWorker(path: string, o: BackfillOptions): Promise<number> {
  const worker = new Worker(new URL('./history-worker.js', import.meta.url), { workerData: { path, options: o } });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the history worker for ${path} exited with ${code}`)));
  });
}
