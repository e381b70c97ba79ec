// wl_data_device_manager: enough for GTK and Qt to be content. Sources and devices are
// accepted; the clipboard stays empty and drag-and-drop is refused (no drag icon in a kiosk).
import { WlDataDeviceManagerResource } from '../generated/index.js';
import type { Display } from './wayland/display.js';

export function createDataDeviceManager(display: Display): void {
  display.createGlobal(
    WlDataDeviceManagerResource,
    Math.min(3, WlDataDeviceManagerResource.spec.version),
    (manager) => {
      manager.implement({
        createDataSource: (_r, source) => {
          source.implement({
            offer: () => {},
            destroy: (r) => r.destroy(),
            setActions: () => {},
          });
        },
        getDataDevice: (_r, device) => {
          device.implement({
            // a refused drag: the source is told at once, so the client does not wait forever
            startDrag: (_d, source) => source?.sendCancelled(),
            setSelection: () => {},
            release: (r) => r.destroy(),
          });
        },
      });
    },
  );
}
