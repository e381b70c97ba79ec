// The project's vitest config for the aarch64 node under qemu (tools/arm64/run-tests.sh):
// tests in worker threads, each with the exec-path preload (a fork would boot another
// emulated node per file), and the default timeouts times WAYBOARD_TIMEOUT_SCALE.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.WAYBOARD_TIMEOUT_SCALE) || 1;

export default mergeConfig(
  base,
  defineConfig({
    root: path.resolve(here, '../..'),
    test: {
      pool: 'threads',
      poolOptions: { threads: { execArgv: ['--require', path.join(here, 'exec-path.cjs')] } },
      testTimeout: (base.test?.testTimeout ?? 5000) * scale,
      hookTimeout: (base.test?.hookTimeout ?? 10000) * scale,
    },
  }),
);
