import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database suites create their own files/schemas; run files in parallel processes.
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
