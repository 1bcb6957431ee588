/** A worker thread started for one build (`buildInto`): its dashboard work, from `workerData`. */
import { parentPort, workerData } from 'node:worker_threads';
import { nextMessage, runDashboardWork, type DashboardWork } from './dashboard-work.ts';

parentPort!.postMessage(await runDashboardWork(workerData as DashboardWork, nextMessage(parentPort!)));
