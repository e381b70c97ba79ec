// The kiosk app: started as our one client, its exit code becomes ours (like cage does).
import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';

/** The app's environment: point every toolkit at our Wayland socket, and never at X11. */
export function appEnv(
  base: NodeJS.ProcessEnv,
  socketName: string,
  runtimeDir: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    WAYLAND_DISPLAY: socketName,
    XDG_RUNTIME_DIR: runtimeDir,
    QT_QPA_PLATFORM: 'wayland',
    GDK_BACKEND: 'wayland',
  };
  // with DISPLAY set, toolkits may pick an X server instead of us
  delete env.DISPLAY;
  return env;
}

/** How the app ended, as a process exit code; `message` is set when it could not start. */
export interface AppOutcome {
  code: number;
  message?: string;
}

/** 128 + signal number, the shell convention for "killed by a signal" */
export function signalExitCode(signal: NodeJS.Signals): number {
  const signo = os.constants.signals[signal] as number | undefined;
  return 128 + (signo ?? 0);
}

export interface RunningApp {
  readonly child: ChildProcess;
  /** resolves once, when the app has exited or failed to start */
  readonly outcome: Promise<AppOutcome>;
}

export function spawnApp(argv: readonly string[], env: NodeJS.ProcessEnv): RunningApp {
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, { stdio: 'inherit', env });
  const outcome = new Promise<AppOutcome>((resolve) => {
    let started = false;
    child.once('spawn', () => (started = true));
    // 'on', not 'once': a later error (a failed kill) must not become an uncaught 'error'
    // event; only an error before 'spawn' means the app could not start
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (started) return;
      const why =
        err.code === 'ENOENT'
          ? 'command not found'
          : err.code === 'EACCES'
            ? 'permission denied'
            : err.message;
      // shell convention: 127 = not found, 126 = found but not executable
      resolve({
        code: err.code === 'ENOENT' ? 127 : 126,
        message: `cannot run "${command}": ${why}`,
      });
    });
    child.once('exit', (code, signal) => {
      resolve({ code: signal ? signalExitCode(signal) : (code ?? 0) });
    });
  });
  return { child, outcome };
}
