// Module hooks of the dev build server (registered there only, with `module.register`): a module
// imported from one of generation N (`?generation=N` in its URL) is of generation N too, when it is
// a source of this repository. So importing the CLI under a new generation evaluates every source
// afresh (what was edited is read again), while node_modules stay loaded once for the process.

import type { ResolveHook } from 'node:module';

let root = '';

/** `data.root`: the repository's file URL, with a trailing slash. */
export function initialize(data: { root: string }): void {
  root = data.root;
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  const generation = context.parentURL && /[?&]generation=(\d+)/.exec(context.parentURL)?.[1];
  const ours = resolved.url.startsWith(root) && !resolved.url.includes('/node_modules/') && !resolved.url.includes('?');
  return generation && ours ? { ...resolved, url: `${resolved.url}?generation=${generation}` } : resolved;
};
