// A seed corpus: a few well-formed sessions, written by hand, that reach states random
// requests rarely do (a mapped toplevel with a buffer and keyboard focus, a popup on it, a
// subsurface, a selection, an enabled text input). Sessions often start from one and go on
// at random from there. Binds name globals by interface (only long-standing ones: a seed
// must work on any wayboard); serials echo the server's events.
import { displayRequest, requestSpec, specs, type LoggedRequest, type WireArg } from './wire.js';

/** writes a session: ids count from 2, as the server expects */
class SessionWriter {
  readonly requests: LoggedRequest[] = [displayRequest('get_registry', 2)];
  private next = 3;
  private readonly bound = new Map<string, number>();

  constructor(globals: string[]) {
    this.sync();
    for (const iface of globals) {
      this.bound.set(iface, this.next);
      this.requests.push({
        interface: 'wl_registry',
        id: 2,
        opcode: 0,
        name: 'bind',
        signature: 'usun',
        args: [0, iface, 1, this.next++],
        bindByInterface: true,
      });
    }
  }

  global(iface: string): number {
    return this.bound.get(iface)!;
  }

  sync(): void {
    this.requests.push(displayRequest('sync', this.next++));
  }

  /** a request by name; "new" args become the next ids (the first one is returned), and
   *  `echoes` names event arguments to take serials from */
  send(
    iface: string,
    id: number,
    name: string,
    args: (WireArg | 'new')[] = [],
    echoes?: Record<number, string>,
  ): number {
    const opcode = specs.get(iface)!.requests.findIndex((r) => r.name === name);
    const spec = requestSpec(iface, opcode);
    let created = 0;
    const values = args.map((a) => {
      if (a !== 'new') return a;
      created ||= this.next;
      return this.next++;
    });
    const request: LoggedRequest = {
      interface: iface,
      id,
      opcode,
      name,
      signature: spec.signature,
      args: values,
    };
    if (echoes) request.echoes = echoes;
    this.requests.push(request);
    return created;
  }

  /** a 64x64 ARGB buffer in a pool of its own */
  buffer(): number {
    const pool = this.send('wl_shm', this.global('wl_shm'), 'create_pool', ['new', 16384, 16384]);
    return this.send('wl_shm_pool', pool, 'create_buffer', ['new', 0, 64, 64, 256, 0]);
  }

  /** a wl_surface with an xdg_surface of its own, configured (acked) */
  xdgSurface(): { surface: number; xdg: number } {
    const surface = this.send('wl_compositor', this.global('wl_compositor'), 'create_surface', [
      'new',
    ]);
    const xdg = this.send('xdg_wm_base', this.global('xdg_wm_base'), 'get_xdg_surface', [
      'new',
      surface,
    ]);
    return { surface, xdg };
  }

  /** commit, wait for the configure, ack it, attach a buffer, commit: mapped */
  map(surface: number, xdg: number): void {
    this.send('wl_surface', surface, 'commit');
    this.sync();
    this.send('xdg_surface', xdg, 'ack_configure', [0], { 0: 'xdg_surface.configure.0' });
    this.send('wl_surface', surface, 'attach', [this.buffer(), 0, 0]);
    this.send('wl_surface', surface, 'damage', [0, 0, 64, 64]);
    this.send('wl_surface', surface, 'commit');
    this.sync();
  }
}

const GLOBALS = [
  'wl_compositor',
  'wl_shm',
  'xdg_wm_base',
  'wl_seat',
  'wl_subcompositor',
  'wl_data_device_manager',
  'zwp_text_input_manager_v2',
];

/** a mapped, focused toplevel with keyboard, pointer and text inputs; then `more` */
function toplevelSession(
  more: (w: SessionWriter, parent: { surface: number; xdg: number }) => void,
): LoggedRequest[] {
  const w = new SessionWriter(GLOBALS.filter((g) => specs.has(g)));
  const seat = w.global('wl_seat');
  w.send('wl_seat', seat, 'get_keyboard', ['new']);
  w.send('wl_seat', seat, 'get_pointer', ['new']);
  const top = w.xdgSurface();
  const toplevel = w.send('xdg_surface', top.xdg, 'get_toplevel', ['new']);
  w.send('xdg_toplevel', toplevel, 'set_app_id', ['org.example.fuzz']);
  w.map(top.surface, top.xdg);
  if (specs.has('zwp_text_input_manager_v2')) {
    const v2 = w.global('zwp_text_input_manager_v2');
    const input = w.send('zwp_text_input_manager_v2', v2, 'get_text_input', ['new', seat]);
    w.send('zwp_text_input_v2', input, 'enable', [top.surface]);
    w.send('zwp_text_input_v2', input, 'show_input_panel');
  }
  w.sync();
  more(w, top);
  return w.requests;
}

export const seedSessions: LoggedRequest[][] = [
  toplevelSession(() => {}),
  toplevelSession((w, parent) => {
    const base = w.global('xdg_wm_base');
    const positioner = w.send('xdg_wm_base', base, 'create_positioner', ['new']);
    w.send('xdg_positioner', positioner, 'set_size', [32, 32]);
    w.send('xdg_positioner', positioner, 'set_anchor_rect', [0, 0, 16, 16]);
    const popup = w.xdgSurface();
    w.send('xdg_surface', popup.xdg, 'get_popup', ['new', parent.xdg, positioner]);
    w.map(popup.surface, popup.xdg);
  }),
  toplevelSession((w, parent) => {
    const child = w.send('wl_compositor', w.global('wl_compositor'), 'create_surface', ['new']);
    const compositor = w.global('wl_subcompositor');
    w.send('wl_subcompositor', compositor, 'get_subsurface', ['new', child, parent.surface]);
    w.send('wl_surface', child, 'attach', [w.buffer(), 0, 0]);
    w.send('wl_surface', child, 'commit');
    w.send('wl_surface', parent.surface, 'commit');
    w.sync();
  }),
  toplevelSession((w) => {
    const manager = w.global('wl_data_device_manager');
    const device = w.send('wl_data_device_manager', manager, 'get_data_device', [
      'new',
      w.global('wl_seat'),
    ]);
    const source = w.send('wl_data_device_manager', manager, 'create_data_source', ['new']);
    w.send('wl_data_source', source, 'offer', ['text/plain;charset=utf-8']);
    w.send('wl_data_device', device, 'set_selection', [source, 0], { 1: 'wl_keyboard.enter.0' });
    w.sync();
  }),
];
