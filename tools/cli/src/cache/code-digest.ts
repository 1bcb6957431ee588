import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesDigest, keptBytes } from './file-bytes.ts';
import { importGraph } from './import-graph.ts';

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
  const contents = new Map(sources ?? (await sourceFiles(root, SHARED_CODE)));
  const graph = await importGraph(contents);
  const all = [...contents.keys()].filter(isDefinitionFile);
  const shared = createHash('sha256');
  shared.update(`node ${process.version}\n`);
  for (const [f, content] of contents) if (!isDefinitionFile(f)) shared.update(`${f}\n${bytesDigest(content)}\n`);
  const definitions = new Map<string, string>();
  for (const source of definitionSources) {
    // A module the lexer cannot read makes the closure all of dashboards/: a rebuild too many, never one too few.
    const closure = graph.closure(fileOf(root, source), isDefinitionFile) ?? all;
    const hash = createHash('sha256');
    for (const f of [...closure].sort()) {
      const content = contents.get(f);
      hash.update(`${f}\n${content ? bytesDigest(content) : ''}\n`);
    }
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

/** Every file under `paths` but tests and their data, with its bytes, in path order. */
export async function sourceFiles(root: string, paths: readonly string[]): Promise<Array<readonly [string, Buffer]>> {
  const files = await listSources(root, paths);
  // Synchronously: hundreds of small files read one after another beat as many awaited reads. A
  // file removed since it was listed is no source.
  return files.flatMap((f) => {
    try {
      return [[f, keptBytes(join(root, f))] as const];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  });
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
        // A hidden folder is a tool's or an editor's scratch (a test's modules in dashboards/.import-tmp-<pid>).
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(child);
      } else if (e.isFile() && !/\.test\.ts$|\.md$/.test(e.name)) files.push(child);
    }
  };
  for (const path of paths) await walk(path);
  return files.sort();
}
