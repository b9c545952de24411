import { defineConfig } from 'vitest/config';

// Tiers: unit (pure, next to the code), integration (HTTP + database; embedded PGlite by default,
// a real PostgreSQL when TEST_DATABASE_URL is set), security and faults (own suites), browser (Chromium).
export default defineConfig({
  test: {
    projects: [
      // CLI tests spawn `tsx` (1–3 s each on 2 cores, more under load): the 5 s default is too tight.
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: { name: 'faults', include: ['test/faults/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false },
      },
      {
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false },
      },
    ],
  },
});
