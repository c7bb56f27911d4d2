import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests cover shared/ (pure); integration tests run services, hosts and
// the CLI against real SQLite files. Playwright's specs (test/e2e) are not ours.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on a two-core laptop, serial.
    // Many files spend their time waiting on a child (the bcf command line, LibreOffice, Gnumeric,
    // Python, a process killed mid-write), so a worker per core keeps both busy.
    maxWorkers: Math.max(2, os.availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // The property-based tests check hundreds of generated cases: 1.5–2 s alone, past Vitest's 5 s
          // default on a two-core machine busy with other tests (a CI run did). Speed is the bench's job.
          testTimeout: 30_000,
        },
      },
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
