// The embedding API: examples/minimal-kiosk.ts imports `wayboard` (the package's own name,
// resolved through package.json "exports" to dist/index.js and its declarations), type
// checks against them, and runs a kiosk with weston-simple-shm to a screenshot.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { decodePng } from '../harness/png.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = path.join(root, 'examples/minimal-kiosk.ts');

it('the example type checks against the package declarations', () => {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const args = ['--noEmit', '--strict', '--target', 'ES2022', '--module', 'NodeNext'];
  args.push('--moduleResolution', 'NodeNext', '--types', 'node', '--traceResolution', example);
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8' });
  const errors = result.stdout.split('\n').filter((line) => /error TS/.test(line));
  expect(errors).toEqual([]);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(
    `Module name 'wayboard' was successfully resolved to '${root}/dist/index.d.ts'`,
  );
});

it('the example runs a kiosk and takes a screenshot', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'wayboard-example-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: cwd };
  delete env.WAYLAND_DISPLAY;
  const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
  const result = spawnSync(process.execPath, [tsx, example], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 30000,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/app_id: 'org\.freedesktop\.weston\.simple-shm'/);
  const shot = decodePng(readFileSync(path.join(cwd, 'minimal-kiosk.png')));
  expect([shot.width, shot.height]).toEqual([1024, 600]);
});
