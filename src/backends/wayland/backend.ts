// The nested backend: wayboard as a client of a parent compositor (weston, sway, GNOME, another
// wayboard). Each output is a window there (an xdg_toplevel, server-side decorations asked
// for), its frames wl_shm buffers paced by the parent's frame callbacks, and the parent's
// seat is wayboard's input. Closing a window ends wayboard; so does losing the parent.
import {
  BackendUnavailable,
  type Backend,
  type BackendHost,
  type OutputRequest,
} from '../backend.js';
import { ParentConnection, type Proxy } from './connection.js';
import { ParentSeat, SEAT_VERSION } from './seat.js';
import { NestedOutput } from './window.js';

/** configure rounds the parent may take to configure every new window */
const MAX_STARTUP_ROUNDTRIPS = 5;
const DEFAULT_OUTPUT: OutputRequest = { width: 1280, height: 720, refreshMhz: 60000 };
const CLOCK_MONOTONIC = 1;

export class WaylandBackend implements Backend {
  readonly name = 'wayland';
  private connection: ParentConnection | null = null;
  private readonly outputs: NestedOutput[] = [];
  private readonly seats: ParentSeat[] = [];
  private wmBase: Proxy | null = null;

  /** `display`: the parent's socket (a name in XDG_RUNTIME_DIR or a path); null means
   *  $WAYLAND_DISPLAY, as libwayland reads it */
  constructor(
    private readonly requests: readonly OutputRequest[],
    private readonly display: string | null = null,
  ) {}

  start(host: BackendHost): void {
    const connection = this.connect(host);
    const required = (iface: string, version: number): Proxy => {
      const global = connection.find(iface);
      if (!global)
        throw new BackendUnavailable(`--backend wayland: the parent compositor has no ${iface}`);
      return connection.bind(global, version);
    };
    const compositor = required('wl_compositor', 4);
    const shm = required('wl_shm', 1);
    const wmBase = (this.wmBase = required('xdg_wm_base', 1));
    wmBase.on('ping', (serial: number) => wmBase.request('pong', serial));
    const decorations = connection.find('zxdg_decoration_manager_v1');
    const globals = {
      compositor,
      wmBase,
      shm,
      decorationManager: decorations ? connection.bind(decorations, 1) : null,
      presentation: this.bindPresentation(connection),
    };
    // the seats first: their pointers and keyboards exist before a window maps under them
    const outputOf = (surface: number) => this.outputs.find((o) => o.surface.token === surface);
    for (const global of connection.globals.values()) {
      if (global.interface !== 'wl_seat') continue;
      this.seats.push(new ParentSeat(connection.bind(global, SEAT_VERSION), host.input, outputOf));
    }
    const requests = this.requests.length ? this.requests : [DEFAULT_OUTPUT];
    requests.forEach((request, i) => {
      this.outputs.push(new NestedOutput(host, globals, `WL-${i + 1}`, request));
    });
    for (let round = 0; this.outputs.some((o) => !o.configured); round++) {
      if (round === MAX_STARTUP_ROUNDTRIPS)
        throw new BackendUnavailable(
          '--backend wayland: the parent compositor did not configure the window',
        );
      connection.roundtrip();
    }
    for (const output of this.outputs) {
      output.announced = true;
      host.outputAdded(output);
    }
  }

  /** the parent's wp_presentation, when its clock is ours (CLOCK_MONOTONIC): frames are then
   *  reported with the parent's own presentation time and sequence, as wlroots does */
  private bindPresentation(connection: ParentConnection): Proxy | null {
    const global = connection.find('wp_presentation');
    if (!global) return null;
    const presentation = connection.bind(global, 1);
    let clock = -1;
    presentation.on('clock_id', (id: number) => (clock = id));
    connection.roundtrip();
    if (clock === CLOCK_MONOTONIC) return presentation;
    presentation.destroyWith();
    return null;
  }

  private connect(host: BackendHost): ParentConnection {
    const named = this.display ?? process.env.WAYLAND_DISPLAY;
    const shown = named ? `WAYLAND_DISPLAY=${named}` : 'WAYLAND_DISPLAY is not set';
    try {
      this.connection = new ParentConnection(this.display, (reason) =>
        host.quit(`lost the parent compositor: ${reason}`),
      );
      return this.connection;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new BackendUnavailable(
        `--backend wayland: cannot connect to the parent compositor (${shown}): ${why}`,
      );
    }
  }

  destroy(): void {
    if (!this.connection) return;
    for (const seat of this.seats.splice(0)) seat.destroy();
    for (const output of this.outputs.splice(0)) output.destroy();
    this.wmBase?.destroyWith();
    this.connection.disconnect();
    this.connection = null;
  }
}
