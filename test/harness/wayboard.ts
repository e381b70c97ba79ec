// The integration-test harness: a real wayboard process on a private runtime dir, real
// clients from Debian, the control socket to drive and inspect it, screenshots to look at.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CtlConnection } from '../../src/control/client.js';
import { decodePng, type Image } from './png.js';
import { lineReader } from './processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let counter = 0;

export interface SurfaceInfo {
  id: number;
  pid: number;
  app_id: string | null;
  title: string | null;
  role: string;
  x: number;
  y: number;
  width: number;
  height: number;
  mapped: boolean;
}

export interface State {
  outputs: { name: string; x: number; y: number; width: number; height: number; refresh_mhz: number; repaints: number }[];
  surfaces: SurfaceInfo[];
  focus: { keyboard: number | null; pointer: number | null; touch: number | null };
  seats: {
    name: string;
    text_input: Record<string, unknown> | null;
    panel: { visible: boolean; x: number; y: number; width: number; height: number };
  }[];
}

export interface Client {
  process: ChildProcess;
  lines: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class Wayboard {
  readonly clients: Client[] = [];
  stderr = '';
  private constructor(
    readonly name: string,
    readonly runtimeDir: string,
    readonly process: ChildProcess,
    private readonly ctlConnection: CtlConnection,
  ) {}

  static async start(args: string[] = []): Promise<Wayboard> {
    const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-test-'));
    const name = `wayboard-test-${process.pid}-${++counter}`;
    const child = spawn(process.execPath, [path.join(root, 'bin/wayboard.js'), '--socket', name, ...args], {
      env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const errors = lineReader(child.stderr!);
    await errors.waitFor(new RegExp(`ready on ${name}`), 15000);
    const ctl = await CtlConnection.connect(path.join(runtimeDir, `${name}.ctl`));
    const wayboard = new Wayboard(name, runtimeDir, child, ctl);
    child.stderr!.on('data', (chunk: Buffer) => (wayboard.stderr += chunk.toString()));
    return wayboard;
  }

  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: this.runtimeDir, WAYLAND_DISPLAY: this.name, QT_QPA_PLATFORM: 'wayland', GDK_BACKEND: 'wayland' };
    delete env.DISPLAY;
    delete env.QT_IM_MODULE;
    return env;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  ctl(...argv: (string | number)[]): Promise<unknown> {
    return this.ctlConnection.request(argv.map(String));
  }

  async state(): Promise<State> {
    return (await this.ctl('state')) as State;
  }

  async screenshot(): Promise<Image> {
    const file = path.join(this.runtimeDir, `shot-${++counter}.png`);
    await this.ctl('screenshot', file);
    return decodePng(readFileSync(file));
  }

  async tap(x: number, y: number): Promise<void> {
    await this.ctl('tap', x, y);
  }

  /** a surface of this app_id once it is mapped */
  waitForSurface(appId: string | RegExp, timeoutMs = 15000): Promise<SurfaceInfo> {
    return waitFor(`a mapped surface of ${appId}`, async () => (await this.state()).surfaces.find((s) => s.mapped && s.app_id !== null && (typeof appId === 'string' ? s.app_id === appId : appId.test(s.app_id))), timeoutMs);
  }

  spawnClient(command: string, args: string[] = [], options: SpawnOptions = {}): Client {
    const child = spawn(command, args, { env: this.env, stdio: ['pipe', 'pipe', 'pipe'], ...options });
    // one view of stdout and stderr together (Qt's console.log goes to stderr)
    const lines: string[] = [];
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString()).split('\n');
        partial = parts.pop()!;
        lines.push(...parts);
      });
    }
    const client: Client = {
      process: child,
      lines,
      waitForLine: (pattern, timeoutMs = 10000) =>
        waitFor(`a line ${pattern} from ${command} (got: ${lines.slice(-5).join(' | ')})`, () => lines.find((l) => pattern.test(l)), timeoutMs),
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    this.clients.push(client);
    return client;
  }

  /** stop every client and the compositor; throws if the compositor had died meanwhile */
  async stop(): Promise<void> {
    const crashed = !this.alive ? `wayboard died (${this.process.exitCode ?? this.process.signalCode}):\n${this.stderr}` : null;
    for (const c of this.clients) if (c.process.exitCode === null) c.process.kill('SIGKILL');
    this.ctlConnection.close();
    if (this.alive) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    rmSync(this.runtimeDir, { recursive: true, force: true });
    if (crashed) throw new Error(crashed);
  }
}
