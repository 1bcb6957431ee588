import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['libs/*', 'dashboards', 'alerts', 'recording-rules', 'tools/cli', 'tools/narrative-sim'],
    passWithNoTests: true,
  },
});
