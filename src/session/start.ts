// The composition root: the compositor core, and the input method that serves its text
// fields: the built-in keyboard, or an external keyboard client over input-method-v2 (one
// wayboard starts with --input-method CMD, or one started elsewhere and trusted by path).
// Nothing below this file reaches up to it.
import { realpathSync } from 'node:fs';
import { Wayboard, type Compositor, type CompositorOptions } from '../compositor/compositor.js';
import type { Client } from '../compositor/wayland/resource.js';
import { attachKeyboard } from './builtin-keyboard.js';
import { InputMethodLauncher } from './input-method-launcher.js';

export type { Compositor };

/** builtin: wayboard's own keyboard; external: a keyboard client started elsewhere;
 *  command: a keyboard program wayboard runs (and restarts, and replaces if it keeps dying) */
export type InputMethodChoice =
  { kind: 'builtin' } | { kind: 'external' } | { kind: 'command'; argv: string[] };

export interface SessionOptions extends CompositorOptions {
  inputMethod?: InputMethodChoice;
  /** executables (absolute paths) whose clients may use the privileged globals */
  trustedClients?: string[];
}

export function startCompositor(options: SessionOptions): Compositor {
  const wayboard = new Wayboard(options);
  const trusted = trustPolicy(options.trustedClients ?? []);
  void trusted; // the input-method, virtual-keyboard and layer-shell globals take it
  const choice = options.inputMethod ?? { kind: 'builtin' };
  let launcher: InputMethodLauncher | null = null;
  if (choice.kind === 'builtin') attachKeyboard(wayboard, options.configFile);
  if (choice.kind === 'command') {
    launcher = new InputMethodLauncher(choice.argv, {
      createClient: (fd) => wayboard.addClientFd(fd),
      socketName: wayboard.socketName,
      log: (line) => process.stderr.write(`wayboard: ${line}\n`),
      gaveUp: () => attachKeyboard(wayboard, options.configFile),
    });
    launcher.start();
    const destroy = wayboard.destroy.bind(wayboard);
    wayboard.destroy = () => {
      launcher?.stop();
      destroy();
    };
  }
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  if (runtimeDir) wayboard.listenClientFds(`${runtimeDir}/${wayboard.socketName}.fds`);
  return wayboard;
}

/**
 * Who may see the privileged globals: clients made from an fd handed to wayboard (a program
 * it started, the fds socket next to the control socket, both private to its user), and
 * clients whose executable is on the trusted list.
 */
function trustPolicy(paths: string[]): (client: Client) => boolean {
  const allowed = new Set(paths);
  const verdicts = new WeakMap<Client, boolean>();
  return (client) => {
    if (client.handedOver) return true;
    let verdict = verdicts.get(client);
    if (verdict === undefined) {
      verdict = allowed.size > 0 && allowed.has(executableOf(client.pid));
      verdicts.set(client, verdict);
    }
    return verdict;
  };
}

function executableOf(pid: number): string {
  try {
    return realpathSync(`/proc/${pid}/exe`);
  } catch {
    return ''; // gone already, or not ours to read
  }
}
