// The integration-test harness: a real wayboard process on a private runtime dir, real
// clients from Debian, the control socket to drive and inspect it, screenshots to look at.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CtlConnection } from '../../src/control/client.js';
import type { SurfaceState } from '../../src/compositor/state.js';
import { decodePng, type Image } from './png.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let counter = 0;
/** multiplies the harness's waits; tools/arm64/run-tests.sh sets it for the emulated runs */
export const timeoutScale = Number(process.env.WAYBOARD_TIMEOUT_SCALE) || 1;

/** one entry of `state.surfaces`, as the compositor describes it */
export type SurfaceInfo = SurfaceState;

/** `state.handles`: what the compositor process holds (leak checks) */
export interface Handles {
  rss_kb: number;
  fds: number;
  clients: number;
  resources: number;
  images: number;
  surfaces: number;
}

export interface State {
  handles: Handles;
  outputs: {
    name: string;
    x: number;
    y: number;
    width: number;
    height: number;
    refresh_mhz: number;
    repaints: number;
  }[];
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

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10000,
): Promise<T> {
  const end = Date.now() + timeoutMs * timeoutScale;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class Wayboard {
  readonly clients: Client[] = [];
  private constructor(
    readonly name: string,
    readonly runtimeDir: string,
    readonly process: ChildProcess,
    private readonly ctlConnection: CtlConnection,
    private readonly log: { stderr: string },
  ) {}

  /** everything the compositor wrote to stderr so far */
  get stderr(): string {
    return this.log.stderr;
  }

  /** wayboard --socket NAME ...args on a fresh 0700 runtime dir, once it says it is ready;
   *  nodeFlags go to node itself (V8 flags such as --heap-growing-percent, for the soak) */
  static async start(
    args: string[] = [],
    nodeFlags: string[] = [],
    env: NodeJS.ProcessEnv = {},
  ): Promise<Wayboard> {
    const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-test-'));
    const name = `wayboard-test-${process.pid}-${++counter}`;
    // a compositor the tests run is headless unless a test nests it: the session's own
    // WAYLAND_DISPLAY (a desktop running the tests) must not make it a nested window
    const inherited = { ...process.env };
    delete inherited.WAYLAND_DISPLAY;
    delete inherited.WAYLAND_SOCKET;
    const child = spawn(
      process.execPath,
      [...nodeFlags, path.join(root, 'bin/wayboard.js'), '--socket', name, ...args],
      {
        env: { ...inherited, ...env, XDG_RUNTIME_DIR: runtimeDir },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const log = { stderr: '' };
    child.stderr!.on('data', (chunk: Buffer) => (log.stderr += chunk.toString()));
    starting.add(child);
    try {
      // the ready line, or the reason there is none: an early exit or a timeout
      await new Promise<void>((resolve, reject) => {
        const fail = (why: string) =>
          reject(new Error(`wayboard ${args.join(' ')}: ${why}; its stderr:\n${log.stderr}`));
        const timer = setTimeout(
          () => fail(`no ready line within ${15 * timeoutScale} s`),
          15000 * timeoutScale,
        );
        child.once('exit', (code, signal) =>
          fail(`exited (${code ?? signal}) before it was ready`),
        );
        child.stderr!.on('data', () => {
          if (log.stderr.includes(`wayboard: ready on ${name}\n`)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const ctl = await CtlConnection.connect(path.join(runtimeDir, `${name}.ctl`));
      const wayboard = new Wayboard(name, runtimeDir, child, ctl, log);
      running.add(wayboard);
      return wayboard;
    } catch (err) {
      child.kill('SIGKILL');
      rmSync(runtimeDir, { recursive: true, force: true });
      throw err;
    } finally {
      starting.delete(child);
    }
  }

  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_RUNTIME_DIR: this.runtimeDir,
      WAYLAND_DISPLAY: this.name,
      QT_QPA_PLATFORM: 'wayland',
      GDK_BACKEND: 'wayland',
    };
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
    return waitFor(
      `a mapped surface of ${appId}`,
      async () =>
        (await this.state()).surfaces.find(
          (s) =>
            s.mapped &&
            s.app_id !== null &&
            (typeof appId === 'string' ? s.app_id === appId : appId.test(s.app_id)),
        ),
      timeoutMs,
    );
  }

  spawnClient(command: string, args: string[] = [], options: SpawnOptions = {}): Client {
    const child = spawn(command, args, {
      env: this.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...options,
    });
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
        waitFor(
          `a line ${pattern} from ${command} (got: ${lines.slice(-5).join(' | ')})`,
          () => lines.find((l) => pattern.test(l)),
          timeoutMs,
        ),
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    this.clients.push(client);
    return client;
  }

  /**
   * Stops every client, then the compositor with SIGTERM. Throws if the compositor had died
   * meanwhile, or if it does not exit 0 within 5 s and remove its sockets, as the CLI promises.
   */
  async stop(): Promise<void> {
    running.delete(this);
    const problems: string[] = [];
    if (!this.alive)
      problems.push(`wayboard died (${this.process.exitCode ?? this.process.signalCode})`);
    for (const c of this.clients)
      if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
    this.ctlConnection.close();
    if (this.alive) {
      const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
      this.process.kill('SIGTERM');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      if (this.process.exitCode !== 0)
        problems.push(
          `wayboard ended with ${this.process.exitCode ?? this.process.signalCode} on SIGTERM`,
        );
      const left = ['', '.ctl']
        .map((suffix) => this.name + suffix)
        .filter((f) => existsSync(path.join(this.runtimeDir, f)));
      if (left.length > 0) problems.push(`wayboard left its sockets behind: ${left.join(', ')}`);
    }
    rmSync(this.runtimeDir, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(`${problems.join('; ')}; its stderr:\n${this.stderr}`);
  }
}

// Compositors a test file left running (a failed beforeAll, a forgotten stop): the setup
// file test/harness/setup.ts kills them after each file so none outlives its test file.
const running = new Set<Wayboard>();
const starting = new Set<ChildProcess>();

export function killLeftovers(): void {
  for (const child of starting) child.kill('SIGKILL');
  for (const wayboard of running) {
    for (const c of wayboard.clients) if (c.process.exitCode === null) c.process.kill('SIGKILL');
    wayboard.process.kill('SIGKILL');
    rmSync(wayboard.runtimeDir, { recursive: true, force: true });
  }
  running.clear();
}
