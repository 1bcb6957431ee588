import { startsBuild } from '@plotwatch/build/dev';
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

export interface Watcher {
  close(): void;
}

/**
 * Watches folders and everything below them and calls `onChanges` with the saved paths, relative
 * to `root`, once no event came for `debounceMs`. Paths no build reads (out/, .plotwatch/,
 * node_modules, editor temporaries) and those below `ignored` (or beside one, named after it) are left out.
 *
 * Each folder has a watcher of its own (folders made later get one when they appear), not one
 * recursive watcher: Node 20's recursive watch on Linux follows files, and loses a file that an
 * editor (or `sed -i`) saves by renaming a new file over it.
 */
export function watchFolders(
  root: string,
  folders: readonly string[],
  ignored: readonly string[],
  onChanges: (paths: string[]) => void,
  onError: (message: string) => void,
  debounceMs = 50,
): Watcher {
  const pending = new Set<string>();
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Inside an ignored folder, or one of the files a build keeps beside it (`.out.lock`, `.out.staging-…`).
  const inside = (path: string, folder: string) =>
    path === folder || path.startsWith(folder + sep) || path.startsWith(join(dirname(folder), `.${basename(folder)}.`));
  const skipped = (path: string) =>
    !startsBuild(relative(root, path).split(sep).join('/') || '.') || ignored.some((i) => inside(path, i));

  const changed = (path: string) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = withoutTemporaries([...pending]);
      pending.clear();
      onChanges(paths.map((p) => relative(root, p).split(sep).join('/')));
    }, debounceMs);
  };
  const watchFolder = (folder: string) => {
    if (closed || watchers.has(folder) || skipped(folder)) return;
    let entries;
    try {
      const watcher = watch(folder, (_event, name) => {
        if (!name) return;
        const path = join(folder, name.toString());
        if (skipped(path)) return;
        if (isFolder(path)) watchFolder(path);
        else changed(path);
      }).on('error', (e) => {
        // A folder removed: its watcher ends with it.
        watchers.get(folder)?.close();
        watchers.delete(folder);
        if (isFolder(folder)) onError(`cannot watch ${folder}: ${e.message}`);
      });
      watchers.set(folder, watcher);
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      onError(`cannot watch ${folder}: ${(e as Error).message}`);
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) watchFolder(join(folder, entry.name));
  };
  for (const folder of folders) watchFolder(folder);
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

/**
 * The saved paths, but for a file gone again beside one that is there: the new file an editor (or
 * `sed -i`) wrote and renamed over the one saved. A file removed alone is a change, and stays.
 */
function withoutTemporaries(paths: readonly string[]): string[] {
  const present = new Set(paths.filter((p) => existsSync(p)));
  return paths.filter((p) => present.has(p) || ![...present].some((q) => dirname(q) === dirname(p)));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
