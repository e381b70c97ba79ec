// placeholder: the lead engineer is writing this file. Its exported API is fixed:
import type { ControlTarget } from '../control/target.js';

export interface OutputConfig {
  width: number;
  height: number;
  refreshMhz: number;
}

export interface CompositorOptions {
  backend: 'headless';
  outputs: OutputConfig[];
  /** Wayland socket name; null picks wayland-N */
  socketName: string | null;
  /** XKB layout names, comma separated ("us", "de,ru") */
  layout: string;
  /** JSON theme/config file for the on-screen keyboard, or null */
  configFile: string | null;
}

export interface Compositor extends ControlTarget {
  readonly socketName: string;
  /** destroys clients, globals and the display; removes the Wayland socket */
  destroy(): void;
}

/** Throws ConfigError (src/errors.ts) on bad config, Error with a clear message otherwise
 *  (e.g. "socket wayland-1 is in use"). */
export function startCompositor(options: CompositorOptions): Compositor {
  throw new Error('not implemented yet: ' + JSON.stringify(options));
}
