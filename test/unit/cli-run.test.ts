// The wayboard process lifecycle with a fake compositor: app env and exit codes, signals,
// cleanup, runtime dir. The real compositor is tested elsewhere.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appEnv } from '../../src/cli/app.js';
import { parseArgs, type RunArgs } from '../../src/cli/args.js';
import { runWayboard } from '../../src/cli/run.js';
import type { Compositor, CompositorOptions } from '../../src/compositor/compositor.js';
import { ConfigError } from '../../src/errors.js';

class FakeCompositor implements Compositor {
  destroyed = false;
  constructor(
    readonly socketName: string,
    readonly options: CompositorOptions,
  ) {}
  destroy() {
    this.destroyed = true;
  }
  state() {
    return { socket: this.socketName, outputs: this.options.outputs };
  }
  async screenshot() {}
  pointerMove() {}
  pointerButton() {}
  touchDown() {}
  touchMotion() {}
  touchUp() {}
  key() {}
}

let runtimeDir: string;
let savedRuntimeDir: string | undefined;
let logs: string[];
let compositor: FakeCompositor | undefined;

beforeEach(() => {
  savedRuntimeDir = process.env.XDG_RUNTIME_DIR;
  runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wayboard-test-'));
  process.env.XDG_RUNTIME_DIR = runtimeDir;
  logs = [];
  compositor = undefined;
});

afterEach(() => {
  if (savedRuntimeDir === undefined) delete process.env.XDG_RUNTIME_DIR;
  else process.env.XDG_RUNTIME_DIR = savedRuntimeDir;
  fs.rmSync(runtimeDir, { recursive: true, force: true });
});

function args(argv: string[]): RunArgs {
  const parsed = parseArgs(argv);
  if (parsed.kind !== 'run') throw new Error('not a run');
  return parsed;
}

function start(argv: string[], fail?: Error): Promise<number> {
  return runWayboard(args(argv), {
    startCompositor: (options) => {
      if (fail) throw fail;
      compositor = new FakeCompositor(options.socketName ?? 'wayland-1', options);
      return compositor;
    },
    log: (line) => logs.push(line),
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

/** our SIGINT/SIGTERM listener (vitest's own must not see a fake signal) */
function sendSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  const listener = process.listeners(signal).at(-1) as (s: NodeJS.Signals) => void;
  listener(signal);
}

const node = (script: string) => ['--', process.execPath, '-e', script];

describe('runWayboard', () => {
  it('runs the app with a Wayland env, answers ctl, exits with its code, cleans up', async () => {
    const envFile = path.join(runtimeDir, 'env.json');
    // the app asks the control socket for the state, then saves its env and that state
    const script = `
      const { ctlRequest } = await import(${JSON.stringify(path.resolve('src/control/client.ts'))});
      const ctl = process.env.XDG_RUNTIME_DIR + '/' + process.env.WAYLAND_DISPLAY + '.ctl';
      const state = await ctlRequest(ctl, ['state']);
      require('fs').writeFileSync(${JSON.stringify(envFile)}, JSON.stringify({ env: process.env, state }));
      process.exit(3);`;
    const code = await start([
      '--socket',
      'wayland-test',
      ...['--', process.execPath, '--import', 'tsx', '--input-type=commonjs'],
      '-e',
      `(async () => { ${script} })()`,
    ]);
    expect(code).toBe(3);
    const { env, state } = JSON.parse(fs.readFileSync(envFile, 'utf8'));
    expect(env.WAYLAND_DISPLAY).toBe('wayland-test');
    expect(env.XDG_RUNTIME_DIR).toBe(runtimeDir);
    expect(env.QT_QPA_PLATFORM).toBe('wayland');
    expect(env.GDK_BACKEND).toBe('wayland');
    expect(state.socket).toBe('wayland-test');
    expect(logs).toEqual(['ready on wayland-test']);
    expect(compositor!.destroyed).toBe(true);
    expect(fs.existsSync(path.join(runtimeDir, 'wayland-test.ctl'))).toBe(false);
  }, 20000);

  it('exits 128+signo when the app dies of a signal', async () => {
    expect(await start(['sh', '-c', 'kill -TERM $$'])).toBe(143);
    expect(await start(['sh', '-c', 'kill -KILL $$'])).toBe(137);
  });

  it('exits 127 when the app is not found, 126 when not executable', async () => {
    expect(await start(['/nonexistent/app', 'x'])).toBe(127);
    expect(logs).toEqual([
      'ready on wayland-1',
      'cannot run "/nonexistent/app": command not found',
    ]);
    expect(compositor!.destroyed).toBe(true);
    logs = [];
    const notExecutable = path.join(runtimeDir, 'app.sh');
    fs.writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    expect(await start([notExecutable])).toBe(126);
    expect(logs[1]).toBe(`cannot run "${notExecutable}": permission denied`);
  });

  it('forwards SIGTERM to the app and exits with its code', async () => {
    const marker = path.join(runtimeDir, 'app-ready');
    const script = `process.on('SIGTERM', () => process.exit(7));
      require('fs').writeFileSync(${JSON.stringify(marker)}, '');
      setInterval(() => {}, 1000);`;
    const running = start(node(script));
    await until(() => fs.existsSync(marker));
    sendSignal('SIGTERM');
    expect(await running).toBe(7);
    expect(compositor!.destroyed).toBe(true);
  });

  it('without an app, runs until SIGINT and exits 0', async () => {
    const running = start(['--output', '800x600@59.94']);
    await until(() => logs.includes('ready on wayland-1'));
    expect(fs.statSync(path.join(runtimeDir, 'wayland-1.ctl')).isSocket()).toBe(true);
    expect(compositor!.options.outputs).toEqual([{ width: 800, height: 600, refreshMhz: 59940 }]);
    sendSignal('SIGINT');
    expect(await running).toBe(0);
    expect(compositor!.destroyed).toBe(true);
    expect(fs.existsSync(path.join(runtimeDir, 'wayland-1.ctl'))).toBe(false);
  });

  it('creates and removes a private runtime dir when XDG_RUNTIME_DIR is unset', async () => {
    delete process.env.XDG_RUNTIME_DIR;
    const running = start([]);
    await until(() => logs.some((l) => l.startsWith('ready')));
    const dir = process.env.XDG_RUNTIME_DIR!;
    expect(logs).toEqual([`XDG_RUNTIME_DIR is not set; using ${dir}`, 'ready on wayland-1']);
    expect(dir.startsWith(path.join(os.tmpdir(), 'wayboard-'))).toBe(true);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    sendSignal('SIGTERM');
    expect(await running).toBe(0);
    expect(fs.existsSync(dir)).toBe(false);
    expect(process.env.XDG_RUNTIME_DIR).toBeUndefined();
  });

  it('exits 2 on a ConfigError, 1 on other startup errors, one line each', async () => {
    expect(await start([], new ConfigError('unknown layout "xx"'))).toBe(2);
    expect(await start([], new Error('socket wayland-1 is in use'))).toBe(1);
    expect(logs).toEqual(['unknown layout "xx"', 'socket wayland-1 is in use']);
  });

  it('exits 1 when the control socket is in use, destroying the compositor', async () => {
    const first = start(['--socket', 'w']);
    await until(() => logs.includes('ready on w'));
    const firstCompositor = compositor!;
    expect(await start(['--socket', 'w'])).toBe(1);
    expect(logs[1]).toMatch(/^control socket .*\/w\.ctl is in use/);
    expect(compositor!.destroyed).toBe(true);
    expect(firstCompositor.destroyed).toBe(false);
    sendSignal('SIGTERM');
    expect(await first).toBe(0);
  });
});

describe('appEnv', () => {
  it('points toolkits at Wayland and drops DISPLAY', () => {
    const env = appEnv({ DISPLAY: ':0', HOME: '/h', GDK_BACKEND: 'x11' }, 'wayland-2', '/run/x');
    expect(env).toEqual({
      HOME: '/h',
      WAYLAND_DISPLAY: 'wayland-2',
      XDG_RUNTIME_DIR: '/run/x',
      QT_QPA_PLATFORM: 'wayland',
      GDK_BACKEND: 'wayland',
    });
  });
});
