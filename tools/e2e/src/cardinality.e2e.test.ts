import { SIM_BOUNDS, startSim } from '@plotwatch/narrative-sim';
import { estimateTenantSeries } from '@plotwatch/platform';
import { sleep, startPrometheus, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { query } from './reference.ts';

const total = (estimates: ReadonlyArray<{ series: number }>) => estimates.reduce((n, e) => n + e.series, 0);

/** Series in a real Prometheus' head after it has scraped the demo platform for `tenants` (TSDB status). */
async function headSeries(tenants: readonly string[]): Promise<number> {
  const dir = await writeTree([]);
  const sim = await startSim(tenants);
  const prometheus = await startPrometheus({
    dir,
    ruleFiles: new Map(),
    scrapeTargets: [sim.url.replace('http://', '')],
    interval: '1s',
  });
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      // The scrape's own report series come last: once they are there, the head holds the whole scrape.
      const { result } = await query(prometheus, 'query', { query: 'scrape_series_added' });
      if (result.length > 0) {
        const { data } = (await (await fetch(`${prometheus.url}/api/v1/status/tsdb`)).json()) as {
          data: { headStats: { numSeries: number } };
        };
        return data.headStats.numSeries;
      }
      await sleep(100);
    }
    throw new Error('Prometheus did not scrape the demo platform within 10 s');
  } finally {
    await prometheus.stop();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the cardinality estimate on Prometheus' own count", () => {
  it("a tenant adds exactly the series the estimate computes from the demo platform's label values, within the catalog's bound", async () => {
    // The same platform with one tenant more: the head's growth is that tenant's series, its own pods' included.
    // Each on a Prometheus and a simulator of its own, both at once: a Prometheus first scrapes 5 s after it starts.
    const [withInkwell, without] = await Promise.all([
      headSeries(['aurora-books', 'inkwell']),
      headSeries(['aurora-books']),
    ]);
    const added = withInkwell - without;
    expect(added).toBe(total(estimateTenantSeries(undefined, SIM_BOUNDS)));
    expect(added).toBeLessThanOrEqual(total(estimateTenantSeries()));
  }, 60_000);
});
