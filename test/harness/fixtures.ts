// Builds a C client (a test fixture, or the bench's client) with the wayland-scanner glue it
// needs, into .test-out (rebuilt when the source, or a header beside it, is newer).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Rust wayland-protocols crate, whatever its version (it ships the wlr XML) */
function cargoProtocols(): string {
  const registry = '/usr/share/cargo/registry';
  const crate = existsSync(registry)
    ? readdirSync(registry)
        .filter((n) => n.startsWith('wayland-protocols-'))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .at(-1)
    : undefined;
  return path.join(registry, crate ?? 'wayland-protocols-missing');
}

const PROTOCOLS: Record<string, () => string> = {
  'xdg-shell': () => '/usr/share/wayland-protocols/stable/xdg-shell/xdg-shell.xml',
  'fullscreen-shell-unstable-v1': () =>
    '/usr/share/wayland-protocols/unstable/fullscreen-shell/fullscreen-shell-unstable-v1.xml',
  'text-input-unstable-v2': () => '/usr/share/plasma-wayland-protocols/text-input-unstable-v2.xml',
  'wlr-layer-shell-unstable-v1': () =>
    path.join(cargoProtocols(), 'wlr-protocols/unstable/wlr-layer-shell-unstable-v1.xml'),
};

/** test/fixtures/NAME.c, into .test-out/fixtures */
export function buildFixture(
  name: string,
  protocols = ['xdg-shell', 'text-input-unstable-v2', 'wlr-layer-shell-unstable-v1'],
): string {
  return buildClient(path.join(root, 'test/fixtures', `${name}.c`), 'fixtures', protocols);
}

/** a C client `source` (absolute), built into .test-out/OUT with the named protocols' glue */
export function buildClient(source: string, out: string, protocols: string[]): string {
  const dir = path.join(root, '.test-out', out);
  mkdirSync(dir, { recursive: true });
  const binary = path.join(dir, path.basename(source, '.c'));
  // the source and the headers beside it (test/fixtures/shm-buffer.h) it may include
  const inputs = [source, ...readdirSync(path.dirname(source)).filter((f) => f.endsWith('.h'))];
  const newest = Math.max(
    ...inputs.map((f) => statSync(path.resolve(path.dirname(source), f)).mtimeMs),
  );
  if (existsSync(binary) && statSync(binary).mtimeMs > newest) return binary;
  const glue: string[] = [];
  for (const protocol of protocols) {
    const xml = PROTOCOLS[protocol]();
    const header = path.join(dir, `${protocol}-client-protocol.h`);
    execFileSync('wayland-scanner', ['client-header', xml, header]);
    const code = path.join(dir, `${protocol}-protocol.c`);
    execFileSync('wayland-scanner', ['private-code', xml, code]);
    glue.push(code);
  }
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'wayland-client'])
    .toString()
    .trim()
    .split(/\s+/);
  execFileSync('cc', ['-O2', '-Wall', `-I${dir}`, '-o', binary, source, ...glue, ...flags]);
  return binary;
}
