import type { DashboardDefinition } from '@plotwatch/grafana';
import { storyApiDashboard } from './ops/story-api.ts';

/** Every dashboard the build compiles. */
export const dashboards: readonly DashboardDefinition[] = [storyApiDashboard];
