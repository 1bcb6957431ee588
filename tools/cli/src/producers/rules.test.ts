import { environment } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { repoTenants } from '../test-support.ts';
import { panelIndex } from './producer.ts';
import { ruleArtifacts } from './rules.ts';

describe('ruleArtifacts', () => {
  it('refuses an alert whose dashboard panel does not exist, naming the alert and the dashboard', () => {
    const { errors } = ruleArtifacts({ tenants: repoTenants(), env: environment('prod'), sourcePath: (u) => u.replace(/^.*\/alerts\//, 'alerts/'), panels: panelIndex([]), earlier: [] });
    expect(errors).toContain('alerts/services/: alert StoryApiHighErrorRatio links to a panel that does not exist: there is no dashboard aurora-books-ops-story-api (persona ops, slug story-api)');
  });
});
