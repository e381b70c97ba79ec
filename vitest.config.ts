import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/clients/**/*.test.ts',
      'test/wlcs/**/*.test.ts',
      'test/fuzz/**/*.test.ts',
    ],
    // kills any compositor or client a test file left running
    setupFiles: ['test/harness/setup.ts'],
    // client tests start compositors and real apps: one file at a time on 2 cores
    fileParallelism: false,
    testTimeout: 30000,
    hookTimeout: 30000,
    // a flaky test is a bug to fix, not to retry
    retry: 0,
  },
});
