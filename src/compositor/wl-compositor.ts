// wl_compositor: makes surfaces and regions.
import { WlCompositorResource } from '../generated/index.js';
import { Region } from './region.js';
import { Surface, type SurfaceHost } from './surface.js';
import type { Display } from './wayland/display.js';

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
        createSurface: (_r, id) => created(new Surface(id, host)),
        createRegion: (_r, id) => {
          Region.implement(id);
        },
      });
    },
  );
}
