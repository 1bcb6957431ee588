import type { Environment, Tenant } from '@plotwatch/platform';
import type { Artifact } from '../artifacts.ts';

export interface ProducerInput {
  readonly tenants: readonly Tenant[];
  readonly env: Environment;
  /** A definition's `import.meta.url` as a path relative to the repository root. */
  readonly sourcePath: (url: string) => string;
}

/** What one producer made: artifacts, or the problems that stop the build (all of them). */
export interface Produced {
  readonly artifacts: readonly Artifact[];
  readonly errors: readonly string[];
}

/** A pure function from the resolved tenants to some of out/. */
export type Producer = (input: ProducerInput) => Produced;
