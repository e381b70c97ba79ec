// Runs an external on-screen keyboard (squeekboard, wvkbd) for `--input-method CMD`: wayboard
// starts it on a socketpair of its own (WAYLAND_SOCKET), so that client is known and trusted
// with the privileged globals; restarts it when it dies, with a growing pause; and after
// repeated deaths gives up and lets the built-in keyboard take over.
import { spawn, type ChildProcess } from 'node:child_process';
import { native } from '../native.js';

/** deaths within this window count towards giving up */
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES = 5;
const FIRST_PAUSE_MS = 250;
const MAX_PAUSE_MS = 8_000;

export interface LauncherDeps {
  /** makes a wl_client of our end of the socketpair (it is then "handed over") for the
   *  program with this pid */
  createClient(fd: number, pid: number | undefined): void;
  /** the Wayland socket name, for toolkits that also want WAYLAND_DISPLAY */
  socketName: string;
  log(line: string): void;
  /** the program died too often: the built-in keyboard should serve from now on */
  gaveUp(): void;
}

export class InputMethodLauncher {
  private child: ChildProcess | null = null;
  private deaths: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** times the program was started (tests and `ctl state` read it) */
  starts = 0;

  constructor(
    private readonly argv: string[],
    private readonly deps: LauncherDeps,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): void {
    if (this.stopped) return;
    const [ours, theirs] = native.socketPair();
    const child = spawn(this.argv[0], this.argv.slice(1), {
      // fd 3 in the child is its end of the pair
      stdio: ['ignore', 'inherit', 'inherit', theirs],
      env: { ...process.env, WAYLAND_SOCKET: '3', WAYLAND_DISPLAY: this.deps.socketName },
    });
    native.closeFd(theirs); // the child holds its own copy now
    this.deps.createClient(ours, child.pid);
    this.child = child;
    this.starts++;
    child.on('error', (err) => this.deps.log(`input method ${this.argv[0]}: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.died(code, signal);
    });
  }

  private died(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = null;
    if (this.stopped) return;
    const now = Date.now();
    this.deaths = [...this.deaths.filter((t) => now - t < CRASH_WINDOW_MS), now];
    const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
    if (this.deaths.length >= MAX_CRASHES) {
      this.deps.log(
        `input method ${this.argv[0]} ${how}, ${MAX_CRASHES} times within a minute: ` +
          'the built-in keyboard takes over',
      );
      this.stopped = true;
      this.deps.gaveUp();
      return;
    }
    const pause = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (this.deaths.length - 1));
    this.deps.log(`input method ${this.argv[0]} ${how}; restarting it in ${pause} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, pause);
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.child?.kill('SIGTERM');
    this.child = null;
  }
}
