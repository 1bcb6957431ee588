import { describe, expect, it } from 'vitest';
import { secretFindings } from './secrets.ts';

const findings = (path: string, content: string) => secretFindings(new Map([[path, content]]));

describe('secretFindings', () => {
  it.each([
    ['a.yaml', 'api_url: https://hooks.slack.com/services/T000/B000/XXXX', 'a Slack webhook URL'],
    ['a.json', '{"token": "xoxb-1234567890-abcdef"}', 'a Slack token'],
    ['a.yaml', 'url: https://user:hunter2@alerts.example/hook', 'credentials in a URL'],
    ['a.yaml', 'url: https://alerts.example/hook?token=abc', 'a token in a URL query'],
    ['a.txt', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz', 'a bearer token'],
    ['a.yaml', 'routing_key: 0123456789abcdef0123456789abcdef', 'field "routing_key" holds a value'],
    ['a.json', '{"settings": {"integrationKey": "0123456789abcdef"}}', 'field "integrationKey" holds a value'],
    ['a.yaml', 'global:\n  smtp_auth_password: hunter2', 'field "smtp_auth_password" holds a value'],
    ['a.yaml', 'oauth2:\n  client_secret: s3cr3t', 'field "client_secret" holds a value'],
  ])('finds a secret in %s: %s', (path, content, what) => {
    const found = findings(path, content);
    expect(found.join('\n')).toContain(what);
    expect(found.join('\n')).not.toMatch(/hunter2|s3cr3t|0123456789abcdef|XXXX/);
  });

  it.each([
    ['a.yaml', 'routing_key_file: /etc/alertmanager/secrets/t/pagerduty-routing-key'],
    ['a.yaml', 'api_url_file: /etc/alertmanager/secrets/t/slack-api-url'],
    ['a.json', '{"integrationKey": "$__file{/etc/alertmanager/secrets/t/key}"}'],
    ['a.yaml', 'alertmanagerSpec:\n  configSecret: plotwatch-alertmanager'],
    ['a.yaml', 'url: https://incidents.example/hooks/alertmanager'],
    ['a.json', '{"description": "token bucket", "apiKeyFile": "/s/key"}'],
  ])('accepts references and plain endpoints in %s: %s', (path, content) => {
    expect(findings(path, content)).toEqual([]);
  });
});
