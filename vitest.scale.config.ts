import { defineConfig } from 'vitest/config'

// The scale-out suite: PostgreSQL and Redis on this machine (QUORUM_TEST_DATABASE_URL,
// QUORUM_TEST_REDIS_URL), a database and key prefix of its own per run, cleaned afterwards.
export default defineConfig({
  test: {
    root: '.',
    include: ['scale/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
