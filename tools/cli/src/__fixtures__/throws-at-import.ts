// A definition-like module whose top level throws, as a renamed recording rule once made a
// dashboard's `selector()` throw before any check ran. Imported only by load-failure.test.ts.
import { selector, tenantScope } from '@plotwatch/platform';

export const query = selector('story_api_requests_totl', tenantScope('corpus'));
