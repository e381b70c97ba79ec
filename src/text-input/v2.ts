// zwp_text_input_manager_v2 (what Qt 5 speaks): text_input objects per seat, double-buffered
// state committed by update_state, and the serial rule: state sent with the serial of an
// older enter/input_method_changed belongs to a field that no longer has focus and is
// dropped, never applied over newer state.
import {
  ZwpTextInputManagerV2Resource,
  ZwpTextInputV2InputPanelVisibility as Visibility,
  ZwpTextInputV2PreeditStyle,
  ZwpTextInputV2UpdateState,
  ZwpTextInputV2TextDirection,
  type WlSeatResource,
  type WlSurfaceResource,
  type ZwpTextInputV2Requests,
  type ZwpTextInputV2Resource,
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

interface PendingState {
  surroundingText?: { text: string; cursor: number; anchor: number };
  contentType?: { hint: number; purpose: number };
  cursorRectangle?: Rect;
  language?: string;
}

export class TextInputV2 implements ZwpTextInputV2Requests, TextInputAdapter {
  readonly protocol = 'text-input-v2';
  enabledSurface: Surface | null = null;
  panelRequested = false;
  context: TextFieldContext = emptyContext();
  cursorRectangle: Rect = { x: 0, y: 0, width: 0, height: 0 };
  preferredLanguage = '';
  /** serial of the last enter or input_method_changed: update_state must carry it */
  serial = 0;
  private focus: Surface | null = null;
  /** a preedit is shown, its text the client's to commit if it commits on its own */
  private preeditShown = false;
  private pending: PendingState = {};
  readonly sink: InputMethodSink;

  constructor(
    readonly resource: ZwpTextInputV2Resource,
    private readonly model: TextInputModel,
    private readonly display: Display,
    private readonly time: () => number,
    private readonly languageTag: () => string,
  ) {
    resource.implement(this);
    resource.onDestroy(() => model.remove(this));
    const text = resource; // events go to this object only, and only while it has focus
    const live = () => this.focus !== null && this.model.active() === this;
    // text leaves at once: the keyboard redraws after sending, and a finger waits on neither
    const send = (post: () => void) => {
      if (!live()) return;
      post();
      display.flush();
    };
    this.sink = {
      // Qt keeps the last preedit's `commit` text and inserts it again whenever it commits
      // on its own (Enter, a tap elsewhere): an empty preedit first clears that
      commitString: (s) =>
        send(() => {
          if (this.preeditShown) text.sendPreeditString('', '');
          this.preeditShown = false;
          text.sendCommitString(s);
        }),
      // styling and cursor come first: the client applies them with the preedit_string that
      // follows. Its `commit` is the text itself, so a field that loses focus mid-word (Qt
      // commits the preedit on reset) keeps the word instead of dropping it
      preeditString: (s, cursorBytes) =>
        send(() => {
          const length = Buffer.byteLength(s);
          if (length) text.sendPreeditStyling(0, length, ZwpTextInputV2PreeditStyle.underline);
          text.sendPreeditCursor(cursorBytes ?? length);
          text.sendPreeditString(s, s);
          this.preeditShown = s !== '';
        }),
      // v2 clients (Qt) apply a deletion together with the next commit_string
      deleteSurroundingText: (before, after) =>
        send(() => {
          text.sendDeleteSurroundingText(before, after);
          text.sendCommitString('');
        }),
      keysym: (sym, pressed) => send(() => text.sendKeysym(this.time(), sym, pressed ? 1 : 0, 0)),
      language: (tag) => send(() => text.sendLanguage(tag)),
      hidePanel: () => {
        this.panelRequested = false;
        this.model.update(this);
      },
    };
    resource.sendModifiersMap(new Uint8Array());
  }

  get client() {
    return this.resource.client;
  }

  enter(surface: Surface): void {
    this.focus = surface;
    this.serial = this.display.nextSerial();
    this.resource.sendEnter(this.serial, surface.resource);
    this.panelState(this.model.panelStateFor(surface));
    this.resource.sendLanguage(this.languageTag());
    this.resource.sendTextDirection(ZwpTextInputV2TextDirection.ltr);
  }

  leave(surface: Surface): void {
    this.focus = null;
    this.resource.sendLeave(this.display.nextSerial(), surface.resource);
  }

  panelState(rect: Rect | null): void {
    if (rect)
      this.resource.sendInputPanelState(
        Visibility.visible,
        rect.x,
        rect.y,
        rect.width,
        rect.height,
      );
    else this.resource.sendInputPanelState(Visibility.hidden, 0, 0, 0, 0);
  }

  destroy(resource: ZwpTextInputV2Resource): void {
    resource.destroy();
  }

  enable(_r: ZwpTextInputV2Resource, surface: WlSurfaceResource): void {
    this.enabledSurface = Surface.from(surface) ?? null;
    this.model.update(this);
  }

  disable(_r: ZwpTextInputV2Resource, surface: WlSurfaceResource): void {
    if (this.enabledSurface && this.enabledSurface.resource !== surface) return;
    this.enabledSurface = null;
    this.panelRequested = false;
    this.model.update(this);
  }

  showInputPanel(): void {
    this.panelRequested = true;
    this.model.update(this);
  }

  hideInputPanel(): void {
    this.panelRequested = false;
    this.model.update(this);
  }

  setSurroundingText(
    _r: ZwpTextInputV2Resource,
    text: string,
    cursor: number,
    anchor: number,
  ): void {
    this.pending.surroundingText = { text, cursor, anchor };
  }

  setContentType(_r: ZwpTextInputV2Resource, hint: number, purpose: number): void {
    this.pending.contentType = { hint, purpose };
  }

  setCursorRectangle(
    _r: ZwpTextInputV2Resource,
    x: number,
    y: number,
    width: number,
    height: number,
  ): void {
    this.pending.cursorRectangle = { x, y, width, height };
  }

  setPreferredLanguage(_r: ZwpTextInputV2Resource, language: string): void {
    this.pending.language = language;
  }

  updateState(_r: ZwpTextInputV2Resource, serial: number, reason: number): void {
    const pending = this.pending;
    this.pending = {};
    if (serial !== this.serial) return; // state of a focus that is gone
    applyState(this, pending);
    // anything but `change`: another widget, or the client reset its composition
    if (reason !== ZwpTextInputV2UpdateState.change) {
      this.context.generation = (this.context.generation ?? 0) + 1;
    }
    this.model.update(this);
  }
}

function applyState(input: TextInputV2, pending: PendingState): void {
  if (pending.surroundingText) {
    const { text, cursor, anchor } = pending.surroundingText;
    Object.assign(input.context, { surroundingText: text, cursor, anchor });
  }
  if (pending.contentType) {
    input.context.hints = pending.contentType.hint;
    input.context.purpose = V1_V2_PURPOSES[pending.contentType.purpose] ?? 'normal';
  }
  if (pending.cursorRectangle) input.cursorRectangle = pending.cursorRectangle;
  if (pending.language !== undefined) input.preferredLanguage = pending.language;
}

export function createTextInputManagerV2(
  display: Display,
  modelFor: (seat: WlSeatResource) => TextInputModel | undefined,
  time: () => number,
  languageTag: () => string,
): void {
  display.createGlobal(ZwpTextInputManagerV2Resource, 1, (manager) => {
    manager.implement({
      destroy: (r) => r.destroy(),
      getTextInput: (_r, id, seat) => {
        const model = modelFor(seat);
        if (!model) return;
        const input = new TextInputV2(id, model, display, time, languageTag);
        model.add(input);
      },
    });
  });
}
