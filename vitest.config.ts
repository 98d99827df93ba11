import { defineConfig } from 'vitest/config';

// Tests mirror src/. Slow end-to-end cases are marked in their names ("e2e:").
// Two cores on the reference machine: keep the pool small so TF.js tests do not starve each other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
