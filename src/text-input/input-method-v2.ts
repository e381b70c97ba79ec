// zwp_input_method_manager_v2: an external input method (squeekboard, fcitx5...) serves the
// seat's text fields instead of the built-in keyboard. The relay is the model's
// PanelController: it speaks for the focused field (activate, the field's state, deactivate,
// each batch ended by `done`) and applies the input method's double-buffered edits on
// commit(serial) to the field's InputMethodSink. A commit whose serial is behind the `done`
// events sent still applies (the protocol: "proceed as normal"; a key tapped while the field
// echoed the previous one must not be lost). Popups and the keyboard grab: input-method-v2-parts.ts.
import {
  ZwpInputMethodManagerV2Resource,
  ZwpTextInputV3ChangeCause,
  type ZwpInputMethodKeyboardGrabV2Resource,
  type ZwpInputMethodV2Requests,
  type ZwpInputMethodV2Resource,
  type ZwpInputPopupSurfaceV2Resource,
  type WlSurfaceResource,
} from '../generated/index.js';
import type { Rect } from '../compositor/region.js';
import type { Scene } from '../compositor/scene.js';
import type { Keyboard } from '../compositor/seat/keyboard.js';
import type { Surface } from '../compositor/surface.js';
import type { Display } from '../compositor/wayland/display.js';
import type { Client } from '../compositor/wayland/resource.js';
import { CONTENT_PURPOSES, type TextFieldContext } from './input-method.js';
import type { PanelController, TextInputAdapter, TextInputModel } from './model.js';
import { InputPopup, grabKeyboard, inertGrab, inertPopup } from './input-method-v2-parts.js';

export interface InputMethodV2Deps {
  model: TextInputModel;
  keyboard: Keyboard;
  scene: Scene;
  /** the output area showing a surface: popups stay inside it */
  outputRect(surface: Surface): Rect;
  /** an input method was bound: it serves the text fields from now on */
  bound(relay: InputMethodRelay): void;
  /** it went away: whoever served before takes over again */
  gone(relay: InputMethodRelay): void;
}

/** commit_string, set_preedit_string, delete_surrounding_text until the next commit */
interface Edits {
  commit: string;
  preedit: { text: string; begin: number; end: number } | null;
  before: number;
  after: number;
}

const noEdits = (): Edits => ({ commit: '', preedit: null, before: 0, after: 0 });

/** surrounding_text's limit (a Wayland message holds 4096 bytes) */
const MAX_SURROUNDING_BYTES = 4000;

/** A window of at most MAX_SURROUNDING_BYTES around the cursor, cut at UTF-8 character
 *  boundaries, with cursor and anchor as offsets into it (a longer selection is cut). */
export function clipSurrounding(text: string, cursor: number, anchor: number) {
  const bytes = Buffer.from(text);
  if (bytes.length <= MAX_SURROUNDING_BYTES) return { text, cursor, anchor };
  const isContinuation = (i: number) => (bytes[i] & 0xc0) === 0x80;
  let start = Math.max(
    0,
    Math.min(cursor - MAX_SURROUNDING_BYTES / 2, bytes.length - MAX_SURROUNDING_BYTES),
  );
  while (start < cursor && isContinuation(start)) start++;
  let end = Math.min(bytes.length, start + MAX_SURROUNDING_BYTES);
  while (end > cursor && end < bytes.length && isContinuation(end)) end--;
  const at = (offset: number) => Math.max(0, Math.min(offset - start, end - start));
  return { text: bytes.subarray(start, end).toString(), cursor: at(cursor), anchor: at(anchor) };
}

/** the field as the input method last heard of it: equal strings, nothing new to send */
function stateKey(c: TextFieldContext): string {
  return JSON.stringify([c.surroundingText, c.cursor, c.anchor, c.changeCause, c.hints, c.purpose]);
}

export class InputMethodRelay implements ZwpInputMethodV2Requests, PanelController {
  /** `done` events sent: the serial a commit must carry */
  dones = 0;
  private pending = noEdits();
  /** the field activated for (null: inactive) and the context object it had then; a new
   *  object (text-input-v3 makes one on each enable) is a new activation */
  private field: { adapter: TextInputAdapter; surface: Surface; context: TextFieldContext } | null =
    null;
  private sentState = '';
  private preeditShown = false;
  private readonly popups = new Set<InputPopup>();
  private releaseGrab: (() => void) | null = null;

  constructor(
    readonly resource: ZwpInputMethodV2Resource,
    private readonly deps: InputMethodV2Deps,
    private readonly display: Display,
  ) {
    resource.implement(this);
    resource.onDestroy(() => {
      for (const popup of this.popups) popup.hide();
      this.popups.clear();
      this.releaseGrab?.();
      deps.gone(this);
    });
  }

  get active(): boolean {
    return this.field !== null;
  }

  // --- PanelController: the model speaks for the focused field ---

  show(surface: Surface): void {
    const adapter = this.deps.model.active();
    if (!adapter) return;
    const f = this.field;
    if (f && f.adapter === adapter && f.surface === surface && f.context === adapter.context)
      return; // contextChanged() sends what changed
    this.field = { adapter, surface, context: adapter.context };
    this.pending = noEdits(); // activate resets the input method's own state too
    this.preeditShown = false;
    this.resource.sendActivate();
    this.sendState(adapter.context);
    this.done();
    this.placePopups();
  }

  contextChanged(): void {
    const context = this.field?.adapter.context;
    if (!context) return;
    if (stateKey(context) !== this.sentState) {
      this.sendState(context);
      this.done();
    }
    this.placePopups(); // the cursor rectangle may have moved
  }

  hide(): void {
    if (!this.field) return;
    this.field = null;
    this.resource.sendDeactivate();
    this.done();
    for (const popup of this.popups) popup.hide();
  }

  private sendState(c: TextFieldContext): void {
    // surrounding text only from fields that tell it: its absence says "not supported"
    if (c.surroundingText !== null) {
      const { text, cursor, anchor } = clipSurrounding(c.surroundingText, c.cursor, c.anchor);
      this.resource.sendSurroundingText(text, cursor, anchor);
    }
    const cause = c.changeCause === 'other' ? 'other' : 'inputMethod';
    this.resource.sendTextChangeCause(ZwpTextInputV3ChangeCause[cause]);
    this.resource.sendContentType(c.hints, Math.max(0, CONTENT_PURPOSES.indexOf(c.purpose)));
    this.sentState = stateKey(c);
  }

  private done(): void {
    this.resource.sendDone();
    this.dones++;
  }

  // --- requests of the input method ---

  commitString(_r: ZwpInputMethodV2Resource, text: string): void {
    this.pending.commit = text;
  }

  setPreeditString(_r: ZwpInputMethodV2Resource, text: string, begin: number, end: number): void {
    this.pending.preedit = { text, begin, end };
  }

  deleteSurroundingText(_r: ZwpInputMethodV2Resource, before: number, after: number): void {
    this.pending.before = before;
    this.pending.after = after;
  }

  commit(_r: ZwpInputMethodV2Resource, serial: number): void {
    const edits = this.pending;
    this.pending = noEdits();
    void serial; // behind or not, the edits apply (see the top of this file)
    if (!this.field) return; // inactive: accepted, without effect
    const sink = this.deps.model.sink();
    if (!sink) return;
    // the protocol's order (the field takes its old preedit out first): delete around the
    // cursor, insert, then the new preedit
    const apply = () => {
      if (edits.before || edits.after) sink.deleteSurroundingText(edits.before, edits.after);
      if (edits.commit) sink.commitString(edits.commit);
      const preedit = edits.preedit;
      if (preedit) sink.preeditString(preedit.text, preedit.begin, preedit.end);
      else if (this.preeditShown) sink.preeditString(''); // its initial value is empty
      this.preeditShown = !!preedit?.text;
    };
    if (sink.batch) sink.batch(apply);
    else apply();
  }

  getInputPopupSurface(
    r: ZwpInputMethodV2Resource,
    id: ZwpInputPopupSurfaceV2Resource,
    surfaceResource: WlSurfaceResource,
  ): void {
    const popup = InputPopup.create(id, surfaceResource, r, this.deps.scene, {
      place: (p) => this.place(p),
      gone: (p) => this.popups.delete(p),
    });
    if (popup) {
      this.popups.add(popup);
      this.place(popup);
    }
  }

  grabKeyboard(_r: ZwpInputMethodV2Resource, grab: ZwpInputMethodKeyboardGrabV2Resource): void {
    this.releaseGrab?.();
    this.releaseGrab = grabKeyboard(grab, this.deps.keyboard, this.display.nextSerial());
  }

  destroy(r: ZwpInputMethodV2Resource): void {
    r.destroy();
  }

  // --- popups: near the field's cursor, above the apps, only while active ---

  private placePopups(): void {
    for (const popup of this.popups) this.place(popup);
  }

  private place(popup: InputPopup): void {
    const field = this.field;
    if (!field) return popup.hide();
    const origin = this.deps.scene.position(field.surface);
    const c = field.adapter.cursorRectangle;
    const cursor = { x: origin.x + c.x, y: origin.y + c.y, width: c.width, height: c.height };
    popup.showNear(cursor, this.deps.outputRect(field.surface));
  }
}

/** An input method that arrived while another serves the seat: told `unavailable`, inert. */
function inertInputMethod(resource: ZwpInputMethodV2Resource): void {
  resource.sendUnavailable();
  resource.implement({
    commitString() {},
    setPreeditString() {},
    deleteSurroundingText() {},
    commit() {},
    getInputPopupSurface: (_r, id) => inertPopup(id),
    grabKeyboard: (_r, grab) => inertGrab(grab),
    destroy: (r) => r.destroy(),
  });
}

/** The zwp_input_method_manager_v2 global (one seat: one input method at a time); only
 *  clients `visible` accepts see it. */
export function createInputMethodManagerV2(
  display: Display,
  deps: InputMethodV2Deps,
  visible: (client: Client) => boolean,
): void {
  let current: InputMethodRelay | null = null;
  display.createGlobal(
    ZwpInputMethodManagerV2Resource,
    1,
    (manager) => {
      manager.implement({
        getInputMethod: (_r, _seat, resource) => {
          if (current) return inertInputMethod(resource);
          const relay = new InputMethodRelay(
            resource,
            {
              ...deps,
              gone: (r) => {
                if (current === r) current = null;
                deps.gone(r);
              },
            },
            display,
          );
          current = relay;
          deps.bound(relay);
        },
        destroy: (r) => r.destroy(),
      });
    },
    visible,
  );
}
