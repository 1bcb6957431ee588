/**
 * The worker `plotwatch dev`'s build process keeps from build to build (kept-worker-thread.ts), as
 * the `DashboardThread` its builds hand dashboards to. A worker started for one build first loads
 * its modules (2-3 s of CPU), so a build starts one only for a large pool; this one has loaded them
 * while dev waited, so it takes its share of a dashboard edit's 1,000 tenants. It loads an edited
 * module again as the process does (the versions it is given).
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { DashboardJob, DashboardThread } from '../dashboard-thread.ts';
import type { BatchesDone } from '../tenant-pool.ts';
import { typeScriptWorker } from '../ts-worker.ts';
import type { KeptWorkerMessage, KeptWorkerReply } from './kept-worker-thread.ts';

/** The smallest pool, in units, it is handed: below, this thread alone is as fast as sharing it. */
const KEPT_WORKER_FROM = 100;

export interface KeptWorker {
  readonly thread: DashboardThread;
  /**
   * Loads the modules at `versions` while dev waits (started, or started again after it ended,
   * here); resolves once it has, or has ended.
   */
  load(versions: ReadonlyMap<string, string>): Promise<void>;
  /** The versions of the next build: its work loads what changed since the worker last loaded. */
  at(versions: ReadonlyMap<string, string>): void;
  /** Ends the worker (a later `load` starts another). */
  end(): Promise<void>;
}

export function keptWorker(): KeptWorker {
  let worker: Worker | undefined;
  /** How many of the versions it was given it has yet to load: with none, a build finds it ready. */
  let loading = 0;
  let versions: ReadonlyMap<string, string> = new Map();
  /** The jobs it has not answered: failed if it ends. */
  const pending = new Set<(error: Error) => void>();
  /** Those waiting for it to have loaded: told when it has, or has ended. */
  let waiting: Array<() => void> = [];
  const tell = () => {
    for (const wake of waiting) wake();
    waiting = [];
  };
  const start = () => {
    const started = typeScriptWorker(new URL('./kept-worker-thread.ts', import.meta.url));
    started.unref(); // dev's process ends when dev does
    started.on('message', (reply: KeptWorkerReply) => {
      if (reply === 'loaded' && --loading === 0) tell();
    });
    const ended = (error: Error) => {
      if (worker !== started) return;
      worker = undefined;
      loading = 0;
      for (const fail of pending) fail(error);
      tell();
    };
    started.on('error', ended);
    started.on('exit', (code) => ended(new Error(`the dashboard worker exited (code ${code}) before it finished`)));
    return started;
  };
  const post = (message: KeptWorkerMessage, transfer: readonly MessagePort[] = []) =>
    (worker ??= start()).postMessage(message, [...transfer]);
  return {
    load(next) {
      versions = next;
      loading++;
      post({ versions });
      return new Promise((resolve) => waiting.push(resolve));
    },
    at(next) {
      versions = next;
    },
    async end() {
      await worker?.terminate();
    },
    thread: {
      from: KEPT_WORKER_FROM,
      start(work): DashboardJob | undefined {
        if (!worker || loading > 0) return undefined;
        const { port1, port2 } = new MessageChannel();
        const done = new Promise<BatchesDone>((resolve, reject) => {
          const fail = (error: Error) => {
            pending.delete(fail);
            reject(error);
          };
          pending.add(fail);
          port1.once('message', (reply: KeptWorkerReply) => {
            pending.delete(fail);
            if (typeof reply === 'object' && 'done' in reply) resolve(reply.done as BatchesDone);
            else reject(new Error(`the dashboard worker failed: ${typeof reply === 'object' ? reply.failed : reply}`));
          });
        });
        post({ versions, work, port: port2 }, [port2]);
        let told = false;
        return {
          done,
          recorded: (series) => {
            told = true;
            port1.postMessage(series);
          },
          end: async () => {
            // A build that failed first: the worker takes no more tenants, and stops waiting for the series.
            if (!told) {
              Atomics.store(new Int32Array(work.pool.next), 0, work.pool.tenants.length);
              port1.postMessage(new Set<string>());
            }
            // Its writes into the staging folder end before the build removes it.
            await done.catch(() => undefined);
            port1.close();
          },
        };
      },
    },
  };
}
