import { init, parse } from 'es-module-lexer';
import { dirname, join, normalize } from 'node:path';

/**
 * The imports between the code's files (paths relative to the repository root, with their bytes),
 * as es-module-lexer reads them: relative ones, and those of the workspace's packages through
 * their package.json `exports`. Imports of node_modules, and type-only ones (erased when a module
 * is compiled: nothing is loaded for them), are not edges.
 */
export interface ImportGraph {
  /**
   * `file` and every file it imports, directly or not, through files `follow` accepts; undefined
   * when one of those the lexer cannot read (it may import anything).
   */
  closure(file: string, follow?: (file: string) => boolean): Set<string> | undefined;
}

export const isModule = (file: string) => /\.(ts|mts|js|mjs)$/.test(file);

export async function importGraph(contents: ReadonlyMap<string, Buffer>): Promise<ImportGraph> {
  await init;
  const packages = workspacePackages(contents);
  const imports = new Map<string, readonly string[] | undefined>();
  const importsOf = (file: string): readonly string[] | undefined => {
    if (imports.has(file)) return imports.get(file);
    let targets: readonly string[] | undefined;
    try {
      const text = contents.get(file)?.toString('utf8') ?? '';
      const [found] = parse(text, file);
      targets = found.flatMap(({ n, ss, se }) => {
        if (/^(import|export)\s+type\s/.test(text.slice(ss, se))) return [];
        const target = n === undefined ? undefined : resolveIn(file, n, packages);
        return target !== undefined && contents.has(target) ? [target] : [];
      });
    } catch {
      targets = undefined;
    }
    imports.set(file, targets);
    return targets;
  };
  return {
    closure(file, follow = () => true) {
      const closure = new Set<string>([file]);
      for (const f of closure) {
        const targets = importsOf(f);
        if (!targets) return undefined;
        for (const target of targets) if (follow(target)) closure.add(target);
      }
      return closure;
    },
  };
}

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
