import { decodeTenantFile, loadTenants, type SourceFile, type TenantLoad } from '@plotwatch/platform';
import { readdir, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { keptBytes } from './cache/file-bytes.ts';

/** A tenant file is a few hundred bytes; one of a megabyte is something else, not read as YAML. */
export const MAX_TENANT_FILE_BYTES = 1024 * 1024;

/** Reads every `*.yaml` in the tenants folder and validates them together. */
export async function readTenants(tenantsDir: string, cwd = process.cwd()): Promise<TenantLoad> {
  const names = await readdir(tenantsDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw e;
  });
  if (!names)
    return {
      ok: false,
      errors: [
        `${relative(cwd, tenantsDir) || tenantsDir}: no such folder; pass --tenants-dir with the folder of tenant YAML files`,
      ],
    };
  const read = await Promise.all(
    names
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => readTenantFile(join(tenantsDir, n), relative(cwd, join(tenantsDir, n)))),
  );
  if (read.length === 0) return { ok: false, errors: [`${relative(cwd, tenantsDir)}: no tenant files (*.yaml) found`] };
  const unreadable = read.flatMap((r) => ('error' in r ? [r.error] : []));
  const loaded = loadTenants(read.flatMap((r) => ('file' in r ? [r.file] : [])));
  // Every problem at once: the files that could not be read, and what is wrong in the others.
  if (unreadable.length) return { ok: false, errors: [...unreadable, ...(loaded.ok ? [] : loaded.errors)] };
  return loaded;
}

/** One tenant file as UTF-8 text, or a `file:line: message` saying why it cannot be read. */
async function readTenantFile(absolute: string, path: string): Promise<{ file: SourceFile } | { error: string }> {
  let bytes: Buffer;
  try {
    // Synchronously: a thousand small files read one after another beat as many awaited reads.
    bytes = keptBytes(absolute);
  } catch (e) {
    return { error: `${path}:1: ${await whyUnreadable(absolute, e as NodeJS.ErrnoException)}` };
  }
  if (bytes.length > MAX_TENANT_FILE_BYTES)
    return {
      error: `${path}:1: is ${bytes.length} bytes, more than a tenant file ever is (at most ${MAX_TENANT_FILE_BYTES}): is it the right file?`,
    };
  const decoded = decodeTenantFile(path, bytes);
  return 'error' in decoded ? decoded : { file: { path, text: decoded.text } };
}

async function whyUnreadable(absolute: string, error: NodeJS.ErrnoException): Promise<string> {
  if (error.code === 'ENOENT') {
    const target = await readlink(absolute).catch(() => undefined);
    if (target !== undefined) return `is a symbolic link to ${target}, which does not exist: fix the link or remove it`;
    return 'disappeared while it was being read: run the command again';
  }
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return 'cannot be read (permission denied): make it readable by the user running plotwatch';
  if (error.code === 'EISDIR') return 'is a folder, not a tenant file: rename it or move it out of the tenants folder';
  return `cannot be read (${error.code ?? error.message}): check the file`;
}
