import { init, parse } from 'es-module-lexer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The code an incremental build's units depend on, as digests of file contents. `shared` covers
 * every file the build could run but the dashboard definitions' own: the libraries, the alert and
 * recording-rule definitions, the dashboards' registry, this CLI and the locked dependencies.
 * `definition(source)` covers a dashboard definition's module and the modules of dashboards/ it
 * imports, found by reading their imports (es-module-lexer): an edit there rebuilds only the
 * dashboards that import it.
 */
export interface CodeDigest {
  readonly shared: string;
  definition(source: string): string;
}

/** Folders and files of the code a build runs, relative to the repository root. */
export const SHARED_CODE = ['libs', 'alerts', 'recording-rules', 'tools/cli/src', 'dashboards', 'package-lock.json'];
/** Never read by a build: tests and their data. */
const SKIPPED_DIRS = new Set(['node_modules', '__snapshots__', '__fixtures__', 'fixtures', 'tenants']);
const DEFINITIONS_DIR = 'dashboards';
/** The files of dashboards/ every build reads whatever it builds: the registry and the package. */
const DEFINITIONS_SHARED = new Set(['dashboards/index.ts', 'dashboards/package.json']);

/** The code's files are `sources` when the caller has read them already (`sourceFiles(root, SHARED_CODE)`). */
export async function codeDigest(
  root: string,
  definitionSources: readonly string[],
  sources?: readonly (readonly [string, Buffer])[],
): Promise<CodeDigest> {
  await init;
  const contents = new Map(sources ?? (await sourceFiles(root, SHARED_CODE)));
  const shared = createHash('sha256');
  shared.update(`node ${process.version}\n`);
  for (const [f, content] of contents) if (!isDefinitionFile(f)) shared.update(`${f}\n`).update(content);
  const definitions = new Map<string, string>();
  for (const source of definitionSources) {
    const closure = definitionClosure(root, fileOf(root, source), contents);
    const hash = createHash('sha256');
    for (const f of closure) hash.update(`${f}\n`).update(contents.get(f) ?? '');
    definitions.set(source, hash.digest('hex'));
  }
  return {
    shared: shared.digest('hex'),
    definition: (source) => {
      const digest = definitions.get(source);
      if (!digest) throw new Error(`codeDigest: ${source} was not among the definitions given`);
      return digest;
    },
  };
}

/** A dashboard definition's own file, or one it imports from dashboards/. */
function isDefinitionFile(file: string): boolean {
  return file.startsWith(`${DEFINITIONS_DIR}/`) && !DEFINITIONS_SHARED.has(file);
}

function fileOf(root: string, source: string): string {
  return relative(root, source.startsWith('file:') ? fileURLToPath(source) : source);
}

/**
 * `file` and every module of dashboards/ it imports, directly or not, sorted. A module the lexer
 * cannot read makes the closure all of dashboards/: a rebuild too many, never one too few.
 */
function definitionClosure(root: string, file: string, contents: ReadonlyMap<string, Buffer>): string[] {
  const all = [...contents.keys()].filter(isDefinitionFile);
  const seen = new Set<string>();
  const visit = (f: string): boolean => {
    if (seen.has(f)) return true;
    seen.add(f);
    const text = contents.get(f);
    if (!text) return true;
    let imports;
    try {
      [imports] = parse(text.toString('utf8'), f);
    } catch {
      return false;
    }
    for (const { n } of imports) {
      if (!n?.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(f), n));
      if (isDefinitionFile(target) && !visit(target)) return false;
    }
    return true;
  };
  return (visit(file) ? [...seen] : all).sort();
}

/** Every file under `paths` but tests and their data, with its bytes, in path order. */
export async function sourceFiles(root: string, paths: readonly string[]): Promise<Array<readonly [string, Buffer]>> {
  const files = await listSources(root, paths);
  // Synchronously: hundreds of small files read one after another beat as many awaited reads.
  return files.map((f) => [f, readFileSync(join(root, f))] as const);
}

async function listSources(root: string, paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const entries = await readdir(join(root, path), { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOTDIR') return undefined;
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    if (!entries) {
      files.push(path);
      return;
    }
    for (const e of entries) {
      const child = `${path}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) await walk(child);
      } else if (e.isFile() && !/\.test\.ts$|\.md$/.test(e.name)) files.push(child);
    }
  };
  for (const path of paths) await walk(path);
  return files.sort();
}
