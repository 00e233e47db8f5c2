import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Real SQLite files and real processes: give slow machines room, never race.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
