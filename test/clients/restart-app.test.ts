// `wayboard --restart-app -- APP` starts APP again when it fails, with a growing pause, and
// exits with its status once it succeeds; without the option the first failure is the end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/wayboard.js');
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, '--backend', 'headless', ...args], {
    env: { ...process.env, XDG_RUNTIME_DIR: mkdtempSync(path.join(tmpdir(), 'wayboard-cli-')) },
    encoding: 'utf8',
    timeout: 20000,
  });

/** an app that counts its runs in a file and fails (exit 3) the first `failures` times */
function flakyApp(failures: number): { argv: string[]; runs(): number } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wayboard-runs-')), 'runs');
  const script = `n=$(($(cat ${file} 2>/dev/null || echo 0) + 1)); echo $n > ${file}; [ $n -gt ${failures} ] || exit 3`;
  return { argv: ['sh', '-c', script], runs: () => Number(readFileSync(file, 'utf8')) };
}

it('restarts a failing app with a growing pause until it succeeds', () => {
  const app = flakyApp(2);
  const result = run(['--restart-app', '--', ...app.argv]);
  expect(result.status).toBe(0);
  expect(app.runs()).toBe(3);
  const restarts = result.stderr.split('\n').filter((l) => l.includes('restarting'));
  expect(restarts).toEqual([
    'wayboard: the app exited with status 3; restarting it in 1 s',
    'wayboard: the app exited with status 3; restarting it in 2 s',
  ]);
});

it('without --restart-app, exits with the first failure', () => {
  const app = flakyApp(2);
  expect(run(['--', ...app.argv]).status).toBe(3);
  expect(app.runs()).toBe(1);
});

it('does not restart an app that cannot start', () => {
  const result = run(['--restart-app', '--', 'no-such-wayboard-app']);
  expect(result.status).toBe(127);
  expect(result.stderr).not.toContain('restarting');
});
