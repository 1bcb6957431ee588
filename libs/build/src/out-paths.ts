// Paths inside out/: always relative, '/'-separated, never touching the disk.

/** `prometheus/rules/capacity.yaml` -> `capacity`. */
export function stem(path: string, extension: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith(extension) ? name.slice(0, -extension.length) : name;
}

/** The path of `to` as seen from the directory `from`: `relativePath('a/b', 'a/c/d')` is `../c/d`. */
export function relativePath(from: string, to: string): string {
  const base = from.split('/').filter(Boolean);
  const target = to.split('/').filter(Boolean);
  let common = 0;
  while (common < base.length && common < target.length - 1 && base[common] === target[common]) common++;
  return [...base.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

/** An alert's promtool test file: `<dir>/<Alert>.test.json`, or `<Alert>.<step>.test.json` when its cases need several steps. */
export function promtoolTestPath(dir: string, alert: string, step?: string): string {
  return `${dir}/${alert}${step === undefined ? '' : `.${step}`}.test.json`;
}

/** The alert a promtool test file proves, read back from its name (`ai/ModelDriftHigh.30m.test.json` -> `ModelDriftHigh`). */
export function alertOfTestPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.slice(0, name.indexOf('.'));
}
