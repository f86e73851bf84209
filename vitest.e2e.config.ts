import { defineConfig } from 'vitest/config'

// Browser tests: a real Quorum server per test file and Debian's Chromium driven by playwright-core.
export default defineConfig({
  test: {
    root: '.',
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['e2e/fixtures/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time keeps timings honest on two cores.
    fileParallelism: false,
  },
})
