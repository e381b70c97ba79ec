// The backends wayboard can run on, by the name --backend takes. Only the composition root
// imports this file.
import type { Backend, OutputRequest } from './backend.js';
import { HeadlessBackend } from './headless.js';
import type { BackendName } from './names.js';
import { WaylandBackend } from './wayland/backend.js';
import { DrmBackend } from './drm/backend.js';

export { BACKEND_NAMES, defaultBackend, type BackendName } from './names.js';

export interface BackendOptions {
  /** outputs asked for with --output */
  outputs: readonly OutputRequest[];
}

export function createBackend(name: BackendName, options: BackendOptions): Backend {
  switch (name) {
    case 'headless':
      return new HeadlessBackend(options.outputs);
    case 'wayland':
      return new WaylandBackend(options.outputs);
    case 'drm':
      return new DrmBackend(options.outputs);
  }
}
