// zxdg_output_manager_v1: the logical position and size of each output (scale is 1, so they
// equal the mode), which toolkits use to lay out multi-output setups.
import { ZxdgOutputManagerV1Resource, type WlOutputResource } from '../generated/index.js';
import type { Output } from './output.js';
import type { Display } from './wayland/display.js';

export function createXdgOutputManager(
  display: Display,
  outputOf: (resource: WlOutputResource) => Output | undefined,
): void {
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
          xdgOutput.sendLogicalPosition(output.x, output.y);
          xdgOutput.sendLogicalSize(output.width, output.height);
          xdgOutput.sendName(output.name);
          xdgOutput.sendDescription(output.description);
          // since v3, wl_output.done ends the batch; before, xdg_output.done does
          if (xdgOutput.version >= 3) outputResource.sendDone();
          else xdgOutput.sendDone();
        },
      });
    },
  );
}
