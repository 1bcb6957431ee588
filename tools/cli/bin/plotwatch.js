#!/usr/bin/env node
// The CLI runs from its TypeScript source: tsx compiles on the fly, so `npx plotwatch` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
