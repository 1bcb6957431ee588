/**
 * The floor of a build (`node --import tsx floor.ts <built out/> <target>`): it holds the final
 * values of a built out/ in memory and times only the unavoidable: serializing them to the same
 * bytes and writing them. Reading and parsing come first, untimed: JSON files with JSON.parse,
 * YAML files with `yaml`, the rest as text. Serializers are the fastest the build's bytes allow:
 * JSON.stringify (with the file's indentation; a promtool test's cases one per line, `testFileText`),
 * the build's own rule-file writer `toYaml` where it gives the same bytes, otherwise `yaml`'s
 * stringify (what the build uses for Kubernetes manifests and Helm values). One thread, eight
 * writes in flight. Prints `FLOOR <seconds>`.
 */
import { testFileText, toYaml } from '@plotwatch/rules';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parse, stringify } from 'yaml';

type Serialize = (value: never) => string;
const json =
  (indent: number): Serialize =>
  (value) =>
    `${JSON.stringify(value, null, indent)}\n`;
const ruleYaml: Serialize = (value) => toYaml(value);
const promtoolTest: Serialize = (value) => {
  const { tests, ...head } = value as { tests: unknown[] };
  return testFileText(
    head,
    tests.map((t) => JSON.stringify(t)),
  );
};
const yaml: Serialize = (value) => stringify(value, { lineWidth: 0 });

const [from, out] = process.argv.slice(2) as [string, string];
const files = readdirSync(from, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => {
    const path = relative(from, join(e.parentPath, e.name));
    const text = readFileSync(join(from, path), 'utf8');
    // The build indents dashboards and manifests by 2; a promtool test has a case per line.
    if (path.endsWith('.test.json')) return { path, value: JSON.parse(text) as never, serialize: promtoolTest };
    if (path.endsWith('.json'))
      return { path, value: JSON.parse(text) as never, serialize: json(/\n( *)/.exec(text)?.[1]!.length ?? 0) };
    if (!path.endsWith('.yaml')) return { path, value: text as never, serialize: (t: never) => t as string };
    const value = parse(text) as never;
    const serialize = [ruleYaml, yaml].find((s) => s(value) === text);
    if (!serialize) throw new Error(`${path}: neither toYaml nor yaml's stringify writes these bytes`);
    return { path, value, serialize };
  });
const dirs = [...new Set(files.map((f) => dirname(join(out, f.path))))];

const start = process.hrtime.bigint();
for (const dir of dirs) mkdirSync(dir, { recursive: true });
// Eight writes in flight, as the build writes: on this disk that is faster than one at a time.
let next = 0;
const writer = async () => {
  while (next < files.length) {
    const { path, value, serialize } = files[next++]!;
    await writeFile(join(out, path), serialize(value));
  }
};
await Promise.all(Array.from({ length: 8 }, writer));
console.log('FLOOR', Number(process.hrtime.bigint() - start) / 1e9);
