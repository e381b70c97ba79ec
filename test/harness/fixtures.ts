// Builds a C fixture client from test/fixtures with the wayland-scanner glue it needs,
// into .test-out/fixtures (rebuilt when the source is newer).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROTOCOLS: Record<string, string> = {
  'xdg-shell': '/usr/share/wayland-protocols/stable/xdg-shell/xdg-shell.xml',
  'text-input-unstable-v2': '/usr/share/plasma-wayland-protocols/text-input-unstable-v2.xml',
  'wlr-layer-shell-unstable-v1':
    '/usr/share/cargo/registry/wayland-protocols-0.29.4/wlr-protocols/unstable/wlr-layer-shell-unstable-v1.xml',
};

export function buildFixture(name: string, protocols = Object.keys(PROTOCOLS)): string {
  const out = path.join(root, '.test-out/fixtures');
  mkdirSync(out, { recursive: true });
  const source = path.join(root, 'test/fixtures', `${name}.c`);
  const binary = path.join(out, name);
  if (existsSync(binary) && statSync(binary).mtimeMs > statSync(source).mtimeMs) return binary;
  const glue: string[] = [];
  for (const protocol of protocols) {
    execFileSync('wayland-scanner', [
      'client-header',
      PROTOCOLS[protocol],
      path.join(out, `${protocol}-client-protocol.h`),
    ]);
    const code = path.join(out, `${protocol}-protocol.c`);
    execFileSync('wayland-scanner', ['private-code', PROTOCOLS[protocol], code]);
    glue.push(code);
  }
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'wayland-client'])
    .toString()
    .trim()
    .split(/\s+/);
  execFileSync('cc', ['-O2', '-Wall', `-I${out}`, '-o', binary, source, ...glue, ...flags]);
  return binary;
}
