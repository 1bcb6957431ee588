import type { DashboardDefinition } from '@plotwatch/grafana';
import { costDashboard } from './ml/cost.ts';
import { inferenceDashboard } from './ml/inference.ts';
import { platformFleetDashboard } from './ml/platform-fleet.ts';
import { qualityDashboard } from './ml/quality.ts';
import { eventsDashboard } from './ops/events.ts';
import { platformCapacityDashboard } from './ops/platform-capacity.ts';
import { platformEventsDashboard } from './ops/platform-events.ts';
import { platformHealthDashboard } from './ops/platform-health.ts';
import { platformOverviewDashboard } from './ops/platform-overview.ts';
import { servicesDashboard } from './ops/services.ts';
import { storyApiDashboard } from './ops/story-api.ts';
import { engagementDashboard } from './product/engagement.ts';
import { overviewDashboard } from './product/overview.ts';
import { platformTenantsDashboard } from './product/platform-tenants.ts';
import { uxDashboard } from './product/ux.ts';

/** Every dashboard the build compiles: tenant-scoped ones for every tenant, platform-scoped ones once. */
export const dashboards: readonly DashboardDefinition[] = [
  // Tenant scope
  storyApiDashboard,
  servicesDashboard,
  eventsDashboard,
  inferenceDashboard,
  qualityDashboard,
  costDashboard,
  engagementDashboard,
  uxDashboard,
  overviewDashboard,
  // Platform scope
  platformOverviewDashboard,
  platformCapacityDashboard,
  platformHealthDashboard,
  platformEventsDashboard,
  platformFleetDashboard,
  platformTenantsDashboard,
];
