// The backends by the name --backend takes, and which one runs when none is named. No
// backend is loaded here (the CLI parses arguments without the native addon).

export const BACKEND_NAMES = ['headless', 'wayland'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Where wayboard was started, as far as the default backend cares. */
export interface Surroundings {
  /** $WAYLAND_DISPLAY: a parent compositor to nest in */
  waylandDisplay?: string;
}

/** The backend to run without --backend: nested in a parent compositor when there is one,
 *  else headless, with a one-line notice saying why. */
export function defaultBackend(surroundings: Surroundings): {
  backend: BackendName;
  notice?: string;
} {
  if (surroundings.waylandDisplay) return { backend: 'wayland' };
  return {
    backend: 'headless',
    notice: 'no parent compositor (WAYLAND_DISPLAY is not set): running headless',
  };
}
