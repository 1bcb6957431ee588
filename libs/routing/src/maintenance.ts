import type { MaintenanceWindow, Tenant } from '@plotwatch/platform';

/** A named set of windows during which a route sends nothing. */
export interface MuteInterval {
  readonly name: string;
  readonly windows: readonly MaintenanceWindow[];
}

export function maintenanceIntervalName(tenantId: string): string {
  return `tenant/${tenantId}/maintenance`;
}

/** One interval per tenant that has maintenance windows; its routes name it. */
export function maintenanceIntervals(tenants: readonly Tenant[]): MuteInterval[] {
  return tenants
    .filter((t) => t.maintenanceWindows.length > 0)
    .map((t) => ({ name: maintenanceIntervalName(t.id), windows: t.maintenanceWindows }));
}

/** A window in the format Alertmanager reads, which Grafana's mute timings read too (same parser). */
export interface TimeIntervalSpec {
  readonly weekdays: readonly string[];
  readonly times: ReadonlyArray<{ readonly start_time: string; readonly end_time: string }>;
  readonly location: string;
}

export function timeIntervalSpec(window: MaintenanceWindow): TimeIntervalSpec {
  return {
    weekdays: window.weekdays,
    times: window.times.map((t) => ({ start_time: t.start, end_time: t.end })),
    location: window.location,
  };
}
