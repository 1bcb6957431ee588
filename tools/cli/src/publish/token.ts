import { readFile } from 'node:fs/promises';
import { UsageError } from '../usage.ts';

/**
 * The API token, from an environment variable or a file (a mounted secret), never from the
 * command line (which `ps` and shell history show). Errors name the variable or file, never a value.
 */
export async function readToken(
  source: { tokenEnv?: string; tokenFile?: string },
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (Boolean(source.tokenEnv) === Boolean(source.tokenFile))
    throw new UsageError('give the API token with exactly one of --token-env NAME or --token-file PATH');
  if (source.tokenEnv) {
    const token = env[source.tokenEnv]?.trim();
    if (!token) throw new UsageError(`environment variable ${source.tokenEnv} (--token-env) is not set or empty`);
    return token;
  }
  const token = await readFile(source.tokenFile!, 'utf8').then(
    (text) => text.trim(),
    (e: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read --token-file ${source.tokenFile}: ${e.code ?? e.message}`);
    },
  );
  if (!token) throw new UsageError(`--token-file ${source.tokenFile} is empty`);
  return token;
}
