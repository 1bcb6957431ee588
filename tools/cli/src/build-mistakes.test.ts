import { label, tenantThresholdAlert, tpl, gaugeProof, type AlertDefinition } from '@plotwatch/rules';
import { callerPosition, selector, type ThresholdId } from '@plotwatch/platform';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { build } from './build.ts';

// `plotwatch build` in this process (its modules are the ones vi.mock plants into), with a
// mistyped threshold id in an alert: one line at file:line, exit 1, nothing written.

const planted: AlertDefinition[] = [];
vi.mock('@plotwatch/alerts', async (original) => {
  const real = await original<typeof import('@plotwatch/alerts')>();
  return {
    ...real,
    get alertDomains() {
      const source = new URL('./', import.meta.url).href;
      return [...real.alertDomains, ...(planted.length ? [{ domain: 'planted', source, alerts: planted }] : [])];
    },
  };
});

const line = callerPosition()!.line + 1;
const typo = tenantThresholdAlert({
  name: 'PlantedTypo',
  persona: 'ml',
  comparison: '>',
  threshold: 'model_drift_scor' as ThresholdId,
  for: '30m',
  severity: 'ticket',
  signal: (scope) => `max by (tenant, model) (${selector('model_drift_score', scope)})`,
  summary: tpl`Drift for tenant ${label('tenant')}`,
  description: tpl`Drifted.`,
  dashboard: { persona: 'ml', slug: 'quality', panel: 'Drift score by model' },
  proof: gaugeProof({
    series: (tenant: string, value: number) => [{ series: `model_drift_score{tenant="${tenant}"}`, value }],
    labels: (tenant: string) => ({ tenant }),
  }),
});

describe('plotwatch build with a mistake in a definition', { timeout: 60_000 }, () => {
  const work = mkdtemp(join(tmpdir(), 'plotwatch-mistakes-'));
  afterAll(async () => rm(await work, { recursive: true, force: true }));

  it('prints it once at file:line, no stack trace, exits 1 and writes nothing', async () => {
    planted.splice(0, planted.length, typo);
    const printed: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args.join(' ')));
    try {
      const out = join(await work, 'out');
      expect(await build(['--out', out])).toBe(1);
      expect(printed).toEqual([
        `tools/cli/src/build-mistakes.test.ts:${line}: alert PlantedTypo: unknown threshold id "model_drift_scor" ` +
          '(did you mean model_drift_score?): the thresholds are defined in libs/platform/src/thresholds.ts',
        `plotwatch build: 1 problem; nothing written, ${out} left as it was`,
      ]);
      await expect(stat(out)).rejects.toThrow();
    } finally {
      error.mockRestore();
      planted.length = 0;
    }
  });
});
