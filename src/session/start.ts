// The composition root: the backend that shows the outputs, the compositor core, and the
// input method that serves its text fields: the built-in keyboard, or an external keyboard
// client over input-method-v2 (one wayboard starts with --input-method CMD, or one started
// elsewhere and trusted by path).
// Nothing below this file reaches up to it.
import { realpathSync } from 'node:fs';
import type { OutputRequest } from '../backends/backend.js';
import { createBackend, type BackendName } from '../backends/index.js';
import { Wayboard, type Compositor, type CompositorOptions } from '../compositor/compositor.js';
import { createLayerShell } from '../compositor/layer-shell.js';
import type { Client } from '../compositor/wayland/resource.js';
import { createVirtualKeyboardManager } from '../compositor/virtual-keyboard.js';
import { createInputMethodManagerV2 } from '../text-input/input-method-v2.js';
import type { PanelController } from '../text-input/model.js';
import { attachKeyboard } from './builtin-keyboard.js';
import { InputMethodLauncher } from './input-method-launcher.js';

export type { Compositor };

/** builtin: wayboard's own keyboard; external: a keyboard client started elsewhere;
 *  command: a keyboard program wayboard runs (and restarts, and replaces if it keeps dying) */
export type InputMethodChoice =
  { kind: 'builtin' } | { kind: 'external' } | { kind: 'command'; argv: string[] };

export interface SessionOptions extends CompositorOptions {
  backend: BackendName;
  /** the outputs asked for (--output); a backend with real screens may show others */
  outputs: OutputRequest[];
  inputMethod?: InputMethodChoice;
  /** executables (absolute paths) whose clients may use the privileged globals */
  trustedClients?: string[];
  /** false: the built-in keyboard remembers no typed words (--no-learning) */
  learning?: boolean;
}

export function startCompositor(options: SessionOptions): Compositor {
  const wayboard = new Wayboard(options);
  const trusted = trustPolicy(options.trustedClients ?? []);
  createLayerShell(wayboard.display, wayboard, trusted);
  const choice = options.inputMethod ?? { kind: 'builtin' };
  let launcher: InputMethodLauncher | null = null;
  const keyboardOptions = { learning: options.learning };
  if (choice.kind === 'builtin') attachKeyboard(wayboard, options.configFile, keyboardOptions);
  attachExternalInputMethod(wayboard, trusted);
  if (choice.kind === 'command') {
    launcher = new InputMethodLauncher(choice.argv, {
      createClient: (fd, pid) => {
        const client = wayboard.display.clients.get(wayboard.addClientFd(fd));
        if (client && pid) client.pid = pid;
      },
      socketName: wayboard.socketName,
      log: (line) => process.stderr.write(`wayboard: ${line}\n`),
      gaveUp: () => {
        attachKeyboard(wayboard, options.configFile, keyboardOptions);
        wayboard.textInput.update(); // a field that asked for a keyboard gets this one
      },
    });
    launcher.start();
  }
  const backend = createBackend(options.backend, { outputs: options.outputs });
  const destroy = wayboard.destroy.bind(wayboard);
  wayboard.destroy = () => {
    launcher?.stop();
    backend.destroy();
    destroy();
  };
  try {
    backend.start(wayboard.backendHost);
  } catch (err) {
    wayboard.destroy();
    throw err;
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

/**
 * The input-method-v2 and virtual-keyboard globals, for clients `visible` trusts. While an
 * input method is bound it serves the text fields (it is the model's panel controller); when
 * it goes away, the controller from before (the built-in keyboard, or none) comes back.
 */
export function attachExternalInputMethod(
  wayboard: Wayboard,
  visible: (client: Client) => boolean,
): void {
  const { display, textInput, seat, scene, shell } = wayboard;
  createVirtualKeyboardManager(display, seat.keyboard, visible);
  let previous: PanelController | null = null;
  createInputMethodManagerV2(
    display,
    {
      model: textInput,
      keyboard: seat.keyboard,
      scene,
      outputRect: (surface) => shell.outputOfSurface(surface) ?? wayboard.outputs[0],
      bound: (relay) => {
        previous = textInput.panel;
        previous?.hide();
        textInput.panel = relay;
        textInput.update();
      },
      gone: (relay) => {
        if (textInput.panel !== relay) return; // replaced meanwhile (e.g. by the launcher)
        textInput.panel = previous;
        previous = null;
        textInput.update();
      },
    },
    visible,
  );
}
