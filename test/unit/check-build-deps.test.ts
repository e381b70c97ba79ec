// tools/check-build-deps.js, the install script's first step: a Debian library the addon
// builds against is missing → one line naming its package, exit 1. The missing libraries
// are simulated by a pkg-config that denies two of them and asks the real one for the rest.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../tools/check-build-deps.js',
);

function check(denied: string[]) {
  const bin = mkdtempSync(path.join(tmpdir(), 'wayboard-pkg-config-'));
  const cases = denied.map((lib) => `[ "$2" = ${lib} ] && exit 1`).join('\n');
  writeFileSync(
    path.join(bin, 'pkg-config'),
    `#!/bin/sh\n${cases}\nexec /usr/bin/pkg-config "$@"\n`,
  );
  chmodSync(path.join(bin, 'pkg-config'), 0o755);
  return spawnSync(process.execPath, [script], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    encoding: 'utf8',
  });
}

it('passes when every library is there', () => {
  const result = check([]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});

it('names the missing Debian packages in one line', () => {
  const result = check(['wayland-server', 'hunspell']);
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(
    'wayboard: cannot build its addon, missing libwayland-dev (pkg-config wayland-server), ' +
      'libhunspell-dev (pkg-config hunspell): apt-get install libwayland-dev libhunspell-dev\n',
  );
});
