import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/clients/**/*.test.ts', 'test/wlcs/**/*.test.ts'],
    // client tests start compositors and real apps: one file at a time on 2 cores
    fileParallelism: false,
    testTimeout: 30000,
    hookTimeout: 30000,
  },
});
