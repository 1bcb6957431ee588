// A worker thread is plain Node: load tsx before its TypeScript, as bin/narrative-sim.js does.
import { register } from 'tsx/esm/api';

register();
await import('./history-worker.ts');
