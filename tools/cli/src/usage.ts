import { ENVIRONMENTS } from '@plotwatch/platform';

export const USAGE = `usage: plotwatch <command> [options]

commands:
  build          compile and check every dashboard, rule and test, then write out/ (atomically)
  validate       run every check over everything the build would write; writes nothing
  lint-promql    syntax and types of PromQL expressions, one per line on stdin or as arguments
                 (--json: one {"expr","valid","errors":[{"check","message","position","from","to"}]} per line); exit 1 if any is invalid
  publish grafana  teams, folders, permissions, dashboards and alerting of out/ to Grafana's HTTP API:
                 --url URL (--token-env NAME | --token-file PATH) [--out DIR] [--dry-run] [--exit-code]
                 [--prune] [--force] [--concurrency N] [--deadline S] [--timeout S] [--retries N]
                 [--secrets-root DIR] [--skip-alerting] [--api auto|legacy|resources] [--namespace NS]
                 (prints the plan, then applies it; --dry-run stops after the plan, with --exit-code
                 exiting 2 when changes are pending; --prune deletes managed resources out/ no longer
                 has; --force overwrites what was edited in Grafana since it was published; --api: the resource
                 API /apis when Grafana serves it (auto), or always /api (legacy) or /apis (resources))
  publish k8s    the Kubernetes manifests of out/: [--env ENV] [--out DIR] [--apply] [--context NAME] [--kubectl PATH]
                 (--apply runs kubectl apply --server-side; without it, prints what it would apply)
  diff           what a change does, for a PR comment: --base <dir | git ref> [--head DIR] [--format markdown|json]

build and validate options:
  --out DIR                 where to write (default: out/ of the repository)
  --tenants-dir DIR         tenant YAML files (default: libs/platform/tenants)
  --env ${ENVIRONMENTS.join('|')}    environment to compile for (default: prod)
  --synthetic-tenants N     add N generated tenants (needs --out: they never go into the committed out/)
  --schema v1|v2|both       dashboard schema to write (default: the environment's Grafana: v2 for 13+, v1 below);
                            v1: grafana/dashboards/ (classic JSON), v2: grafana/resources/ (Git Sync / gcx layout)`;

/** Wrong flags or arguments: reported with the usage, exit code 2. */
export class UsageError extends Error {}
