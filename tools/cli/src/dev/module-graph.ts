import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bytesDigest } from '../cache/file-bytes.ts';
import { importGraph, isModule } from '../cache/import-graph.ts';

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
  const contents = new Map(sources);
  const own = new Map<string, string>();
  const data = createHash('sha256');
  for (const [file, bytes] of contents) {
    own.set(file, bytesDigest(bytes));
    if (!isModule(file)) data.update(`${file}\0${own.get(file)}\0`);
  }
  const dataDigest = data.digest('hex');
  // Nothing changed since the last call (a tenant file was saved): the same versions.
  const everything = createHash('sha256').update(root);
  for (const [file, digest] of own) everything.update(`${file}\0${digest}\0`);
  const state = everything.digest('hex');
  if (last?.state === state) return new Map(last.versions);
  const modules = [...contents.keys()].filter(isModule);
  const graph = await importGraph(contents);
  const versions = new Map<string, string>();
  for (const file of modules) {
    // A module the lexer cannot read may import anything: then its importers' closures are every module.
    const closure = graph.closure(file) ?? modules;
    const hash = createHash('sha256').update(dataDigest);
    for (const f of [...closure].sort()) hash.update(own.get(f)!);
    versions.set(pathToFileURL(join(root, file)).href, hash.digest('hex').slice(0, 16));
  }
  last = { state, versions: new Map(versions) };
  return versions;
}

/** The last call's sources (a digest of every file's path and bytes) and versions. */
let last: { readonly state: string; readonly versions: ReadonlyMap<string, string> } | undefined;
