import { parentPort, workerData } from 'node:worker_threads';
import { writeOpenMetricsHistory, type BackfillOptions } from './backfill.ts';

const { path, options } = workerData as { path: string; options: BackfillOptions };
parentPort!.postMessage(await writeOpenMetricsHistory(path, options));
