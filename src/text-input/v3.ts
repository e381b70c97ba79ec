// zwp_text_input_manager_v3 (GTK 3/4, foot, Chromium): a thin adapter over the per-seat
// model. State is double-buffered and applied on commit; `done` carries the number of
// commits received on the object and follows every commit (and every batch of text events)
// while the object has focus. v3 has no panel event and no keysym event: an enable shows the
// keyboard (a second enable too: GTK and Chromium re-enable on a tap to bring back a hidden
// keyboard), and keys without text go through the seat's wl_keyboard.
import {
  ZwpTextInputManagerV3Resource,
  ZwpTextInputV3ChangeCause,
  type WlSeatResource,
  type ZwpTextInputV3Requests,
  type ZwpTextInputV3Resource,
} from '../generated/index.js';
import type { Rect } from '../compositor/region.js';
import type { Surface } from '../compositor/surface.js';
import type { Display } from '../compositor/wayland/display.js';
import { CONTENT_PURPOSES, emptyContext, type InputMethodSink } from './input-method.js';
import type { TextInputAdapter, TextInputModel } from './model.js';

/** presses or releases the key that types `keysym` for the focused client (its wl_keyboard) */
export type KeyPresser = (keysym: number, pressed: boolean) => void;

interface PendingState {
  /** enable (true) or disable (false) committed with this batch, if any */
  enable?: boolean;
  surroundingText?: { text: string; cursor: number; anchor: number };
  changeCause?: number;
  contentType?: { hint: number; purpose: number };
  cursorRectangle?: Rect;
}

export class TextInputV3 implements ZwpTextInputV3Requests, TextInputAdapter {
  readonly protocol = 'text-input-v3';
  panelRequested = false;
  context = emptyContext();
  cursorRectangle: Rect = { x: 0, y: 0, width: 0, height: 0 };
  /** commit requests received on this object: the serial of `done` */
  commits = 0;
  private enabled = false;
  private focus: Surface | null = null;
  private pending: PendingState = {};
  readonly sink: InputMethodSink;

  constructor(
    readonly resource: ZwpTextInputV3Resource,
    private readonly model: TextInputModel,
    display: Display,
    pressKey: KeyPresser,
  ) {
    resource.implement(this);
    resource.onDestroy(() => model.remove(this));
    const live = () => this.focus !== null && this.model.active() === this;
    // each action is a batch of events the client applies on the `done` that ends it,
    // unless a batch() gathers several under one `done`
    let batching = false;
    let batched = false;
    const done = () => {
      resource.sendDone(this.commits);
      display.flush();
    };
    const send = (post: () => void) => {
      if (!live()) return;
      post();
      if (batching) batched = true;
      else done();
    };
    this.sink = {
      commitString: (s) => send(() => resource.sendCommitString(s)),
      preeditString: (s, cursorBytes, cursorEndBytes) => {
        const cursor = cursorBytes ?? Buffer.byteLength(s);
        send(() => resource.sendPreeditString(s, cursor, cursorEndBytes ?? cursor));
      },
      deleteSurroundingText: (before, after) =>
        send(() => resource.sendDeleteSurroundingText(before, after)),
      keysym: (sym, pressed) => {
        if (live()) pressKey(sym, pressed);
      },
      language: () => {}, // v3 has no language event
      hidePanel: () => {
        this.panelRequested = false;
        this.model.update(this);
      },
      batch: (edits) => {
        batching = true;
        try {
          edits();
        } finally {
          batching = false;
          if (batched && live()) done();
          batched = false;
        }
      },
    };
  }

  get client() {
    return this.resource.client;
  }

  /** the focused surface while enabled (what the model routes text to) */
  get enabledSurface(): Surface | null {
    return this.enabled ? this.focus : null;
  }

  enter(surface: Surface): void {
    this.focus = surface;
    this.reset(); // after enter, the client sends its state afresh
    this.resource.sendEnter(surface.resource);
  }

  leave(surface: Surface): void {
    this.focus = null;
    this.reset();
    this.resource.sendLeave(surface.resource);
  }

  private reset(): void {
    this.enabled = false;
    this.panelRequested = false;
    this.context = emptyContext();
    this.cursorRectangle = { x: 0, y: 0, width: 0, height: 0 };
    this.pending = {};
  }

  panelState(): void {} // v3 has no panel event: the client learns nothing of it

  destroy(resource: ZwpTextInputV3Resource): void {
    resource.destroy();
  }

  // enable resets everything set before it; disable keeps what follows it (in arrival order)
  enable(): void {
    this.pending = { enable: true };
  }

  disable(): void {
    this.pending = { ...this.pending, enable: false };
  }

  setSurroundingText(
    _r: ZwpTextInputV3Resource,
    text: string,
    cursor: number,
    anchor: number,
  ): void {
    this.pending.surroundingText = { text, cursor, anchor };
  }

  setTextChangeCause(_r: ZwpTextInputV3Resource, cause: number): void {
    this.pending.changeCause = cause;
  }

  setContentType(_r: ZwpTextInputV3Resource, hint: number, purpose: number): void {
    this.pending.contentType = { hint, purpose };
  }

  setCursorRectangle(
    _r: ZwpTextInputV3Resource,
    x: number,
    y: number,
    width: number,
    height: number,
  ): void {
    this.pending.cursorRectangle = { x, y, width, height };
  }

  commit(): void {
    this.commits++;
    const pending = this.pending;
    this.pending = {};
    if (!this.focus) return; // between leave and the next enter, requests are ignored
    if (pending.enable !== undefined) {
      const show = pending.enable;
      this.reset();
      this.enabled = show;
      this.panelRequested = show; // an enable (even a repeated one) asks for the keyboard
    }
    applyState(this, pending);
    this.model.update(this);
    this.resource.sendDone(this.commits);
  }
}

function applyState(input: TextInputV3, pending: PendingState): void {
  // the cause applies to this commit only; its initial value is input_method
  input.context.changeCause =
    pending.changeCause === ZwpTextInputV3ChangeCause.other ? 'other' : 'input-method';
  if (pending.surroundingText) {
    const { text, cursor, anchor } = pending.surroundingText;
    Object.assign(input.context, { surroundingText: text, cursor, anchor });
  }
  if (pending.contentType) {
    input.context.hints = pending.contentType.hint;
    input.context.purpose = CONTENT_PURPOSES[pending.contentType.purpose] ?? 'normal';
  }
  if (pending.cursorRectangle) input.cursorRectangle = pending.cursorRectangle;
}

export function createTextInputManagerV3(
  display: Display,
  modelFor: (seat: WlSeatResource) => TextInputModel | undefined,
  pressKey: KeyPresser,
): void {
  display.createGlobal(ZwpTextInputManagerV3Resource, 1, (manager) => {
    manager.implement({
      destroy: (r) => r.destroy(),
      getTextInput: (_r, id, seat) => {
        const model = modelFor(seat);
        if (!model) return;
        model.add(new TextInputV3(id, model, display, pressKey));
      },
    });
  });
}
