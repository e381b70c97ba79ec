// wl_compositor: makes surfaces and regions.
import { WlCompositorResource } from '../generated/index.js';
import { Region } from './region.js';
import { Surface, type SurfaceHost } from './surface.js';
import type { Display } from './wayland/display.js';
import type { Client } from './wayland/resource.js';

const surfaceCounts = new WeakMap<Client, number>();

/** Surfaces one client may have at once: apps use a handful to hundreds (menus, tooltips,
 *  subsurfaces); each costs a texture and scene bookkeeping. */
export const MAX_SURFACES_PER_CLIENT = 4096;

export function createWlCompositor(
  display: Display,
  host: SurfaceHost,
  created: (surface: Surface) => void,
): void {
  display.createGlobal(
    WlCompositorResource,
    Math.min(5, WlCompositorResource.spec.version),
    (resource) => {
      resource.implement({
        createSurface: (_r, id) => {
          const count = (surfaceCounts.get(id.client) ?? 0) + 1;
          if (count > MAX_SURFACES_PER_CLIENT) return id.postNoMemory();
          surfaceCounts.set(id.client, count);
          id.onDestroy(() => surfaceCounts.set(id.client, surfaceCounts.get(id.client)! - 1));
          created(new Surface(id, host));
        },
        createRegion: (_r, id) => {
          Region.implement(id);
        },
      });
    },
  );
}
