// zxdg_decoration_manager_v1: every toplevel is told "server side", and the server draws no
// title bar: kiosk apps show no decorations at all, as in cage.
import {
  ZxdgDecorationManagerV1Resource,
  ZxdgToplevelDecorationV1Error,
  ZxdgToplevelDecorationV1Mode,
  type ZxdgToplevelDecorationV1Resource,
} from '../generated/index.js';
import type { Display } from './wayland/display.js';
import type { Toplevel } from './xdg-shell/toplevel.js';

export function createDecorationManager(display: Display): void {
  const decorated = new WeakSet<Toplevel>();
  display.createGlobal(ZxdgDecorationManagerV1Resource, 1, (manager) => {
    manager.implement({
      destroy: (r) => r.destroy(),
      getToplevelDecoration: (r, id, toplevelResource) => {
        const toplevel = toplevelResource.handler as Toplevel | null;
        if (!toplevel) return;
        if (decorated.has(toplevel)) {
          r.postError(
            ZxdgToplevelDecorationV1Error.alreadyConstructed,
            'toplevel already has a decoration object',
          );
          return;
        }
        if (toplevel.surface.hasBuffer) {
          r.postError(
            ZxdgToplevelDecorationV1Error.unconfiguredBuffer,
            'toplevel already has a buffer',
          );
          return;
        }
        decorated.add(toplevel);
        id.onDestroy(() => decorated.delete(toplevel));
        toplevel.onDestroy(() => id.handler && (id.handler = null));
        const answer = (d: ZxdgToplevelDecorationV1Resource) => {
          d.sendConfigure(ZxdgToplevelDecorationV1Mode.serverSide);
          toplevel.xdgSurface.scheduleConfigure();
        };
        id.implement({ destroy: (d) => d.destroy(), setMode: answer, unsetMode: answer });
        answer(id);
      },
    });
  });
}
