// The composition root: the compositor core, and the input method it serves text fields
// with (the built-in keyboard today; an external one over input-method-v2 is the other
// choice). Nothing below this file reaches up to it.
import { Wayboard, type Compositor, type CompositorOptions } from '../compositor/compositor.js';
import { attachKeyboard } from './builtin-keyboard.js';

export type { Compositor, CompositorOptions };

export function startCompositor(options: CompositorOptions): Compositor {
  const wayboard = new Wayboard(options);
  attachKeyboard(wayboard, options.configFile);
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  if (runtimeDir) wayboard.listenClientFds(`${runtimeDir}/${wayboard.socketName}.fds`);
  return wayboard;
}
