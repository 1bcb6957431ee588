import { environment } from '@plotwatch/platform';
import { readTree, repoPath, secretFindings } from '@plotwatch/testing';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { asTree, compileOrThrow, repoTenants } from '../test-support.ts';
import { panelIndex } from './producer.ts';
import { routingArtifacts } from './routing.ts';

describe('routingArtifacts', () => {
  const { artifacts, errors } = routingArtifacts({
    tenants: repoTenants(),
    env: environment('prod'),
    sourcePath: (u) => u,
    panels: panelIndex([]),
    earlier: [],
  });

  it('writes the Alertmanager config and the three Grafana provisioning bodies, without errors', () => {
    expect(errors).toEqual([]);
    expect(artifacts.map((a) => [a.path, a.kind])).toEqual([
      ['alertmanager/alertmanager.yaml', 'alertmanager-config'],
      ['grafana/alerting/contact-points.json', 'grafana-alerting'],
      ['grafana/alerting/notification-policy.json', 'grafana-alerting'],
      ['grafana/alerting/mute-timings.json', 'grafana-alerting'],
    ]);
  });

  it('gives every secret of alertmanager.yaml as a *_file path only', () => {
    const config = artifacts[0]!.content;
    const fileFields = [...config.matchAll(/(\w+_file): (.*)/g)].map(([, key, value]) => [key, value]);
    expect(fileFields.length).toBeGreaterThan(0);
    for (const [key, value] of fileFields) expect(value, key).toMatch(/^\/etc\/alertmanager\/secrets\/[\w/.-]+$/);
    expect(parse(config)).toBeTruthy();
  });
});

describe('out/', () => {
  it('holds no secret-looking value, committed or freshly built', async () => {
    expect(secretFindings(await readTree(repoPath('out')))).toEqual([]);
    expect(secretFindings(asTree(compileOrThrow()))).toEqual([]);
  });
});
