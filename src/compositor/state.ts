// The `surfaces` list of `wayboard ctl state`: every mapped toplevel, popup and layer-shell
// surface with its window geometry in layout coordinates.
import type { Wayboard } from './compositor.js';
import { LayerSurface } from './layer-shell.js';
import type { Surface } from './surface.js';

export interface SurfaceState {
  id: number;
  pid: number;
  app_id: string | null;
  title: string | null;
  role: string;
  x: number;
  y: number;
  width: number;
  height: number;
  mapped: boolean;
  /** layer surfaces only: the client's namespace and the layer it is drawn in */
  namespace?: string;
  layer?: string;
}

export function describeSurfaces(wayboard: Wayboard): SurfaceState[] {
  const { scene, shell } = wayboard;
  const describe = (
    surface: Surface,
    role: string,
    appId: string | null,
    title: string | null,
    geometry: { x: number; y: number; width: number; height: number },
  ): SurfaceState => {
    const origin = scene.position(surface);
    return {
      id: surface.id,
      pid: surface.client.pid,
      app_id: appId,
      title,
      role,
      x: origin.x + geometry.x,
      y: origin.y + geometry.y,
      width: geometry.width,
      height: geometry.height,
      mapped: scene.isVisible(surface),
    };
  };
  const result: SurfaceState[] = [];
  for (const toplevel of shell.mapped) {
    result.push(
      describe(
        toplevel.surface,
        'toplevel',
        toplevel.appId,
        toplevel.title,
        toplevel.xdgSurface.windowGeometry,
      ),
    );
  }
  for (const surface of scene.popups) {
    result.push(
      describe(surface, 'popup', null, null, {
        x: 0,
        y: 0,
        width: surface.width,
        height: surface.height,
      }),
    );
  }
  for (const layer of ['background', 'bottom', 'top', 'overlay'] as const) {
    for (const surface of scene.layers[layer]) {
      const layerSurface = LayerSurface.of(surface);
      result.push({
        ...describe(surface, 'layer', null, null, {
          x: 0,
          y: 0,
          width: surface.width,
          height: surface.height,
        }),
        namespace: layerSurface?.namespace ?? '',
        layer,
      });
    }
  }
  return result;
}
