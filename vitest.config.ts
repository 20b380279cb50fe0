import { defineConfig } from 'vitest/config';

// unit: fast, in-process (real DuckDB files are fine here).
// integration: child processes (the CLI, kill -9), loopback servers; named *.int.test.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/e2e/**', 'node_modules/**'],
          testTimeout: 60_000,
          pool: 'forks',
          setupFiles: ['test/setup/fast-check.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
