import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTenants, resolveTenant, syntheticTenants, type SourceFile } from './tenants.ts';
import { thresholdSpecs, THRESHOLD_IDS } from './thresholds.ts';
import { tiers, TIERS } from './tiers.ts';

const tenantsDir = join(import.meta.dirname, '../tenants');
const repoTenants: SourceFile[] = readdirSync(tenantsDir).map((f) => ({
  path: `tenants/${f}`,
  text: readFileSync(join(tenantsDir, f), 'utf8'),
}));

const minimal = (id: string, extra = '') =>
  `id: ${id}\ndisplayName: X\ntier: pro\nnotifications:\n  - name: mail\n    type: email\n    to: a@b.example\n${extra}`;

describe('loadTenants', () => {
  it("loads the repo's demo tenants: at least four, over three tiers, one in mimir mode", () => {
    const result = loadTenants(repoTenants);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.tenants.length).toBeGreaterThanOrEqual(4);
    expect(new Set(result.tenants.map((t) => t.tier))).toEqual(new Set(TIERS));
    expect(result.tenants.some((t) => t.tenancy === 'mimir')).toBe(true);
  });

  it('reports every problem of several bad files at once, each as file:line: message', () => {
    const result = loadTenants([
      {
        path: 'tenants/aurora-books.yaml',
        text: [
          'id: aurora-books',
          'displayName: Aurora',
          'tier: gold',
          'slo:',
          '  storyGeneration:',
          '    availability: 99.9',
          'thresholds:',
          '  story_api_error_ratio: "high"',
          '  story_api_eror_ratio: 0.1',
          'notifications:',
          '  - name: pager',
          '    type: slack',
          "    channel: '#aurora'",
          '    apiUrl: https://hooks.slack.example/T000/B000/XXXX',
          '  - name: bird',
          '    type: carrier-pigeon',
          '',
        ].join('\n'),
      },
      { path: 'tenants/inkwell.yaml', text: 'id: inkwell-books\ndisplayName: Ink\ntier: pro\nnotifications: []\n' },
      { path: 'tenants/broken.yaml', text: 'id: broken\ndisplayName: A\ndisplayName: B\n' },
      { path: 'tenants/ok.yaml', text: minimal('ok') },
    ]);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      'tenants/aurora-books.yaml:3: tier must be one of enterprise, pro, free, got "gold"',
      'tenants/aurora-books.yaml:6: slo.storyGeneration.availability must be at least 0.9 and below 1 (1 leaves no error budget; below 0.9 the burn-rate pages cannot fire), got 99.9',
      'tenants/aurora-books.yaml:8: thresholds.story_api_error_ratio must be a number, got "high"',
      'tenants/aurora-books.yaml:9: thresholds.story_api_eror_ratio is not a known field; remove it or check its spelling',
      'tenants/aurora-books.yaml:11: notifications.0.apiUrlFile is required',
      'tenants/aurora-books.yaml:14: notifications.0.apiUrl is not accepted: secrets are references only, use apiUrlFile (a path to a mounted secret file)',
      'tenants/aurora-books.yaml:16: notifications.1.type must be one of slack, pagerduty, webhook, email, got "carrier-pigeon"',
      'tenants/broken.yaml:3: Map keys must be unique',
      'tenants/inkwell.yaml:1: id "inkwell-books" must match the file name; rename the file to inkwell-books.yaml or fix the id',
      'tenants/inkwell.yaml:4: notifications needs at least one channel, got []',
    ]);
  });

  it('rejects duplicate ids and duplicate channel names', () => {
    const twice = minimal('twin', '  - name: mail\n    type: email\n    to: c@d.example\n');
    const result = loadTenants([
      { path: 'a/twin.yaml', text: twice },
      { path: 'b/twin.yaml', text: minimal('twin') },
    ]);
    expect(result.ok ? [] : result.errors).toEqual([
      'a/twin.yaml:8: notifications.1.name "mail" is used twice; channel names must be unique per tenant',
      'b/twin.yaml:1: tenant id "twin" is already defined in a/twin.yaml',
    ]);
  });

  it.each([
    [
      'an id too long for a dashboard uid',
      'id: a-very-long-tenant-name\n',
      /id must be a lowercase DNS label of at most 20 characters/,
    ],
    ['a relative secret path', null, /apiUrlFile must be an absolute path/],
    ['a missing required field', 'id: x\ntier: pro\n', /displayName is required/],
  ])('rejects %s', (_case, text, message) => {
    const body =
      text ??
      "id: x\ndisplayName: X\ntier: pro\nnotifications:\n  - name: s\n    type: slack\n    channel: '#x'\n    apiUrlFile: secrets/slack\n";
    const id = /^id: (.*)$/m.exec(body)![1]!;
    const result = loadTenants([{ path: `t/${id}.yaml`, text: body }]);
    expect(result.ok ? [] : result.errors.join('\n')).toMatch(message);
  });
});

describe('loadTenants, called again (as a long-lived build process does)', () => {
  it('sees every change of a file since the last call, and forgets the files gone', () => {
    const a = { path: 'again/a.yaml', text: minimal('a') };
    const b = { path: 'again/b.yaml', text: minimal('b') };
    expect(loadTenants([a, b]).ok).toBe(true);
    const broken = loadTenants([a, { ...b, text: minimal('b', 'tier: gold\n') }]);
    expect(broken.ok ? [] : broken.errors).toEqual([expect.stringMatching(/^again\/b\.yaml:\d+: /)]);
    const renamed = loadTenants([a, { ...b, text: minimal('b').replace('displayName: X', 'displayName: Y') }]);
    expect(renamed.ok && renamed.tenants.map((t) => t.displayName)).toEqual(['X', 'Y']);
    const alone = loadTenants([a]);
    expect(alone.ok && alone.tenants.map((t) => t.id)).toEqual(['a']);
    // The same text again gives the same tenant object: what was derived from it stays valid.
    const again = loadTenants([a]);
    expect(again.ok && again.tenants[0]).toBe(alone.ok && alone.tenants[0]);
  });

  it('gives a new object only for the file that changed', () => {
    const a = { path: 'identity/a.yaml', text: minimal('a') };
    const b = { path: 'identity/b.yaml', text: minimal('b') };
    const first = loadTenants([a, b]);
    const edited = loadTenants([a, { ...b, text: minimal('b').replace('displayName: X', 'displayName: Z') }]);
    if (!first.ok || !edited.ok) throw new Error('the files load');
    expect(edited.tenants[0]).toBe(first.tenants[0]);
    expect(edited.tenants[1]).not.toBe(first.tenants[1]);
    expect(edited.tenants[1]!.displayName).toBe('Z');
  });
});

describe('resolveTenant', () => {
  it('starts from the tier and overrides only what the tenant sets', () => {
    const tenant = resolveTenant(
      {
        id: 'x',
        displayName: 'X',
        tier: 'pro',
        tenancy: 'label',
        thresholds: { story_api_error_ratio: 0.07 },
        slo: { userInteraction: { latency: { thresholdSeconds: 0.3 } } },
        notifications: [{ name: 'm', type: 'email', to: 'a@b.example' }],
      },
      'x.yaml',
    );
    expect(tenant.thresholds).toEqual({ ...tiers.pro.thresholds, story_api_error_ratio: 0.07 });
    expect(tenant.slo.userInteraction).toEqual({
      availability: tiers.pro.slo.userInteraction.availability,
      latency: { objective: tiers.pro.slo.userInteraction.latency.objective, thresholdSeconds: 0.3 },
    });
    expect(tenant.slo.storyGeneration).toEqual(tiers.pro.slo.storyGeneration);
  });

  it('tier defaults lie within the bounds a tenant override is held to', () => {
    for (const tier of TIERS) {
      for (const id of THRESHOLD_IDS) {
        expect(tiers[tier].thresholds[id]).toBeGreaterThanOrEqual(thresholdSpecs[id].min);
        expect(tiers[tier].thresholds[id]).toBeLessThanOrEqual(thresholdSpecs[id].max);
      }
    }
  });

  it('synthetic tenants spread over every tier and both tenancy modes', () => {
    const tenants = syntheticTenants(30);
    expect(new Set(tenants.map((t) => t.id)).size).toBe(30);
    expect(new Set(tenants.map((t) => t.tier))).toEqual(new Set(TIERS));
    expect(new Set(tenants.map((t) => t.tenancy))).toEqual(new Set(['label', 'mimir']));
  });
});
