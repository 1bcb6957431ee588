import type { SloDefinition } from '@plotwatch/rules';
import { interactionAvailability, interactionLatency } from './interaction.ts';
import { storyGenerationAvailability, storyGenerationLatency } from './story-generation.ts';

/** Every SLO, per tenant: its objectives come from the tenant's `slo` (tier default, then override). */
export const slos: readonly SloDefinition[] = [
  { spec: storyGenerationAvailability, source: new URL('./story-generation.ts', import.meta.url).href },
  { spec: storyGenerationLatency, source: new URL('./story-generation.ts', import.meta.url).href },
  { spec: interactionAvailability, source: new URL('./interaction.ts', import.meta.url).href },
  { spec: interactionLatency, source: new URL('./interaction.ts', import.meta.url).href },
];
