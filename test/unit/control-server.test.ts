// Unit test of the control server and its command parser, with a fake ControlTarget that
// records calls (the real compositor is tested elsewhere).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CtlConnection, CtlError, ctlRequest } from '../../src/control/client.js';
import { startControlServer, type ControlServer } from '../../src/control/server.js';
import type { ControlTarget } from '../../src/control/target.js';

class FakeTarget implements ControlTarget {
  calls: unknown[][] = [];
  extra: Record<string, (args: string[]) => unknown> = {};
  state() {
    this.calls.push(['state']);
    return { outputs: [{ name: 'HEADLESS-1' }] };
  }
  async screenshot(file: string, outputName?: string) {
    await new Promise((r) => setTimeout(r, 20));
    this.calls.push(['screenshot', file, outputName]);
  }
  pointerMove(x: number, y: number) {
    this.calls.push(['pointerMove', x, y]);
  }
  pointerButton(button: string, pressed: boolean) {
    this.calls.push(['pointerButton', button, pressed]);
  }
  // async like a compositor that waits for a frame: replies and the next call must wait too
  async touchDown(id: number, x: number, y: number) {
    await new Promise((r) => setTimeout(r, 1));
    this.calls.push(['touchDown', id, x, y]);
  }
  touchMotion(id: number, x: number, y: number) {
    this.calls.push(['touchMotion', id, x, y]);
  }
  touchUp(id: number) {
    this.calls.push(['touchUp', id]);
  }
  async key(name: string, pressed: boolean) {
    if (name === 'NoSuchKey') throw new Error('unknown key "NoSuchKey"');
    await new Promise((r) => setTimeout(r, pressed ? 5 : 0));
    this.calls.push(['key', name, pressed]);
  }
  extraCommands() {
    return this.extra;
  }
}

let dir: string;
let socketPath: string;
let target: FakeTarget;
let server: ControlServer;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wayboard-test-'));
  socketPath = path.join(dir, 'wayland-9.ctl');
  target = new FakeTarget();
  server = await startControlServer(socketPath, target);
});

afterEach(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ctl = (...argv: string[]) => ctlRequest(socketPath, argv, '/home/kiosk');

async function ctlError(...argv: string[]): Promise<string> {
  const err = await ctl(...argv).then(
    () => {
      throw new Error('expected an error');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CtlError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

/** raw protocol: send lines, read n reply lines */
function raw(lines: string, replies: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let data = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      data += chunk.toString();
      const got = data.split('\n').filter((l) => l !== '');
      if (got.length >= replies) {
        socket.destroy();
        resolve(got.map((l) => JSON.parse(l)));
      }
    });
    socket.write(lines);
  });
}

describe('control server', () => {
  it('creates the socket with mode 0600 and removes it on close', async () => {
    expect(fs.statSync(socketPath).isSocket()).toBe(true);
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
    await server.close();
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('maps argv to target calls', async () => {
    expect(await ctl('state')).toEqual({ outputs: [{ name: 'HEADLESS-1' }] });
    expect(await ctl('pointer', 'move', '10', '20.5')).toBeNull();
    await ctl('pointer', 'button', 'left', 'press');
    await ctl('pointer', 'button', 'middle', 'release');
    await ctl('touch', 'down', '3', '-5', '7');
    await ctl('touch', 'motion', '3', '8', '9');
    await ctl('touch', 'up', '3');
    await ctl('key', 'Return', 'press');
    await ctl('key', '30', 'release');
    await ctl('key', 'a');
    await ctl('tap', '100', '200');
    expect(target.calls).toEqual([
      ['state'],
      ['pointerMove', 10, 20.5],
      ['pointerButton', 'left', true],
      ['pointerButton', 'middle', false],
      ['touchDown', 3, -5, 7],
      ['touchMotion', 3, 8, 9],
      ['touchUp', 3],
      ['key', 'Return', true],
      ['key', '30', false],
      ['key', 'a', true],
      ['key', 'a', false],
      ['touchDown', 99, 100, 200],
      ['touchUp', 99],
    ]);
  });

  it('resolves screenshot files against the client cwd, and waits for the promise', async () => {
    expect(await ctl('screenshot', 'shot.png')).toEqual({ file: '/home/kiosk/shot.png' });
    expect(await ctl('screenshot', '--output', 'HEADLESS-2', '/tmp/a.png')).toEqual({
      file: '/tmp/a.png',
    });
    await ctl('screenshot', 'b.png', '--output=X');
    expect(target.calls).toEqual([
      ['screenshot', '/home/kiosk/shot.png', undefined],
      ['screenshot', '/tmp/a.png', 'HEADLESS-2'],
      ['screenshot', '/home/kiosk/b.png', 'X'],
    ]);
    expect(await ctlError('screenshot')).toBe('usage: screenshot FILE.png [--output NAME]');
    expect(await ctlError('screenshot', 'a.png', '--output')).toMatch(/^usage: screenshot/);
    expect(await ctlError('screenshot', 'a.png', 'b.png')).toMatch(/^usage: screenshot/);
  });

  it('validates argument counts and numbers', async () => {
    expect(await ctlError('touch', 'down', '1', '2')).toBe('usage: touch down ID X Y');
    expect(await ctlError('touch', 'up')).toBe('usage: touch up ID');
    expect(await ctlError('tap', '1', '2', '3')).toBe('usage: tap X Y');
    expect(await ctlError('state', 'x')).toBe('usage: state');
    expect(await ctlError('key')).toBe('usage: key NAME [press|release]');
    expect(await ctlError('pointer', 'move', 'abc', '1')).toBe(
      'X must be a number, got "abc" (usage: pointer move X Y)',
    );
    expect(await ctlError('pointer', 'move', '1', '')).toMatch(/^Y must be a number, got ""/);
    expect(await ctlError('pointer', 'move', '1e3', '1')).toMatch(/^X must be a number/);
    expect(await ctlError('touch', 'down', '-1', '2', '3')).toMatch(/^ID must be an integer/);
    expect(await ctlError('touch', 'down', '1.5', '2', '3')).toMatch(/^ID must be an integer/);
    expect(await ctlError('touch', 'up', '99999999999')).toMatch(/^ID must be an integer/);
    expect(await ctlError('pointer', 'button', 'side', 'press')).toMatch(/^unknown button "side"/);
    expect(await ctlError('pointer', 'button', 'left', 'down')).toMatch(
      /^expected press or release, got "down"/,
    );
    expect(await ctlError('key', 'a', 'down')).toMatch(/^expected press or release/);
    expect(await ctlError('pointer')).toBe(
      'usage: pointer move X Y | pointer button left|right|middle press|release',
    );
    expect(await ctlError('touch', 'sideways')).toMatch(/^usage: touch down ID X Y \| /);
    expect(target.calls).toEqual([]);
  });

  it('reports unknown commands and target exceptions as errors', async () => {
    expect(await ctlError('foo')).toBe('unknown command "foo" (try: wayboard ctl help)');
    expect(await ctlError('toString')).toMatch(/^unknown command "toString"/);
    expect(await ctlError()).toMatch(/^no command/);
    expect(await ctlError('pointer move', '1', '2')).toMatch(/^unknown command "pointer move"/);
    expect(await ctlError('key', 'NoSuchKey')).toBe('unknown key "NoSuchKey"');
  });

  it('runs extraCommands and lists them in help', async () => {
    target.extra = {
      type: (args) => ({ typed: args.join(' ') }),
      keys: async () => {
        await new Promise((r) => setTimeout(r, 5));
        return 'q w e';
      },
      fail: () => {
        throw new Error('it\nbroke');
      },
    };
    expect(await ctl('type', 'hello', 'world')).toEqual({ typed: 'hello world' });
    expect(await ctl('keys')).toBe('q w e');
    expect(await ctlError('fail')).toBe('it broke');
    const help = (await ctl('help')) as string;
    expect(help).toMatch(/touch down ID X Y/);
    expect(help).toMatch(/more: fail, keys, type/);
  });

  it('survives bad JSON and bad requests on the same connection', async () => {
    const replies = await raw(
      'not json\n[1]\n{"argv":"state"}\n{"argv":["state"],"cwd":"rel"}\n\n{"argv":["state"]}\n',
      5,
    );
    expect(replies.slice(0, 4)).toEqual([
      { ok: false, error: 'bad request: not a JSON object' },
      { ok: false, error: 'bad request: not a JSON object' },
      { ok: false, error: 'bad request: "argv" must be an array of strings' },
      { ok: false, error: 'bad request: "cwd" must be an absolute path' },
    ]);
    expect(replies[4]).toEqual({ ok: true, result: { outputs: [{ name: 'HEADLESS-1' }] } });
    expect(await ctl('state')).toBeDefined();
  });

  it('survives a client that disconnects mid-request', async () => {
    const socket = net.connect(socketPath);
    await new Promise((r) => socket.once('connect', r));
    socket.write('{"argv":["screenshot","x.png"]}\n{"argv":["tap","1"');
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(await ctl('state')).toBeDefined();
  });

  it('answers a client that half-closes after its request', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ path: socketPath, allowHalfOpen: true });
      let data = '';
      socket.on('data', (c) => (data += c.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.end('{"argv":["screenshot","/a.png"]}\n');
    });
    expect(JSON.parse(reply)).toEqual({ ok: true, result: { file: '/a.png' } });
  });

  it('says when a command began to run only when asked (timing), on the monotonic clock', async () => {
    const connection = await CtlConnection.connect(socketPath);
    const before = process.hrtime.bigint();
    const { result, startedNs } = await connection.timedRequest(['touch', 'up', '3']);
    expect(result).toBeNull();
    expect(startedNs).toBeGreaterThanOrEqual(before);
    expect(startedNs).toBeLessThanOrEqual(process.hrtime.bigint());
    connection.close();
  });

  it('handles pipelined requests strictly in order, each after the previous resolved', async () => {
    const connection = await CtlConnection.connect(socketPath);
    const results = await Promise.all([
      connection.request(['screenshot', '/1.png']), // async: takes 20 ms
      connection.request(['tap', '1', '1']),
      connection.request(['screenshot', '/2.png']),
      connection.request(['key', 'a', 'press']),
    ]);
    connection.close();
    expect(results).toEqual([{ file: '/1.png' }, null, { file: '/2.png' }, null]);
    expect(target.calls.map((c) => c[0])).toEqual([
      'screenshot',
      'touchDown',
      'touchUp',
      'screenshot',
      'key',
    ]);
  });

  it('CtlConnection sends many requests in order', async () => {
    const connection = await CtlConnection.connect(socketPath);
    const pending = [];
    for (let i = 0; i < 500; i++) pending.push(connection.request(['tap', String(i), '0']));
    await Promise.all(pending);
    for (let i = 0; i < 500; i++) await connection.request(['touch', 'up', String(i)]);
    await expect(connection.request(['bogus'])).rejects.toThrow(CtlError);
    expect(await connection.request(['state'])).toBeDefined(); // still usable after an error
    connection.close();
    await expect(connection.request(['state'])).rejects.toThrow('connection closed');
    const downs = target.calls.filter((c) => c[0] === 'touchDown').map((c) => c[2]);
    expect(downs).toEqual(Array.from({ length: 500 }, (_, i) => i));
    const ups = target.calls.filter((c) => c[0] === 'touchUp').map((c) => c[1]);
    expect(ups.slice(500)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('rejects pending requests when the server closes', async () => {
    const connection = await CtlConnection.connect(socketPath);
    const request = connection.request(['screenshot', '/slow.png']);
    await new Promise((r) => setTimeout(r, 5));
    await server.close();
    await expect(request).rejects.toThrow(/closed the connection/);
  });
});

describe('control socket file', () => {
  it('replaces a stale socket of a dead process', async () => {
    const stale = path.join(dir, 'stale.ctl');
    // a socket file nobody listens on: a child binds it and dies without cleaning up
    const script = `require('net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script, stale], { stdio: 'ignore' });
    expect(fs.statSync(stale).isSocket()).toBe(true);
    const second = await startControlServer(stale, target);
    expect(await ctlRequest(stale, ['state'])).toBeDefined();
    await second.close();
  });

  it('refuses a socket that is in use', async () => {
    await expect(startControlServer(socketPath, target)).rejects.toThrow(
      `control socket ${socketPath} is in use (is another wayboard running?)`,
    );
    expect(await ctl('state')).toBeDefined(); // the first server still works
  });

  it('never removes a file that is not a socket', async () => {
    const file = path.join(dir, 'file.ctl');
    fs.writeFileSync(file, 'precious');
    await expect(startControlServer(file, target)).rejects.toThrow(/a file of that name exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('precious');
  });
});
