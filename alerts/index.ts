import type { AlertDomainDefinition } from '@plotwatch/rules';
import { storyApiHighErrorRatio } from './services/story-api-errors.ts';

/** Every alert domain the build compiles. */
export const alertDomains: readonly AlertDomainDefinition[] = [
  { domain: 'services', source: new URL('./services/', import.meta.url).href, alerts: [storyApiHighErrorRatio] },
];
