import { defineConfig } from 'vitest/config'

// Unit and integration tests (real server on port 0, real SQLite, real sockets).
// Browser tests live in e2e/ and run with `npm run test:e2e`.
export default defineConfig({
  test: {
    root: '.',
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests spawn servers and child processes; two workers fit the 2-core machines.
    maxWorkers: 2,
  },
})
