import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { openMetricsFamilyName, sampleLine, samplesOf } from './exposition.ts';
import { advanceSeries, createPlatform, type Incident } from './model.ts';

export interface BackfillOptions {
  readonly tenants: readonly string[];
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
  /** Seconds between samples: the scrape interval the dataset pretends. */
  readonly step: number;
  readonly incidents?: readonly Incident[];
}

/**
 * Writes the model's history as OpenMetrics with timestamps, for
 * `promtool tsdb create-blocks-from openmetrics`: family by family, series by series, time
 * increasing, as the format requires. Returns the number of samples written.
 */
export async function writeOpenMetricsHistory(path: string, o: BackfillOptions): Promise<number> {
  const out = createWriteStream(path);
  let samples = 0;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const family of createPlatform(o.tenants)) {
    await write(`# HELP ${openMetricsFamilyName(family)} ${family.spec.help}\n# TYPE ${openMetricsFamilyName(family)} ${family.spec.type}\n`);
    for (const series of family.series) {
      let chunk = '';
      for (let t = o.start; t <= o.end; t += o.step) {
        advanceSeries(family.spec, series, t - o.step, t, o.incidents);
        for (const sample of samplesOf(family, series)) {
          chunk += `${sampleLine(sample, t)}\n`;
          samples++;
        }
        if (chunk.length > 1 << 16) {
          await write(chunk);
          chunk = '';
        }
      }
      await write(chunk);
    }
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'finish');
  return samples;
}
