import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['libs/*', 'dashboards', 'alerts', 'recording-rules', 'tools/cli', 'tools/e2e', 'tools/narrative-sim'],
    passWithNoTests: true,
  },
});
