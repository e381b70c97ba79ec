#!/usr/bin/env node
// Runs before node-gyp at install (the package's `install` script): checks that the Debian
// packages the addon builds against are present, so that a missing one is one line naming
// it rather than a screen of compiler errors. The libraries are read from binding.gyp's
// pkg-config calls, so the two lists cannot drift apart.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** pkg-config name → the Debian 12 package that ships its .pc file */
const DEBIAN_DEV = {
  'wayland-server': 'libwayland-dev',
  'wayland-client': 'libwayland-dev',
  'pixman-1': 'libpixman-1-dev',
  xkbcommon: 'libxkbcommon-dev',
  libseat: 'libseat-dev',
  libdrm: 'libdrm-dev',
  libinput: 'libinput-dev',
  libudev: 'libudev-dev',
  hunspell: 'libhunspell-dev',
};

/** the tools node-gyp itself needs: command → Debian package */
const TOOLS = { 'pkg-config': 'pkg-config', 'g++': 'g++', make: 'make', python3: 'python3' };

const gyp = readFileSync(new URL('../binding.gyp', import.meta.url), 'utf8');
const libs = [...gyp.matchAll(/pkg-config --libs ([^)]+)\)/g)].flatMap((m) => m[1].split(/\s+/));

const onPath = (command) => spawnSync('sh', ['-c', `command -v "$1"`, 'sh', command]).status === 0;
const missing = []; // [Debian package, why]
for (const [command, pkg] of Object.entries(TOOLS)) {
  if (!onPath(command)) missing.push([pkg, `command ${command}`]);
}
if (onPath('pkg-config')) {
  for (const lib of new Set(libs)) {
    if (spawnSync('pkg-config', ['--exists', lib]).status !== 0) {
      missing.push([DEBIAN_DEV[lib] ?? `the package with ${lib}.pc`, `pkg-config ${lib}`]);
    }
  }
}
if (missing.length > 0) {
  const what = missing.map(([pkg, why]) => `${pkg} (${why})`).join(', ');
  const packages = [...new Set(missing.map(([pkg]) => pkg).filter((p) => !p.includes(' ')))];
  const fix = packages.length > 0 ? `: apt-get install ${packages.join(' ')}` : '';
  process.stderr.write(`wayboard: cannot build its addon, missing ${what}${fix}\n`);
  process.exit(1);
}
