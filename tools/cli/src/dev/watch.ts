import { startsBuild } from '@plotwatch/build/dev';
import { watch, type FSWatcher } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface Watcher {
  close(): void;
}

/**
 * Watches folders (recursively) and calls `onChanges` with the saved paths, relative to `root`,
 * once no event came for `debounceMs`. Paths no build reads (out/, .plotwatch/, node_modules,
 * editor temporaries) and those below `ignored` are left out.
 */
export function watchFolders(
  root: string,
  folders: readonly string[],
  ignored: readonly string[],
  onChanges: (paths: string[]) => void,
  onError: (message: string) => void,
  debounceMs = 150,
): Watcher {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const inside = (path: string, folder: string) => path === folder || path.startsWith(folder + sep);
  const watchers: FSWatcher[] = folders.map((folder) =>
    watch(folder, { recursive: true }, (_event, filename) => {
      if (!filename) return;
      const absolute = join(folder, filename.toString());
      if (!startsBuild(filename.toString()) || ignored.some((i) => inside(absolute, i))) return;
      pending.add(relative(root, absolute).split(sep).join('/'));
      clearTimeout(timer);
      timer = setTimeout(() => {
        const paths = [...pending];
        pending.clear();
        onChanges(paths);
      }, debounceMs);
    }).on('error', (e) => onError(`cannot watch ${folder}: ${e.message}`)),
  );
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
