import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Browser and server tests poll for what a page or process shows; on 2 shared cores that can take seconds.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
