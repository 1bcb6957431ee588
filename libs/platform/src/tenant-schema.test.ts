import { describe, expect, it } from 'vitest';
import { loadTenants } from './tenants.ts';

const tenantFile = (extra: string, channel = '  - name: mail\n    type: email\n    to: a@b.example\n') =>
  `id: t\ndisplayName: T\ntier: pro\nnotifications:\n${channel}${extra}`;
const load = (text: string) => loadTenants([{ path: 't.yaml', text }]);
const errors = (text: string) => {
  const result = load(text);
  return result.ok ? [] : result.errors;
};

describe('maintenanceWindows', () => {
  it('resolve to none when the tenant sets none', () => {
    const result = load(tenantFile(''));
    expect(result.ok && result.tenants[0]!.maintenanceWindows).toEqual([]);
  });

  it('default to UTC', () => {
    const result = load(
      tenantFile("maintenanceWindows:\n  - weekdays: [monday:friday]\n    times: [{ start: '22:00', end: '24:00' }]\n"),
    );
    expect(result.ok && result.tenants[0]!.maintenanceWindows).toEqual([
      { weekdays: ['monday:friday'], times: [{ start: '22:00', end: '24:00' }], location: 'UTC' },
    ]);
  });

  it.each([
    [
      "weekdays: [funday]\n    times: [{ start: '01:00', end: '02:00' }]",
      'maintenanceWindows.0.weekdays.0 must be a lowercase weekday or a range like monday:friday, got "funday"',
    ],
    [
      "weekdays: [sunday]\n    times: [{ start: '1:00', end: '02:00' }]",
      'maintenanceWindows.0.times.0.start must be a time of day like 02:00 (24:00 for midnight), got "1:00"',
    ],
    [
      "weekdays: [sunday]\n    times: [{ start: '04:00', end: '02:00' }]",
      'maintenanceWindows.0.times.0 start must be before end',
    ],
    ['weekdays: [sunday]', 'maintenanceWindows.0.times is required'],
    [
      "weekdays: [sunday]\n    times: [{ start: '01:00', end: '02:00' }]\n    location: london",
      'maintenanceWindows.0.location must be UTC or an IANA time zone like Europe/London, got "london"',
    ],
  ])('reject %j', (window, message) => {
    expect(errors(tenantFile(`maintenanceWindows:\n  - ${window}\n`)).join('\n')).toContain(message);
  });
});

describe('webhook channels', () => {
  const webhook = (fields: string) => `  - name: hook\n    type: webhook\n${fields}`;

  it('take a plain endpoint and a mounted bearer token', () => {
    expect(
      errors(
        tenantFile(
          '',
          webhook(
            '    url: https://incidents.example/hooks/alertmanager\n    credentialsFile: /etc/alertmanager/secrets/t/token\n',
          ),
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    ['    url: https://incidents.example/hook?token=abc\n', 'must not carry a secret'],
    ['    url: https://user:pw@incidents.example/hook\n', 'must not carry a secret'],
    ['    url: ftp://incidents.example/hook\n', 'must be an http(s) URL'],
    [
      '    url: https://incidents.example/hook\n    credentialsFile: token.txt\n',
      'credentialsFile must be an absolute path',
    ],
  ])('reject %j', (fields, message) => {
    expect(errors(tenantFile('', webhook(fields))).join('\n')).toContain(message);
  });
});
