import { execFile } from 'node:child_process';

/** Where the build writes Alertmanager's config, relative to out/. */
export const ALERTMANAGER_CONFIG = 'alertmanager/alertmanager.yaml';

/**
 * What `amtool check-config` says against a config file, or undefined when it accepts it or amtool
 * is not installed (the tests always run it). The tenant files' checks are meant to refuse all that
 * Alertmanager would; this is the net under them, before out/ is replaced.
 */
export function amtoolRefusal(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('amtool', ['check-config', file], (error, stdout, stderr) => {
      if (!error || (error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(undefined);
      const said = `${stdout}${stderr}`;
      resolve(/FAILED: (.*)/.exec(said)?.[1]?.trim() ?? (said.trim() || error.message));
    });
  });
}
