import { init, parse } from 'es-module-lexer';
import { createHash } from 'node:crypto';
import { dirname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';

const isModule = (file: string) => /\.(ts|mts|js|mjs)$/.test(file);

/**
 * Each module of `sources` (paths relative to `root`, with their bytes) by file URL, with its
 * version: a digest of its bytes and those of every module of `sources` it imports, directly or
 * not, and of the files that are not modules (schemas and data, which any module may read at run
 * time). A module keeps its version while nothing it could have read changed.
 */
export async function moduleVersions(
  root: string,
  sources: readonly (readonly [string, Buffer])[],
): Promise<Map<string, string>> {
  await init;
  const contents = new Map(sources);
  const packages = workspacePackages(contents);
  const own = new Map<string, string>();
  const data = createHash('sha256');
  for (const [file, bytes] of contents) {
    own.set(file, createHash('sha256').update(bytes).digest('hex'));
    if (!isModule(file)) data.update(`${file}\0${own.get(file)}\0`);
  }
  const dataDigest = data.digest('hex');
  // Nothing changed since the last call (a tenant file was saved): the same versions.
  const everything = createHash('sha256').update(root);
  for (const [file, digest] of own) everything.update(`${file}\0${digest}\0`);
  const state = everything.digest('hex');
  if (last?.state === state) return new Map(last.versions);
  const modules = [...contents.keys()].filter(isModule);
  const imports = new Map<string, readonly string[]>();
  const importsOf = (file: string): readonly string[] => {
    let targets = imports.get(file);
    if (!targets) {
      try {
        const text = contents.get(file)!.toString('utf8');
        const [found] = parse(text, file);
        targets = found.flatMap(({ n, ss, se }) => {
          // `import type` is erased when the module is compiled: no module is loaded for it.
          if (/^(import|export)\s+type\s/.test(text.slice(ss, se))) return [];
          const target = n === undefined ? undefined : resolveIn(file, n, packages);
          return target !== undefined && contents.has(target) ? [target] : [];
        });
      } catch {
        targets = modules; // unreadable to the lexer: it may import anything
      }
      imports.set(file, targets);
    }
    return targets;
  };
  const versions = new Map<string, string>();
  for (const file of modules) {
    const closure = new Set<string>([file]);
    for (const f of closure) for (const target of importsOf(f)) closure.add(target);
    const hash = createHash('sha256').update(dataDigest);
    for (const f of [...closure].sort()) hash.update(own.get(f)!);
    versions.set(pathToFileURL(join(root, file)).href, hash.digest('hex').slice(0, 16));
  }
  last = { state, versions: new Map(versions) };
  return versions;
}

/** The last call's sources (a digest of every file's path and bytes) and versions. */
let last: { readonly state: string; readonly versions: ReadonlyMap<string, string> } | undefined;

interface WorkspacePackage {
  readonly dir: string;
  readonly exports: Readonly<Record<string, string>>;
}

/** The workspace packages among `contents` (their package.json), by name. */
function workspacePackages(contents: ReadonlyMap<string, Buffer>): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const [file, bytes] of contents) {
    if (!file.endsWith('package.json')) continue;
    try {
      const { name, exports } = JSON.parse(bytes.toString('utf8')) as { name?: string; exports?: unknown };
      if (!name) continue;
      const map = typeof exports === 'string' ? { '.': exports } : ((exports ?? {}) as Record<string, string>);
      packages.set(name, { dir: dirname(file), exports: map });
    } catch {
      // Not a package's manifest this graph can read: its imports count as outside the sources.
    }
  }
  return packages;
}

/** The source `specifier` names when `file` imports it, or undefined for what is not a source (node_modules). */
function resolveIn(
  file: string,
  specifier: string,
  packages: ReadonlyMap<string, WorkspacePackage>,
): string | undefined {
  if (specifier.startsWith('.')) return normalize(join(dirname(file), specifier));
  const [scope, name, ...sub] = specifier.split('/');
  const pkg = packages.get(specifier.startsWith('@') ? `${scope}/${name}` : scope!);
  const subpath = specifier.startsWith('@') ? sub : [name, ...sub].filter((p) => p !== undefined);
  const target = pkg?.exports[subpath.length ? `./${subpath.join('/')}` : '.'];
  return pkg && typeof target === 'string' ? normalize(join(pkg.dir, target)) : undefined;
}
