import { defineConfig } from 'vitest/config';

/**
 * The sync under faults (test/faults): a real central service behind a
 * fault-injecting proxy, kiosks killed mid-sync. Run after the build, since
 * the kill tests start the built kiosk as its own process.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One file at a time: each runs many kiosks and services of its own, and their timings are the point.
    fileParallelism: false,
  },
});
