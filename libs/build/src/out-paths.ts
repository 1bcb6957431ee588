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
