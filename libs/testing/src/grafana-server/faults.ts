/**
 * What can go wrong with a request, injected by the test server:
 * - `error-500`: a 500 before anything is done;
 * - `throttle-429`: a 429 with Retry-After before anything is done;
 * - `slow`: the request is done, but answered only after `delayMs` (past the client's timeout);
 * - `reset-before`: the connection drops before anything is done;
 * - `reset-after`: the request is done, then the connection drops before the answer.
 * The last two of those that "do" the request are the dangerous ones: a retry then meets its own work.
 */
export type FaultKind = 'error-500' | 'throttle-429' | 'slow' | 'reset-before' | 'reset-after';

export const FAULT_KINDS: readonly FaultKind[] = ['error-500', 'throttle-429', 'slow', 'reset-before', 'reset-after'];

export interface FaultPlan {
  /** Share of requests that fail, 0..1. */
  readonly rate: number;
  readonly kinds?: readonly FaultKind[];
  /** Seeds the choice of requests and kinds, so a failing run can be replayed. */
  readonly seed?: number;
  /** Sent with 429s (default 1). */
  readonly retryAfterSeconds?: number;
  /** How late a `slow` answer comes (default 1,000 ms). */
  readonly delayMs?: number;
  /** Only these operations fail (`POST /dashboards/db`, as the spec names paths); default all. */
  readonly operations?: readonly string[];
}

/** Draws the fault of each request from a seeded generator (mulberry32): same seed, same faults. */
export function faultDrawer(plan: FaultPlan): (operation: string) => FaultKind | undefined {
  const kinds = plan.kinds ?? FAULT_KINDS;
  let state = (plan.seed ?? 1) >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (operation) => {
    if (plan.operations && !plan.operations.includes(operation)) return undefined;
    return random() < plan.rate ? kinds[Math.floor(random() * kinds.length)] : undefined;
  };
}
