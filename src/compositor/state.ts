// The `surfaces` list of `wayboard ctl state`: every mapped toplevel and popup with its
// window geometry in layout coordinates.
import type { Wayboard } from './compositor.js';
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
  return result;
}
