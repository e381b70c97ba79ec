// wp_viewporter: crop (source) and scale (destination) of a surface, double-buffered with
// the surface's commit; the renderer scales with pixman.
import {
  WpViewportError,
  WpViewporterError,
  WpViewporterResource,
  type WpViewportResource,
} from '../generated/index.js';
import { Surface } from './surface.js';
import type { Display } from './wayland/display.js';

const viewports = new WeakSet<Surface>();
/** largest destination side: past what any output shows, and what pixman's 16.16 fixed-point
 *  scale factors and int32 extents handle */
const MAX_SIZE = 32767;

function implementViewport(viewport: WpViewportResource, surface: Surface): void {
  let alive = true;
  surface.onDestroy(() => (alive = false));
  surface.viewportError = (code, message) =>
    viewport.postError(WpViewportError[code === 'bad_size' ? 'badSize' : 'outOfBuffer'], message);
  const check = (r: WpViewportResource): boolean => {
    if (!alive) r.postError(WpViewportError.noSurface, 'the wl_surface of this viewport is gone');
    return alive;
  };
  viewport.implement({
    destroy: (r) => {
      if (alive) {
        surface.setViewport(null, null);
        surface.viewportError = null;
        viewports.delete(surface);
      }
      r.destroy();
    },
    setSource: (r, x, y, width, height) => {
      if (!check(r)) return;
      if (x === -1 && y === -1 && width === -1 && height === -1)
        return surface.setViewport(null, undefined);
      if (x < 0 || y < 0 || width <= 0 || height <= 0) {
        r.postError(WpViewportError.badValue, `source ${x},${y} ${width}x${height} is invalid`);
        return;
      }
      surface.setViewport({ x, y, width, height }, undefined);
    },
    setDestination: (r, width, height) => {
      if (!check(r)) return;
      if (width === -1 && height === -1) return surface.setViewport(undefined, null);
      if (width <= 0 || height <= 0 || width > MAX_SIZE || height > MAX_SIZE) {
        r.postError(WpViewportError.badValue, `destination ${width}x${height} is invalid`);
        return;
      }
      surface.setViewport(undefined, { width, height });
    },
  });
}

export function createViewporter(display: Display): void {
  display.createGlobal(WpViewporterResource, 1, (viewporter) => {
    viewporter.implement({
      destroy: (r) => r.destroy(),
      getViewport: (r, viewport, surfaceResource) => {
        const surface = Surface.from(surfaceResource);
        if (!surface) return;
        if (viewports.has(surface)) {
          r.postError(WpViewporterError.viewportExists, 'the surface already has a viewport');
          return;
        }
        viewports.add(surface);
        implementViewport(viewport, surface);
      },
    });
  });
}
