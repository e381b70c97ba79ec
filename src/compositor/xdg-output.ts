// zxdg_output_manager_v1: the logical position and size of each output (scale is 1, so they
// equal the mode), which toolkits use to lay out multi-output setups; sent again when the
// output changes (a nested window resized).
import {
  ZxdgOutputManagerV1Resource,
  type WlOutputResource,
  type ZxdgOutputV1Resource,
} from '../generated/index.js';
import type { Output } from './output.js';
import type { Display } from './wayland/display.js';

export function createXdgOutputManager(
  display: Display,
  outputOf: (resource: WlOutputResource) => Output | undefined,
): void {
  /** the xdg_outputs of each wl_output, to tell of a change before that wl_output's done */
  const xdgOutputs = new WeakMap<WlOutputResource, Set<ZxdgOutputV1Resource>>();
  const watched = new WeakSet<Output>();
  const sendGeometry = (xdgOutput: ZxdgOutputV1Resource, output: Output, first: boolean) => {
    xdgOutput.sendLogicalPosition(output.x, output.y);
    xdgOutput.sendLogicalSize(output.width, output.height);
    if (first) {
      xdgOutput.sendName(output.name);
      xdgOutput.sendDescription(output.description);
    }
    // since v3 the wl_output.done that follows ends the batch
    if (xdgOutput.version < 3) xdgOutput.sendDone();
  };
  display.createGlobal(
    ZxdgOutputManagerV1Resource,
    Math.min(3, ZxdgOutputManagerV1Resource.spec.version),
    (manager) => {
      manager.implement({
        destroy: (r) => r.destroy(),
        getXdgOutput: (_r, xdgOutput, outputResource) => {
          xdgOutput.implement({ destroy: (r) => r.destroy() });
          const output = outputOf(outputResource);
          if (!output) return;
          if (!watched.has(output)) {
            watched.add(output);
            output.onChange((changed) => {
              for (const x of xdgOutputs.get(changed) ?? []) sendGeometry(x, output, false);
            });
          }
          const list = xdgOutputs.get(outputResource) ?? new Set();
          xdgOutputs.set(outputResource, list);
          list.add(xdgOutput);
          xdgOutput.onDestroy(() => list.delete(xdgOutput));
          sendGeometry(xdgOutput, output, true);
          if (xdgOutput.version >= 3) outputResource.sendDone();
        },
      });
    },
  );
}
