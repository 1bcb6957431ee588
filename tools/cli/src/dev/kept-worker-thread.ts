/**
 * The worker `plotwatch dev`'s build process keeps (kept-worker.ts): it loads the dashboard work
 * at the versions the process gives it (module-versions.ts, as the process loads its own modules),
 * once while dev waits and again with what an edit changed, and does one build's share at a time.
 */
import { once } from 'node:events';
import { register } from 'node:module';
import { MessageChannel, parentPort, type MessagePort } from 'node:worker_threads';
import type { DashboardWork } from '../dashboard-work.ts';

/** From the build process: the versions to load at (only, while dev waits), or a build's work too. */
export type KeptWorkerMessage =
  | { readonly versions: ReadonlyMap<string, string> }
  | { readonly versions: ReadonlyMap<string, string>; readonly work: DashboardWork; readonly port: MessagePort };

/** To the build process: loaded (after a message with versions only); on a work's port, its result. */
export type KeptWorkerReply = 'loaded' | { readonly done: unknown } | { readonly failed: string };

const hooks = new MessageChannel();
register(new URL('./module-versions.ts', import.meta.url), {
  data: { port: hooks.port2 },
  transferList: [hooks.port2],
});
hooks.port1.unref();

const WORK = new URL('../dashboard-work.ts', import.meta.url).href;

async function workAt(versions: ReadonlyMap<string, string>): Promise<typeof import('../dashboard-work.ts')> {
  const told = once(hooks.port1, 'message');
  hooks.port1.postMessage(versions);
  await told;
  return (await import(`${WORK}?v=${versions.get(WORK)}`)) as typeof import('../dashboard-work.ts');
}

async function handle(message: KeptWorkerMessage): Promise<void> {
  if (!('work' in message)) {
    await workAt(message.versions).catch(() => undefined); // a module that fails to load fails the build that needs it
    parentPort!.postMessage('loaded' satisfies KeptWorkerReply);
    return;
  }
  const { port } = message;
  try {
    const { nextMessage, runDashboardWork } = await workAt(message.versions);
    port.postMessage({ done: await runDashboardWork(message.work, nextMessage(port)) } satisfies KeptWorkerReply);
  } catch (e) {
    port.postMessage({ failed: (e as Error).stack ?? String(e) } satisfies KeptWorkerReply);
  } finally {
    port.close();
  }
}

// One message at a time, in order.
let handling = Promise.resolve();
parentPort!.on('message', (message: KeptWorkerMessage) => {
  handling = handling.then(() => handle(message));
});
