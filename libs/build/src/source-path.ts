// Apart from compile.ts, which imports the dashboards: an edit to one evaluates compile.ts afresh
// in a long-lived build process (`plotwatch dev`), and the namer must stay the same function, since
// what that process keeps (each mimir tenant's namespaces) is kept while it is.

/**
 * A definition's `import.meta.url` as a path relative to `root`, to name it in errors and in the
 * manifest. String work on the URL, so the compiler needs no `node:path`.
 */
export function sourcePathIn(root: string): (url: string) => string {
  let named = sourcePaths.get(root);
  if (!named) sourcePaths.set(root, (named = namer(root)));
  return named;
}

/** One namer per root, the same function each time: what a long-lived build process keeps is keyed by it. */
const sourcePaths = new Map<string, (url: string) => string>();

function namer(root: string): (url: string) => string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return (url) => {
    // A folder's URL (`new URL('.', import.meta.url)`) ends in '/': named without it, as node:path does.
    const path = decodeURIComponent(new URL(url).pathname).replace(/(.)\/$/, '$1');
    return path === root ? '.' : path.startsWith(prefix) ? path.slice(prefix.length) : path;
  };
}
