import { smtpRelay, syntheticTenants } from '@plotwatch/platform';
import { demoTenants } from '@plotwatch/testing';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { alertmanagerConfig, alertmanagerYaml, type AlertmanagerConfig } from './alertmanager.ts';
import { platformRoutingInput, routingPlan } from './plan.ts';
import { blockEntryYaml, YAML_OPTIONS } from './route-yaml.ts';

/** What the YAML library writes for the whole config: the bytes alertmanagerYaml must keep. */
const library = (config: unknown) => stringify(config, YAML_OPTIONS);

/** Strings the library quotes, or writes plain only after a second look. */
const AWKWARD = [
  '',
  ' lead',
  'trail ',
  'a: b',
  'a:b',
  'ends:',
  '#hash',
  'a #b',
  'a#b',
  'true',
  'False',
  'NULL',
  'null',
  '~',
  '10',
  '-1.5',
  '0x1F',
  '.inf',
  '- dash',
  '-',
  '?',
  '@at',
  '`tick',
  "'single'",
  '"double"',
  'it\'s "both"',
  '%percent',
  '---',
  '...',
  '*star',
  '&amp',
  '!bang',
  '|pipe',
  '>gt',
  '[bracket]',
  '{brace}',
  'a,b',
  'tab\there',
  'ünïcode',
  'bell\u0007',
  'line\nbreak',
  'two\n\nparagraphs',
  'ends\n',
  'ends twice\n\n',
  '\nstarts',
  'a\n indented',
  ' lead\nx',
  'tab\n\tx',
  '{{ .A }}\n{{ range .B }}x{{ end }}',
  'service=~"a|b"',
  'tenant="x y"',
];

describe('the Alertmanager config as YAML', () => {
  it('is what the YAML library writes, for the demo tenants and for many', () => {
    for (const tenants of [demoTenants(), syntheticTenants(40)]) {
      const config = alertmanagerConfig(routingPlan(platformRoutingInput(tenants)), smtpRelay);
      expect(alertmanagerYaml(config)).toBe(library(config));
      expect(blockEntryYaml('route', config.route)).toBeDefined();
      expect(blockEntryYaml('receivers', config.receivers)).toBeDefined();
    }
  });

  it('is what the YAML library writes whatever the strings, in values, items and nested routes', () => {
    for (const s of AWKWARD) {
      const route = {
        receiver: s,
        matchers: [s, 'tenant="a"'],
        continue: false,
        routes: [
          { matchers: [s], routes: [{ receiver: 'r', group_by: [s, 'alertname'] }] },
          { receiver: s, mute_time_intervals: [] },
        ],
      };
      const config = { global: { smtp_from: s }, route, receivers: [{ name: s }] } as unknown as AlertmanagerConfig;
      expect(alertmanagerYaml(config), JSON.stringify(s)).toBe(library(config));
      // Written here, not left to the library, unless the library writes it on several lines.
      if (!s.includes('\n')) expect(blockEntryYaml('route', route), JSON.stringify(s)).toBeDefined();
      const text = { name: 'r', slack_configs: [{ channel: '#x', text: s, send_resolved: true }] };
      const receivers = {
        receivers: [text],
        route: { receiver: 'r', routes: [{ receiver: s }] },
      } as unknown as AlertmanagerConfig;
      expect(alertmanagerYaml(receivers), JSON.stringify(s)).toBe(library(receivers));
    }
  });

  it('leaves to the library what it does not write: numbers, nulls, empty maps, keys that need quotes', () => {
    expect(blockEntryYaml('route', { receiver: 'a', group_wait: 30 })).toBeUndefined();
    expect(blockEntryYaml('route', { receiver: null })).toBeUndefined();
    expect(blockEntryYaml('route', { routes: [{}] })).toBeUndefined();
    expect(blockEntryYaml('route', { 'a b': 'x' })).toBeUndefined();
    expect(blockEntryYaml('route', { matchers: ['two\nlines'] })).toBeUndefined();
    const odd = { route: { receiver: 'a', group_wait: 30, routes: [{}] } } as unknown as AlertmanagerConfig;
    expect(alertmanagerYaml(odd)).toBe(library(odd));
  });
});
