import { ALERTMANAGER_CONFIG_SECRET, alertmanagerConfigSecret } from '@plotwatch/kube';
import { environment, syntheticTenants } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compileOrThrow, repoTenants } from '../test-support.ts';
import { splicedSecret, withoutFolder } from './kube.ts';

const env = environment('prod');
/** What the library writes for the Secret, the config and all. */
const library = (config: string) =>
  stringify(alertmanagerConfigSecret(ALERTMANAGER_CONFIG_SECRET, config, env).toJSON(), { lineWidth: 0 });
const configOf = (tenants = repoTenants()) =>
  compileOrThrow(tenants).find((a) => a.path === 'alertmanager/alertmanager.yaml')!.content;

describe('the Alertmanager config Secret', () => {
  it.each([
    ['the demo tenants', configOf()],
    ['200 synthetic tenants more', configOf([...repoTenants(), ...syntheticTenants(200)])],
  ])("is the library's text for the config of %s", (_, config) => {
    const text = splicedSecret(config, env);
    expect(text).toBe(library(config));
    expect(parse(text!).stringData['alertmanager.yaml']).toBe(config);
  });

  it.each([
    ['blank lines and lines of spaces', 'a: 1\n\n  b: 2\n   \nc: 3\n'],
    ['tabs, trailing spaces, comments', 'a:\t1 \n# x: y \nb: "#" \n'],
    ['document markers and directives', 'a: 1\n---\n...\n%YAML 1.2\nb: 2\n'],
    ['quotes, colons, braces', `a: "it's"\nb: '{x: [1, 2]}'\nc: a: b\n`],
    ['non-ASCII', 'name: Café Éditions 📚\nurl: https://例え.example/\n'],
  ])("is the library's text for a config with %s", (_, config) => {
    expect(splicedSecret(config, env)).toBe(library(config));
  });

  it.each([
    ['no final newline', 'a: 1\nb: 2'],
    ['two final newlines', 'a: 1\n\n'],
    ['a first line indented', '  a: 1\n'],
    ['a control character', 'a: "\u0007"\n'],
    ['a line separator', 'a: x\u2028y\n'],
  ])('leaves a config with %s to the library', (_, config) => {
    expect(splicedSecret(config, env)).toBeUndefined();
  });
});

describe('a v2 dashboard in its ConfigMap', () => {
  it('has its folder annotation emptied and nothing else changed', () => {
    const resource = {
      apiVersion: 'dashboard.grafana.app/v2',
      metadata: { name: 'd', annotations: { 'grafana.app/folder': 'tenant-x', other: 'y' } },
      spec: { title: '"grafana.app/folder": "z"' },
    };
    const content = JSON.stringify(resource, null, 2);
    const emptied = JSON.parse(withoutFolder({ content, path: 'd.json' })) as typeof resource;
    expect(emptied).toEqual({
      ...resource,
      metadata: { ...resource.metadata, annotations: { 'grafana.app/folder': '', other: 'y' } },
    });
  });
});
