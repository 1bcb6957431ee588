import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A worker thread running the TypeScript module `module` through tsx, as the CLI itself runs. */
export function typeScriptWorker(module: URL, options: WorkerOptions = {}): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`,
    { ...options, eval: true },
  );
}
