import { defineConfig } from 'vitest/config';

// Unit tests cover shared/ (pure); integration tests run services, hosts and
// the CLI against real SQLite files. Playwright's specs (test/e2e) are not ours.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
