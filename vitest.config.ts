import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
    typecheck: { enabled: false },
    // The JSON report feeds .ci/summarize.mjs (the `N passed, N failed` line of CI).
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
