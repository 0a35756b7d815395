import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure code, no I/O, fast), `fuzz` (fast-check property tests over the
 * MIME, ZIP/ASiC, XML and PDF readers: a few hundred cases with a fixed seed under `npm test`,
 * many more with `npm run fuzz`) and `integration` (the real Redis, PostgreSQL, PGlite, Dovecot
 * and SMTP relay, started once by the global setup).
 */
export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'pipelines/**/*.ts'],
      reporter: ['text-summary', 'html', 'json-summary'],
      reportsDirectory: 'coverage',
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.fuzz.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          // Real servers: generous per-test time, files run in parallel workers.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
