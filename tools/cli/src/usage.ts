import { ENVIRONMENTS } from '@plotwatch/platform';

export const USAGE = `usage: plotwatch <command> [options]

commands:
  build    compile every dashboard, rule and test into out/ (atomically)

build options:
  --out DIR                 where to write (default: out/ of the repository)
  --tenants-dir DIR         tenant YAML files (default: libs/platform/tenants)
  --env ${ENVIRONMENTS.join('|')}    environment to compile for (default: prod)
  --synthetic-tenants N     add N generated tenants (needs --out: they never go into the committed out/)`;

/** Wrong flags or arguments: reported with the usage, exit code 2. */
export class UsageError extends Error {}
