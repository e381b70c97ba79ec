// The backends by the name --backend takes, and which one runs when none is named. No
// backend is loaded here (the CLI parses arguments without the native addon).

export const BACKEND_NAMES = ['headless', 'wayland', 'drm'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Where wayboard was started, as far as the default backend cares. */
export interface Surroundings {
  /** $WAYLAND_DISPLAY: a parent compositor to nest in */
  waylandDisplay?: string;
  /** $DISPLAY: an X session owns the screen */
  display?: string;
  /** a DRM card exists (/dev/dri/card*) */
  drmDevice?: boolean;
}

/** The backend to run without --backend: nested in a parent compositor when there is one,
 *  else the screen itself (DRM) when there is one and no X session holds it, else headless,
 *  with a one-line notice saying why. */
export function defaultBackend(surroundings: Surroundings): {
  backend: BackendName;
  notice?: string;
} {
  if (surroundings.waylandDisplay) return { backend: 'wayland' };
  // nothing else owns the screen: take it (a kiosk started on a VT or by systemd)
  if (!surroundings.display && surroundings.drmDevice) return { backend: 'drm' };
  if (surroundings.drmDevice)
    return {
      backend: 'headless',
      notice: `no parent compositor (WAYLAND_DISPLAY is not set) and an X session has the screen (DISPLAY=${surroundings.display}): running headless`,
    };
  return {
    backend: 'headless',
    notice: 'no parent compositor (WAYLAND_DISPLAY is not set): running headless',
  };
}
