// zwp_text_input_manager_v1 (weston-editor, Chromium with --wayland-text-input-version=1):
// one object per text field, activated on a surface. It has `enter` only while its surface
// has the seat's focus; the activation outlives focus changes, so the field gets `enter`
// again when focus comes back. State applies as it arrives (Chromium never sends
// commit_state); commit_state only names the serial that text events carry.
import {
  ZwpTextInputManagerV1Resource,
  ZwpTextInputV1PreeditStyle,
  type WlSeatResource,
  type WlSurfaceResource,
  type ZwpTextInputV1Requests,
  type ZwpTextInputV1Resource,
} from '../generated/index.js';
import type { Rect } from '../compositor/region.js';
import { Surface } from '../compositor/surface.js';
import type { Display } from '../compositor/wayland/display.js';
import {
  V1_V2_PURPOSES,
  type InputMethodSink,
  type TextFieldContext,
  emptyContext,
} from './input-method.js';
import type { TextInputAdapter, TextInputModel } from './model.js';

const BACKSPACE = 0xff08;
const DELETE = 0xffff;

export class TextInputV1 implements ZwpTextInputV1Requests, TextInputAdapter {
  readonly protocol = 'text-input-v1';
  panelRequested = false;
  context: TextFieldContext = emptyContext();
  cursorRectangle: Rect = { x: 0, y: 0, width: 0, height: 0 };
  /** the serial of the client's last commit_state, which every text event carries */
  serial = 0;
  /** the surface this field is activated on */
  private activated: Surface | null = null;
  /** the seat's focus is on that surface and we said `enter` */
  private entered = false;
  private model: TextInputModel | null = null;
  readonly sink: InputMethodSink;

  constructor(
    readonly resource: ZwpTextInputV1Resource,
    private readonly modelFor: (seat: WlSeatResource) => TextInputModel | undefined,
    display: Display,
    time: () => number,
  ) {
    resource.implement(this);
    resource.onDestroy(() => this.model?.remove(this));
    const live = () => this.entered && this.model?.active() === this;
    const send = (post: () => void) => {
      if (!live()) return;
      post();
      display.flush();
    };
    this.sink = {
      commitString: (s) => send(() => resource.sendCommitString(this.serial, s)),
      preeditString: (s, cursorBytes) =>
        send(() => {
          resource.sendPreeditStyling(
            0,
            Buffer.byteLength(s),
            ZwpTextInputV1PreeditStyle.underline,
          );
          resource.sendPreeditCursor(cursorBytes ?? Buffer.byteLength(s));
          resource.sendPreeditString(this.serial, s, s);
        }),
      // v1 deletes from an index relative to the cursor, applied with the next commit_string
      // Chromium 156 ignores v1's delete_surrounding_text (measured), so the keyboard's
      // deletion (always one character, before or after the cursor) goes as the key that
      // makes it; weston-editor applies both alike
      deleteSurroundingText: (before, after) =>
        send(() => {
          const sym = before > 0 ? BACKSPACE : DELETE;
          if (before === 0 && after === 0) return;
          resource.sendKeysym(this.serial, time(), sym, 1, 0);
          resource.sendKeysym(this.serial, time(), sym, 0, 0);
        }),
      keysym: (sym, pressed) =>
        send(() => resource.sendKeysym(this.serial, time(), sym, pressed ? 1 : 0, 0)),
      language: (tag) => send(() => resource.sendLanguage(this.serial, tag)),
      hidePanel: () => {
        this.panelRequested = false;
        this.model?.update(this);
      },
    };
    // no modifiers_map: keysyms go with no modifiers, and Chromium 156 crashes on an empty one
  }

  get client() {
    return this.resource.client;
  }

  get enabledSurface(): Surface | null {
    return this.entered ? this.activated : null;
  }

  // the model's focus moved onto or away from a surface of our client
  enter(surface: Surface): void {
    if (surface !== this.activated || this.entered) return;
    this.entered = true;
    this.resource.sendEnter(surface.resource);
  }

  leave(): void {
    if (!this.entered) return;
    this.entered = false;
    this.resource.sendLeave();
  }

  panelState(rect: Rect | null): void {
    if (this.entered) this.resource.sendInputPanelState(rect ? 1 : 0);
  }

  activate(_r: ZwpTextInputV1Resource, seat: WlSeatResource, surfaceResource: WlSurfaceResource) {
    const model = this.modelFor(seat);
    const surface = Surface.from(surfaceResource);
    if (!model || !surface) return;
    if (this.model !== model) {
      this.model?.remove(this);
      this.model = model;
      model.add(this);
    }
    if (this.activated !== surface) this.leave();
    this.activated = surface;
    this.panelRequested = true; // a field that activates wants the keyboard (weston, KWin)
    if (model.focus === surface) this.enter(surface);
    model.update(this);
    this.panelState(model.panelStateFor(surface));
  }

  deactivate(): void {
    this.leave();
    this.activated = null;
    this.panelRequested = false;
    this.model?.update(this);
  }

  showInputPanel(): void {
    this.panelRequested = true;
    this.model?.update(this);
  }

  hideInputPanel(): void {
    this.panelRequested = false;
    this.model?.update(this);
  }

  /** the client dropped its composition (the preedit): the keyboard drops its word too */
  reset(): void {
    this.context.generation = (this.context.generation ?? 0) + 1;
    this.changed();
  }

  setSurroundingText(_r: ZwpTextInputV1Resource, text: string, cursor: number, anchor: number) {
    Object.assign(this.context, { surroundingText: text, cursor, anchor });
    this.changed();
  }

  setContentType(_r: ZwpTextInputV1Resource, hint: number, purpose: number): void {
    this.context.hints = hint;
    this.context.purpose = V1_V2_PURPOSES[purpose] ?? 'normal';
    this.changed();
  }

  setCursorRectangle(_r: ZwpTextInputV1Resource, x: number, y: number, w: number, h: number) {
    this.cursorRectangle = { x, y, width: w, height: h };
    this.changed();
  }

  setPreferredLanguage(): void {}

  commitState(_r: ZwpTextInputV1Resource, serial: number): void {
    this.serial = serial;
  }

  invokeAction(): void {} // clicks on a preedit: nothing to act on without composition

  /** the state the keyboard reads changed: it re-reads it (page, shift) if this is active */
  private changed(): void {
    if (this.entered) this.model?.update(this);
  }

  destroy(resource: ZwpTextInputV1Resource): void {
    resource.destroy();
  }
}

export function createTextInputManagerV1(
  display: Display,
  modelFor: (seat: WlSeatResource) => TextInputModel | undefined,
  time: () => number,
): void {
  display.createGlobal(ZwpTextInputManagerV1Resource, 1, (manager) => {
    manager.implement({
      createTextInput: (_r, id) => {
        new TextInputV1(id, modelFor, display, time);
      },
    });
  });
}
