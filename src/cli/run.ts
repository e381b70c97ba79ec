// The life of a `wayboard` process: runtime dir, compositor, control socket, the app, and a
// clean shutdown (sockets and our runtime dir removed) however it ends.
import * as path from 'node:path';
import type { Compositor } from '../compositor/compositor.js';
import type { SessionOptions } from '../session/start.js';
import { ConfigError } from '../errors.js';
import { oneLine } from '../control/protocol.js';
import { startControlServer, type ControlServer } from '../control/server.js';
import type { RunArgs } from './args.js';
import { appEnv, spawnApp, type RunningApp } from './app.js';
import { ensureRuntimeDir } from './runtime-dir.js';

export interface RunDeps {
  /** injected so tests can run the lifecycle with a fake compositor */
  startCompositor(options: SessionOptions): Compositor;
  /** one line for stderr; the caller adds the "wayboard: " prefix */
  log(line: string): void;
}

/** SIGHUP too: a closed terminal or ssh session should shut down as cleanly as Ctrl-C */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** What the signal handler and the run share. */
interface Session {
  /** the running app: signals are forwarded to it */
  app?: RunningApp;
  /** a signal came before there was an app (or without one, or between two runs of it) */
  stopRequested: boolean;
  /** a signal was forwarded to the app: its exit is the end, not a reason to restart it */
  signalled?: boolean;
  stopped: Promise<void>;
  /** resolves `stopped` */
  stop(): void;
  /** the backend's display went away (the nested window was closed): why */
  quitReason?: string;
}

/** how long an app may take to exit once its display is gone */
const APP_EXIT_GRACE_MS = 3000;

/** --restart-app: a run this long resets the back-off */
const STABLE_RUN_MS = 30000;

/** --restart-app's back-off: 1 s after the first quick failure, doubling up to 30 s */
export function restartPause(quickFailures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, quickFailures - 1), 30000);
}

/** Run until the app exits (its exit code) or, without an app, until a signal (0).
 *  Startup failures: 2 for a ConfigError, 1 otherwise; 127/126 if the app cannot start. */
export async function runWayboard(args: RunArgs, deps: RunDeps): Promise<number> {
  let wake = (): void => {};
  const session: Session = {
    stopRequested: false,
    stopped: new Promise<void>((resolve) => (wake = resolve)),
    stop: () => wake(),
  };
  // installed first, so that a Ctrl-C during startup still ends in a clean shutdown
  const onSignal = (signal: NodeJS.Signals): void => {
    // with an app, the app decides: we end when it does (and it may ignore the signal)
    if (session.app) {
      session.signalled = true;
      session.app.child.kill(signal);
    } else {
      session.stopRequested = true;
      wake();
    }
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    return await run(args, deps, session);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

async function run(
  args: RunArgs,
  { startCompositor, log }: RunDeps,
  session: Session,
): Promise<number> {
  let runtime;
  try {
    runtime = ensureRuntimeDir(log);
  } catch (err) {
    log(`cannot create a runtime directory: ${oneLine(err)}`);
    return 1;
  }
  let compositor: Compositor | undefined;
  let server: ControlServer | undefined;
  try {
    try {
      compositor = startCompositor({
        backend: args.backend,
        outputs: args.outputs,
        socketName: args.socketName,
        layout: args.layout,
        configFile: args.configFile,
        learning: args.learning,
        inputMethod: args.inputMethod,
        trustedClients: args.trustedClients,
      });
    } catch (err) {
      log(oneLine(err));
      return err instanceof ConfigError ? 2 : 1;
    }
    if (args.backendNotice) log(args.backendNotice);
    compositor.onQuit?.((reason) => {
      // the window is gone: the session ends cleanly, the app with it
      if (session.quitReason !== undefined) return;
      session.quitReason = reason;
      log(reason);
      session.stopRequested = true;
      session.app?.child.kill('SIGTERM');
      session.stop();
    });
    const socketName = compositor.socketName;
    try {
      server = await startControlServer(path.join(runtime.dir, `${socketName}.ctl`), compositor);
    } catch (err) {
      log(oneLine(err));
      return 1;
    }
    // both sockets listen now: scripts wait for this line before connecting
    log(`ready on ${socketName}`);

    if (args.app.length === 0 || session.stopRequested) {
      await session.stopped;
      return 0;
    }
    const env = appEnv(process.env, socketName, runtime.dir);
    for (let quickFailures = 0; ;) {
      const startedAt = Date.now();
      session.app = spawnApp(args.app, env);
      const ended = await Promise.race([
        session.app.outcome,
        session.stopped.then(() => new Promise<void>((r) => setTimeout(r, APP_EXIT_GRACE_MS))),
      ]);
      session.app = undefined;
      if (session.quitReason !== undefined || !ended) return 0;
      if (ended.message) log(ended.message);
      // an app that cannot start (127/126) will not start next time either
      if (!args.restartApp || ended.code === 0 || ended.message || session.signalled) {
        return ended.code;
      }
      quickFailures = Date.now() - startedAt < STABLE_RUN_MS ? quickFailures + 1 : 1;
      const pause = restartPause(quickFailures);
      log(`the app exited with status ${ended.code}; restarting it in ${pause / 1000} s`);
      let timer: NodeJS.Timeout | undefined;
      const resumed = await Promise.race([
        session.stopped.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), pause))),
      ]);
      clearTimeout(timer);
      // a signal (the app's last status) or the display's end (0) during the pause
      if (!resumed) return session.quitReason !== undefined ? 0 : ended.code;
    }
  } finally {
    // each step on its own: one failing must not leave the others' files behind
    await server
      ?.close()
      .catch((err: unknown) => log(`closing the control socket: ${oneLine(err)}`));
    try {
      compositor?.destroy();
    } catch (err) {
      log(`destroying the compositor: ${oneLine(err)}`);
    }
    try {
      runtime.cleanup();
    } catch (err) {
      log(`removing ${runtime.dir}: ${oneLine(err)}`);
    }
  }
}
