// The two smaller objects of input-method-v2: zwp_input_popup_surface_v2 (a surface role,
// drawn in the popups layer next to the field's cursor while the input method is active)
// and zwp_input_method_keyboard_grab_v2 (the seat's own keys go to the input method instead
// of the focused client while it exists; keys from virtual keyboards never do).
import type {
  WlSurfaceResource,
  ZwpInputMethodKeyboardGrabV2Resource,
  ZwpInputMethodV2Resource,
  ZwpInputPopupSurfaceV2Resource,
} from '../generated/index.js';
import type { Rect } from '../compositor/region.js';
import type { Scene } from '../compositor/scene.js';
import { REPEAT, type Keyboard, type KeyboardGrab } from '../compositor/seat/keyboard.js';
import { Surface } from '../compositor/surface.js';

const ROLE = 'zwp_input_popup_surface_v2';

export interface PopupHooks {
  /** the surface committed: show it where it belongs, or hide it */
  place(popup: InputPopup): void;
  gone(popup: InputPopup): void;
}

export class InputPopup {
  private shown = false;
  private destroyed = false;
  private sentRect = '';

  private constructor(
    readonly resource: ZwpInputPopupSurfaceV2Resource,
    readonly surface: Surface,
    private readonly scene: Scene,
  ) {}

  /** Gives the surface the input_popup role; null (and a protocol error) if it has another. */
  static create(
    resource: ZwpInputPopupSurfaceV2Resource,
    surfaceResource: WlSurfaceResource,
    inputMethod: ZwpInputMethodV2Resource,
    scene: Scene,
    hooks: PopupHooks,
  ): InputPopup | null {
    resource.implement({ destroy: (r) => r.destroy() });
    const surface = Surface.from(surfaceResource);
    if (!surface) return null;
    const popup = new InputPopup(resource, surface, scene);
    const role = {
      name: ROLE,
      committed: () => {
        if (!popup.destroyed) hooks.place(popup);
      },
    };
    // input-method-v2 names no error for this: code 0 on the input method object
    if (!surface.setRole(role, inputMethod, 0)) return null;
    const forget = () => {
      popup.hide();
      popup.destroyed = true;
      hooks.gone(popup);
    };
    resource.onDestroy(forget);
    surface.onDestroy(forget);
    return popup;
  }

  /** below the cursor rectangle (above it when there is no room), inside the output */
  showNear(cursor: Rect, output: Rect): void {
    const s = this.surface;
    if (this.destroyed || !s.hasBuffer) return this.hide();
    let y = cursor.y + cursor.height;
    if (y + s.height > output.y + output.height) y = cursor.y - s.height;
    const x = clamp(cursor.x, output.x, output.x + output.width - s.width);
    y = clamp(y, output.y, output.y + output.height - s.height);
    if (!this.shown || s.x !== x || s.y !== y) {
      s.x = x;
      s.y = y;
      this.scene.add(s, 'popups'); // (re)placed on top, old and new areas damaged
      this.shown = true;
    }
    // the field's cursor as the popup sees it
    const rect: [number, number, number, number] = [
      cursor.x - x,
      cursor.y - y,
      cursor.width,
      cursor.height,
    ];
    if (rect.join() !== this.sentRect) {
      this.resource.sendTextInputRectangle(...rect);
      this.sentRect = rect.join();
    }
  }

  hide(): void {
    if (!this.shown) return;
    this.shown = false;
    this.scene.remove(this.surface);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}

/** Starts a grab: the input method gets the seat's keymap, repeat rate and modifiers, then
 *  the seat's keys until the grab is released. Returns the release. */
export function grabKeyboard(
  grab: ZwpInputMethodKeyboardGrabV2Resource,
  keyboard: Keyboard,
  serial: number,
): () => void {
  const k = keyboard.keymapFile;
  grab.sendKeymap(k.format, k.fd, k.size);
  grab.sendRepeatInfo(REPEAT.rate, REPEAT.delay);
  const target: KeyboardGrab = {
    key: (serial, time, code, state) => grab.sendKey(serial, time, code, state),
    modifiers: (serial, m) => grab.sendModifiers(serial, m.depressed, m.latched, m.locked, m.group),
  };
  target.modifiers(serial, keyboard.modifiers);
  keyboard.grab = target;
  const release = () => {
    if (keyboard.grab === target) keyboard.grab = null;
  };
  grab.implement({ release: (r) => r.destroy() });
  grab.onDestroy(release);
  return release;
}

/** objects asked of an input method that is unavailable: they exist, and do nothing */
export function inertPopup(resource: ZwpInputPopupSurfaceV2Resource): void {
  resource.implement({ destroy: (r) => r.destroy() });
}

export function inertGrab(resource: ZwpInputMethodKeyboardGrabV2Resource): void {
  resource.implement({ release: (r) => r.destroy() });
}
