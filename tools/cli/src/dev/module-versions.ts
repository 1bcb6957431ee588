// Module hooks of the dev build server (registered there only, with `module.register`): a source of
// this repository is imported at a URL carrying its version (`?v=…`, see `moduleVersions`), so an
// import of an edited module, or of one that imports it, evaluates it afresh, while every other
// module (and node_modules) stays loaded with what it holds.

import type { ResolveHook } from 'node:module';
import type { MessagePort } from 'node:worker_threads';

/** File URL -> version, as the server last sent it. */
let versions = new Map<string, string>();

/** `data.port`: the server sends each new table of versions there and waits for the answer. */
export function initialize(data: { port: MessagePort }): void {
  data.port.on('message', (table: Map<string, string>) => {
    versions = table;
    data.port.postMessage('ok');
  });
  data.port.unref();
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const resolved = await nextResolve(specifier, context);
  const version = versions.get(resolved.url);
  return version === undefined ? resolved : { ...resolved, url: `${resolved.url}?v=${version}` };
};
