import type { DashboardWork } from './dashboard-work.ts';
import type { BatchesDone } from './tenant-pool.ts';

/** A thread that takes part of a build's dashboards (`buildInto`): a worker. */
export interface DashboardThread {
  /** The smallest pool, in units to build, worth handing it. */
  readonly from: number;
  /** Starts `work` there; undefined when it cannot take work now (this thread builds alone). */
  start(work: DashboardWork): DashboardJob | undefined;
}

export interface DashboardJob {
  /** What it made; rejects when it failed or its thread ended first. */
  readonly done: Promise<BatchesDone>;
  /** Sends it the series the rule files record: it checks what it built with them. */
  recorded(series: ReadonlySet<string>): void;
  /** Called once the build is over, done or failed. */
  end(): Promise<void>;
}

/**
 * The worker a long-lived build process keeps (`plotwatch dev`, dev/kept-worker.ts), for its builds
 * to hand their dashboards to; none in a one-shot build, which starts a worker of its own for a
 * large pool. The build process sets it before each build.
 */
let kept: DashboardThread | undefined;

export function keepDashboardThread(thread: DashboardThread | undefined): void {
  kept = thread;
}

export function keptDashboardThread(): DashboardThread | undefined {
  return kept;
}
