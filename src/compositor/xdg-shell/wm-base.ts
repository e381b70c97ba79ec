// xdg_wm_base: the global that turns wl_surfaces into xdg_surfaces and makes positioners.
import {
  XdgWmBaseError,
  XdgWmBaseResource,
  type XdgPositionerResource,
  type XdgPopupResource,
} from '../../generated/index.js';
import { Surface } from '../surface.js';
import type { Display } from '../wayland/display.js';
import { Popup, type PopupShell } from './popup.js';
import { implementPositioner, positionerRules } from './positioner.js';
import { Toplevel, type ToplevelShell } from './toplevel.js';
import { XdgSurface, type XdgRoleFactory } from './xdg-surface.js';

export type XdgShell = ToplevelShell &
  PopupShell & {
    toplevelCreated(toplevel: Toplevel): void;
  };

export function createXdgWmBase(display: Display, shell: XdgShell): void {
  display.createGlobal(XdgWmBaseResource, Math.min(5, XdgWmBaseResource.spec.version), (wmBase) => {
    const surfaces = new Set<XdgSurface>();
    const roles = roleFactory(shell, wmBase);
    wmBase.implement({
      destroy: (r) => {
        if (surfaces.size > 0) {
          r.postError(
            XdgWmBaseError.defunctSurfaces,
            'xdg_wm_base destroyed before its xdg_surfaces',
          );
          return;
        }
        r.destroy();
      },
      createPositioner: (_r, id) => implementPositioner(id),
      getXdgSurface: (r, id, surfaceResource) => {
        const surface = Surface.from(surfaceResource);
        if (!surface) return;
        if (surface.role && surface.role.name !== 'xdg_surface') {
          r.postError(XdgWmBaseError.role, `wl_surface already has role ${surface.role.name}`);
          return;
        }
        if (XdgSurface.of(surface)) {
          r.postError(XdgWmBaseError.role, 'wl_surface already has an xdg_surface');
          return;
        }
        if (surface.hasBuffer || surface.hasPendingBuffer) {
          r.postError(XdgWmBaseError.invalidSurfaceState, 'wl_surface already has a buffer');
          return;
        }
        const xdgSurface = new XdgSurface(id, surface, roles, () => display.nextSerial());
        surfaces.add(xdgSurface);
        id.onDestroy(() => surfaces.delete(xdgSurface));
      },
      pong: () => {},
    });
  });
}

function roleFactory(shell: XdgShell, wmBase: XdgWmBaseResource): XdgRoleFactory {
  return {
    toplevel: (xdgSurface, resource) => {
      const toplevel = new Toplevel(xdgSurface, resource, shell);
      shell.toplevelCreated(toplevel);
      return toplevel;
    },
    popup: (xdgSurface, resource: XdgPopupResource, parent, positioner: XdgPositionerResource) => {
      const rules = positionerRules(positioner);
      const invalidParent = (message: string) =>
        wmBase.postError(XdgWmBaseError.invalidPopupParent, message);
      // no parent: another protocol (layer shell) must give one before the initial commit
      const problem = parent && xdgSurface.surface.parentProblem(parent.surface);
      if (problem) {
        invalidParent(`xdg_popup parent: ${problem}`);
        return null;
      }
      if (!rules || rules.width <= 0 || rules.height <= 0) {
        wmBase.postError(XdgWmBaseError.invalidPositioner, 'positioner has no size');
        return null;
      }
      return new Popup(xdgSurface, resource, parent, rules, shell, invalidParent);
    },
  };
}
