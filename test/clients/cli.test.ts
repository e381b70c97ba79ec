// `wayboard -- APP` runs the app on its own socket and exits with the app's status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/wayboard.js');
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, XDG_RUNTIME_DIR: mkdtempSync(path.join(tmpdir(), 'wayboard-cli-')) },
    encoding: 'utf8',
    timeout: 20000,
  });

it('exits with the status of an app ended by a timeout signal', () => {
  // timeout(1) sends TERM to weston-simple-shm after 2 s and exits 124
  const result = run(['--', 'timeout', '-s', 'TERM', '2', 'weston-simple-shm']);
  expect(result.status).toBe(124);
});

it('exits 1 when the app is `false`', () => {
  expect(run(['--', 'false']).status).toBe(1);
});

it('bad arguments: one line on stderr, exit 2', () => {
  const result = run(['--output', 'big']);
  expect(result.status).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  const layout = run(['--layout', 'nosuchlayout', '--', 'true']);
  expect(layout.status).toBe(2);
  expect(layout.stderr.trim().split('\n')).toHaveLength(1);
});

it('a socket name in use: a clear message, exit 1', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-cli-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: dir };
  const first = spawnSync(
    'sh',
    [
      '-c',
      `${process.execPath} ${bin} --socket taken -- sh -c '${process.execPath} ${bin} --socket taken -- true; echo status=$?'`,
    ],
    { env, encoding: 'utf8', timeout: 20000 },
  );
  expect(first.stdout).toContain('status=1');
  expect(first.stderr).toMatch(/taken/);
});
