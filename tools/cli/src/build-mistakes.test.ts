import { plantedDrift } from '@plotwatch/build/testing';
import { tenantThresholdAlert, type AlertDefinition } from '@plotwatch/rules';
import { callerPosition, type ThresholdId } from '@plotwatch/platform';
import { readTree } from '@plotwatch/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from './build.ts';

// `plotwatch build` in this process (its modules are the ones vi.mock plants into), with a
// mistake planted in an alert definition: one line at the definition's file:line, exit 1, out/
// as it was (a message checked from its start: a panel link's lists the dashboard's panels after). libs/build/src/planted.test.ts holds more definition mistakes, at the compiler.

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

const HERE = 'tools/cli/src/build-mistakes.test.ts';
const drift = plantedDrift;

const typoLine = callerPosition()!.line + 1;
const typo = tenantThresholdAlert({ ...drift, name: 'PlantedTypo', threshold: 'model_drift_scor' as ThresholdId });
const spelledForLine = callerPosition()!.line + 1;
const spelledFor = tenantThresholdAlert({ ...drift, name: 'PlantedSpelledFor', for: '10 minutes' });
const missingPanelLine = callerPosition()!.line + 1;
const missingPanel = tenantThresholdAlert({
  ...drift,
  name: 'PlantedMissingPanel',
  dashboard: { ...drift.dashboard, panel: 'Drift scores by model' },
});

const MISTAKES: ReadonlyArray<readonly [string, AlertDefinition, string]> = [
  [
    'a mistyped threshold id',
    typo,
    `${HERE}:${typoLine}: alert PlantedTypo: unknown threshold id "model_drift_scor" ` +
      '(did you mean model_drift_score?): the thresholds are defined in libs/platform/src/thresholds.ts',
  ],
  [
    'a `for` spelled out in words',
    spelledFor,
    `${HERE}:${spelledForLine}: alert PlantedSpelledFor: for "10 minutes" is not a Prometheus duration (a number and a unit: 30s, 15m, 1h30m)`,
  ],
  [
    'a link to a panel that does not exist',
    missingPanel,
    `${HERE}:${missingPanelLine}: alert PlantedMissingPanel links to a panel that does not exist: ` +
      'dashboard ml/quality has no panel "Drift scores by model" (did you mean Drift score by model?)',
  ],
];

describe('plotwatch build with a mistake in a definition', { timeout: 60_000 }, () => {
  let work: string;
  let out: string;
  let before: Map<string, string>;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'plotwatch-mistakes-'));
    out = join(work, 'out');
    await mkdir(out);
    await writeFile(join(out, 'manifest.json'), '{"generator": "an earlier build"}\n');
    before = await readTree(out);
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it.each(MISTAKES)('%s: said once at file:line, no stack trace, exit 1, out/ as it was', async (_, alert, said) => {
    planted.splice(0, planted.length, alert);
    const printed: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args.join(' ')));
    try {
      expect(await build(['--out', out])).toBe(1);
      expect(printed).toHaveLength(2);
      expect(printed[0]!.startsWith(said), printed[0]).toBe(true);
      expect(printed[1]).toBe(`plotwatch build: 1 problem; nothing written, ${out} left as it was`);
      expect(printed.join('\n')).not.toMatch(/^\s+at /m);
      expect(await readTree(out)).toEqual(before);
    } finally {
      error.mockRestore();
      planted.length = 0;
    }
  });
});
