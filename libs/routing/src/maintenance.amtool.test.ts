import { loadTenants, resolveTenant, smtpRelay, type MaintenanceWindow, type Tenant } from '@plotwatch/platform';
import { amtoolCheckConfig } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { alertmanagerConfig, alertmanagerYaml } from './alertmanager.ts';
import { platformRoutingInput, routingPlan } from './plan.ts';

// The tenant file's checks of maintenance windows against the real amtool: what they accept, its
// check-config accepts; what they refuse (a backwards weekday range, a time zone that is not in
// the tz database), it refuses too. One config per case, so each refusal is amtool's own.

const tenantFile = (id: string, window: string) => ({
  path: `${id}.yaml`,
  text: `id: ${id}\ndisplayName: ${id}\ntier: pro\nnotifications:\n  - name: mail\n    type: email\n    to: a@b.example\nmaintenanceWindows:\n  - ${window}\n`,
});

const configOf = (tenants: readonly Tenant[]) =>
  alertmanagerYaml(alertmanagerConfig(routingPlan(platformRoutingInput(tenants)), smtpRelay));

const ACCEPTED = [
  "weekdays: [monday:friday]\n    times: [{ start: '22:00', end: '24:00' }]",
  "weekdays: [sunday, saturday]\n    times: [{ start: '00:00', end: '06:30' }]\n    location: America/New_York",
  "weekdays: [monday:monday, wednesday:saturday]\n    times: [{ start: '01:00', end: '02:00' }, { start: '23:00', end: '24:00' }]\n    location: Asia/Kolkata",
  "weekdays: [sunday:saturday]\n    times: [{ start: '12:00', end: '12:01' }]\n    location: Pacific/Chatham",
  // An alias ICU does not list (it lists Asia/Calcutta): Go's tz database has both.
  "weekdays: [friday]\n    times: [{ start: '12:00', end: '13:00' }]\n    location: US/Eastern",
];

const REFUSED: ReadonlyArray<[string, MaintenanceWindow, string]> = [
  [
    'a weekday range that runs backwards',
    { weekdays: ['saturday:monday'], times: [{ start: '01:00', end: '02:00' }], location: 'UTC' },
    '9: maintenanceWindows.0.weekdays.0 runs backwards',
  ],
  [
    'a time zone that is not in the tz database',
    { weekdays: ['monday'], times: [{ start: '01:00', end: '02:00' }], location: 'America/NewYork' },
    '11: maintenanceWindows.0.location must be UTC or an IANA time zone like Europe/London (did you mean America/New_York?)',
  ],
  [
    'a time zone in the wrong case',
    { weekdays: ['monday'], times: [{ start: '01:00', end: '02:00' }], location: 'europe/london' },
    '11: maintenanceWindows.0.location must be UTC or an IANA time zone like Europe/London (did you mean Europe/London?)',
  ],
  [
    'a time range that ends before it starts',
    { weekdays: ['monday'], times: [{ start: '04:00', end: '02:00' }], location: 'UTC' },
    '10: maintenanceWindows.0.times.0 start must be before end',
  ],
];

describe('maintenance windows under the real amtool', { timeout: 60_000 }, () => {
  it('every window the tenant file accepts passes amtool check-config', async () => {
    const loaded = loadTenants(ACCEPTED.map((w, i) => tenantFile(`t${i}`, w)));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const check = await amtoolCheckConfig(configOf(loaded.tenants));
    expect(check.ok, check.output).toBe(true);
  });

  it.each(REFUSED)('%s: refused at the tenant file, and by amtool', async (_, window, message) => {
    const yaml = `weekdays: [${window.weekdays.join(', ')}]\n    times: [${window.times.map((t) => `{ start: '${t.start}', end: '${t.end}' }`).join(', ')}]\n    location: ${window.location}`;
    const loaded = loadTenants([tenantFile('t', yaml)]);
    expect(loaded.ok ? [] : loaded.errors.join('\n')).toContain(`t.yaml:${message}`);
    // Past the tenant file's checks, the same window is what Alertmanager would refuse to load.
    const tenant = resolveTenant(
      {
        id: 't',
        displayName: 't',
        tier: 'pro',
        tenancy: 'label',
        notifications: [{ name: 'mail', type: 'email', to: 'a@b.example' }],
        maintenanceWindows: [window],
      },
      't.yaml',
    );
    expect((await amtoolCheckConfig(configOf([tenant]))).ok).toBe(false);
  });
});
