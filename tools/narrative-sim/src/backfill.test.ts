import { run, writeTree } from '@plotwatch/testing';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOpenMetricsHistory } from './backfill.ts';

describe('writeOpenMetricsHistory', () => {
  it('writes history that the real promtool turns into TSDB blocks', async () => {
    const dir = await writeTree([]);
    try {
      const samples = await writeOpenMetricsHistory(join(dir, 'history.om'), { tenants: ['a', 'b'], start: 1_700_000_000, end: 1_700_000_000 + 3600, step: 60 });
      expect(samples).toBeGreaterThan(1000);
      const result = await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', 'history.om', 'blocks'], dir);
      expect(result.ok, result.output).toBe(true);
      expect((await readdir(join(dir, 'blocks'))).length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
