import { describe } from 'vitest';
import { checkCases } from '../check-cases.ts';
import { unproducedRecording } from './unproduced-recording.ts';

describe(unproducedRecording.name, () => checkCases(unproducedRecording));
