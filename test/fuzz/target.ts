// The compositor under test: a fresh headless wayboard on a private runtime dir (the test
// harness's), optionally with a bystander — weston-simple-shm, a real client that must keep
// getting frames while others misbehave — and the probes the watchdog uses.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Wayboard } from '../harness/wayboard.js';

export const BYSTANDER_APP_ID = 'org.freedesktop.weston.simple-shm';

/** how wayboard logs an exception it caught at the seam (the client got an error instead) */
const INTERNAL_ERROR = /^wayboard: (.*(?:threw|internal error|exception).*)$/gm;

export type Probe =
  | { ok: true; repaints: number; bystanderListed: boolean }
  | { ok: false; kind: 'crash' | 'hang'; detail: string };

export class FuzzTarget {
  /** frame callbacks the bystander received (counted from its WAYLAND_DEBUG log) */
  bystanderFrames = 0;
  private bystander: ChildProcess | null = null;

  private constructor(readonly wayboard: Wayboard) {}

  static async start(options: { bystander: boolean }): Promise<FuzzTarget> {
    const target = new FuzzTarget(await Wayboard.start(['--backend', 'headless']));
    if (options.bystander) {
      try {
        await target.startBystander();
      } catch (err) {
        await target.stop();
        throw err;
      }
    }
    return target;
  }

  get socketPath(): string {
    return path.join(this.wayboard.runtimeDir, this.wayboard.name);
  }

  get fdsPath(): string {
    return `${this.socketPath}.fds`;
  }

  get alive(): boolean {
    return this.wayboard.alive;
  }

  get stderr(): string {
    return this.wayboard.stderr;
  }

  /** the internal errors wayboard logged after stderr offset `from`: first lines only */
  internalErrors(from = 0): string[] {
    return [...this.stderr.slice(from).matchAll(INTERNAL_ERROR)].map((m) => m[1]!);
  }

  /** how the compositor died, for reports */
  get exitStatus(): string {
    const p = this.wayboard.process;
    return p.signalCode ?? `exit code ${p.exitCode}`;
  }

  get bystanderRunning(): boolean {
    return !!this.bystander && this.bystander.exitCode === null && !this.bystander.signalCode;
  }

  /** resolves true once the compositor process has exited, false after `timeoutMs` */
  async exited(timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (this.alive && Date.now() < end) await sleep(20);
    return !this.alive;
  }

  /** `ctl state` must answer within `timeoutMs`; a dead process is a crash, silence a hang */
  async probe(timeoutMs = 1000): Promise<Probe> {
    if (!this.alive)
      return { ok: false, kind: 'crash', detail: `wayboard died (${this.exitStatus})` };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const state = await Promise.race([this.wayboard.state(), timeout]);
      if (state === 'timeout') {
        if (!this.alive)
          return { ok: false, kind: 'crash', detail: `wayboard died (${this.exitStatus})` };
        return { ok: false, kind: 'hang', detail: `ctl state: no answer within ${timeoutMs} ms` };
      }
      return {
        ok: true,
        repaints: state.outputs.reduce((sum, o) => sum + o.repaints, 0),
        bystanderListed: state.surfaces.some((s) => s.app_id === BYSTANDER_APP_ID && s.mapped),
      };
    } catch (err) {
      if (await this.exited(1000))
        return { ok: false, kind: 'crash', detail: `wayboard died (${this.exitStatus})` };
      return { ok: false, kind: 'hang', detail: `ctl state failed: ${(err as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL at once (a hung compositor would make stop() wait 5 s for SIGTERM) */
  async kill(): Promise<void> {
    this.wayboard.process.kill('SIGKILL');
    await this.exited(5000);
    await this.stop();
  }

  /** Stops the bystander, then the compositor; returns what went wrong on the way (a
   *  compositor that died, or did not exit 0 on SIGTERM: teardown bugs show here), or null. */
  async stop(): Promise<string | null> {
    if (this.bystanderRunning) this.bystander!.kill('SIGKILL');
    try {
      await this.wayboard.stop();
      return null;
    } catch (err) {
      return (err as Error).message.split('\n')[0]!;
    }
  }

  private async startBystander(): Promise<void> {
    // WAYLAND_DEBUG makes libwayland log every event it receives: frames are countable
    const child = spawn('weston-simple-shm', [], {
      env: { ...this.wayboard.env, WAYLAND_DEBUG: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.bystander = child;
    let partial = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines)
        if (/ wl_callback[@#]\d+\.done\(/.test(line)) this.bystanderFrames++;
    });
    await this.wayboard.waitForSurface(BYSTANDER_APP_ID);
  }
}
