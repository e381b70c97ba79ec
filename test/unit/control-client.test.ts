// `wayboard ctl`: socket path resolution, output format and exit codes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ctlSocketPath, formatResult, runCtl } from '../../src/control/client.js';
import { startControlServer, type ControlServer } from '../../src/control/server.js';
import type { ControlTarget } from '../../src/control/target.js';

describe('ctlSocketPath', () => {
  const env = { XDG_RUNTIME_DIR: '/run/user/1000', WAYLAND_DISPLAY: 'wayland-3' };
  it('uses --socket, then $WAYLAND_DISPLAY, then wayland-0', () => {
    expect(ctlSocketPath('kiosk', env)).toBe('/run/user/1000/kiosk.ctl');
    expect(ctlSocketPath(undefined, env)).toBe('/run/user/1000/wayland-3.ctl');
    expect(ctlSocketPath(undefined, { XDG_RUNTIME_DIR: '/r' })).toBe('/r/wayland-0.ctl');
    expect(ctlSocketPath(undefined, { XDG_RUNTIME_DIR: '/r', WAYLAND_DISPLAY: '' })).toBe(
      '/r/wayland-0.ctl',
    );
  });
  it('accepts absolute paths, with or without .ctl', () => {
    expect(ctlSocketPath('/tmp/x/wayland-1.ctl', {})).toBe('/tmp/x/wayland-1.ctl');
    expect(ctlSocketPath('/tmp/x/wayland-1', {})).toBe('/tmp/x/wayland-1.ctl');
    expect(ctlSocketPath(undefined, { WAYLAND_DISPLAY: '/tmp/w' })).toBe('/tmp/w.ctl');
  });
  it('needs XDG_RUNTIME_DIR for plain names', () => {
    expect(() => ctlSocketPath('wayland-1', {})).toThrow(/XDG_RUNTIME_DIR is not set/);
  });
});

describe('formatResult', () => {
  it('prints nothing for done, strings as is, JSON for the rest', () => {
    expect(formatResult(undefined)).toBe('');
    expect(formatResult(null)).toBe('');
    expect(formatResult(true)).toBe('');
    expect(formatResult('hi')).toBe('hi\n');
    expect(formatResult('hi\n')).toBe('hi\n');
    expect(formatResult({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(formatResult(false)).toBe('false\n');
    expect(formatResult(3)).toBe('3\n');
  });
});

describe('runCtl', () => {
  let dir: string;
  let server: ControlServer;
  let out: string;
  let err: string;
  const target = {
    state: () => ({ clients: 0 }),
    pointerMove: () => {},
    extraCommands: () => ({ echo: (args: string[]) => args.join(' ') }),
  } as unknown as ControlTarget;
  const env = () => ({ XDG_RUNTIME_DIR: dir });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wayboard-test-'));
    server = await startControlServer(path.join(dir, 'wayland-5.ctl'), target);
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints results and exits 0', async () => {
    expect(await runCtl(['--socket', 'wayland-5', 'state'], env())).toBe(0);
    expect(out).toBe('{\n  "clients": 0\n}\n');
    out = '';
    expect(await runCtl(['--socket=wayland-5', 'pointer', 'move', '1', '2'], env())).toBe(0);
    expect(out).toBe('');
    const viaDisplay = { ...env(), WAYLAND_DISPLAY: 'wayland-5' };
    expect(await runCtl(['--', 'echo', '--not-an-option'], viaDisplay)).toBe(0);
    expect(out).toBe('--not-an-option\n');
    expect(err).toBe('');
  });

  it('prints command errors on stderr and exits 1', async () => {
    expect(await runCtl(['--socket', path.join(dir, 'wayland-5'), 'nope'], {})).toBe(1);
    expect(err).toBe('wayboard ctl: unknown command "nope" (try: wayboard ctl help)\n');
    expect(out).toBe('');
  });

  it('says when no compositor is there', async () => {
    expect(await runCtl(['--socket', 'wayland-6', 'state'], env())).toBe(1);
    expect(err).toBe(
      `wayboard ctl: no compositor at ${dir}/wayland-6.ctl (is wayboard running?)\n`,
    );
    err = '';
    expect(await runCtl(['state'], {})).toBe(1);
    expect(err).toMatch(/^wayboard ctl: XDG_RUNTIME_DIR is not set.*\n$/);
  });

  it('exits 2 on usage errors', async () => {
    expect(await runCtl([], env())).toBe(2);
    expect(err).toBe('usage: wayboard ctl [--socket NAME] COMMAND [ARGS...]\n');
    err = '';
    expect(await runCtl(['--bogus', 'state'], env())).toBe(2);
    expect(err).toMatch(/^wayboard ctl: unknown option --bogus \(usage: .*\)\n$/);
    err = '';
    expect(await runCtl(['--socket'], env())).toBe(2);
    expect(err).toMatch(/^wayboard ctl: option --socket needs a value/);
    expect(await runCtl(['--help'], env())).toBe(0);
    expect(out).toMatch(/^usage: wayboard ctl/);
  });
});
