import type { RecordingGroupDefinition } from '@plotwatch/rules';
import { goldenSignalRules } from './services/golden-signals.ts';

export { goldenSignals } from './services/golden-signals.ts';

/** Every recording-rule group the build compiles, in evaluation order. */
export const recordingGroups: readonly RecordingGroupDefinition[] = [goldenSignalRules];
