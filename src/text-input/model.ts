// The per-seat text-input model: which text field has focus (it follows the seat's keyboard
// focus), whether the panel should show, and where text from the input method goes.
// Protocol adapters (v1, v2, v3) plug in as TextInputAdapters; the keyboard talks to the
// model through InputMethodSink and TextFieldContext only.
import type { Rect } from '../compositor/region.js';
import type { Surface } from '../compositor/surface.js';
import type { Client } from '../compositor/wayland/resource.js';
import type { InputMethodSink, TextFieldContext } from './input-method.js';

/** One text-input object of one client, whatever its protocol version. */
export interface TextInputAdapter {
  readonly client: Client;
  readonly protocol: 'text-input-v1' | 'text-input-v2' | 'text-input-v3';
  /** the surface it is enabled on (v2/v1) or its focus while enabled (v3), else null */
  readonly enabledSurface: Surface | null;
  /** the client asked for the panel (show_input_panel) and did not hide it since */
  readonly panelRequested: boolean;
  readonly context: TextFieldContext;
  readonly cursorRectangle: Rect;
  readonly sink: InputMethodSink;
  enter(surface: Surface): void;
  leave(surface: Surface): void;
  /** the panel's area in the focused surface's coordinates, or null when hidden */
  panelState(rect: Rect | null): void;
}

/** How the model drives the panel (the built-in keyboard implements it). */
export interface PanelController {
  show(surface: Surface): void;
  hide(): void;
  contextChanged(): void;
  /** focus is about to leave the active field: text under composition goes in now */
  focusLeaving?(): void;
}

export class TextInputModel {
  readonly adapters = new Set<TextInputAdapter>();
  focus: Surface | null = null;
  /** the panel's area in layout coordinates while shown */
  panelRect: Rect | null = null;
  panel: PanelController | null = null;
  private lastActive: TextInputAdapter | null = null;

  constructor(
    readonly seatName: string,
    private readonly originOf: (surface: Surface) => { x: number; y: number },
  ) {}

  add(adapter: TextInputAdapter): void {
    this.adapters.add(adapter);
    if (this.focus && this.focus.client === adapter.client) adapter.enter(this.focus);
  }

  remove(adapter: TextInputAdapter): void {
    this.adapters.delete(adapter);
    this.update();
  }

  private focusedAdapters(): TextInputAdapter[] {
    const focus = this.focus;
    return focus ? [...this.adapters].filter((a) => a.client === focus.client) : [];
  }

  /** keyboard focus moved: text-input focus follows */
  setFocus(surface: Surface | null): void {
    if (surface === this.focus) return;
    const old = this.focus;
    // (not while the client goes away: nothing may be sent to it then)
    if (old && !old.destroyed && !old.client.destroyed) this.panel?.focusLeaving?.();
    if (old) for (const a of this.focusedAdapters()) a.leave(old);
    this.focus = surface;
    if (surface) for (const a of this.focusedAdapters()) a.enter(surface);
    this.update();
  }

  /** the enabled text input on the focused surface, if any (only it receives text) */
  active(): TextInputAdapter | null {
    const focus = this.focus;
    if (!focus) return null;
    const enabled = this.focusedAdapters().filter((a) => a.enabledSurface === focus);
    if (this.lastActive && enabled.includes(this.lastActive)) return this.lastActive;
    return enabled[enabled.length - 1] ?? null;
  }

  /** an adapter's state changed (enable, show/hide request, committed state) */
  update(changed?: TextInputAdapter): void {
    if (changed && changed.enabledSurface && changed.enabledSurface === this.focus)
      this.lastActive = changed;
    const active = this.active();
    if (!this.panel) return;
    if (active && active.panelRequested && this.focus) {
      this.panel.show(this.focus);
      this.panel.contextChanged();
    } else {
      this.panel.hide();
    }
  }

  /** the panel moved, appeared (rect) or went away (null): tell the focused fields */
  panelChanged(rect: Rect | null): void {
    this.panelRect = rect;
    const focus = this.focus;
    if (!focus) return;
    const origin = this.originOf(focus);
    const local = rect && {
      x: rect.x - origin.x,
      y: rect.y - origin.y,
      width: rect.width,
      height: rect.height,
    };
    for (const a of this.focusedAdapters()) a.panelState(local);
  }

  /** the panel's area as the focused surface sees it (for enter events) */
  panelStateFor(surface: Surface): Rect | null {
    if (!this.panelRect) return null;
    const origin = this.originOf(surface);
    return {
      x: this.panelRect.x - origin.x,
      y: this.panelRect.y - origin.y,
      width: this.panelRect.width,
      height: this.panelRect.height,
    };
  }

  sink(): InputMethodSink | null {
    return this.active()?.sink ?? null;
  }

  context(): TextFieldContext | null {
    return this.active()?.context ?? null;
  }

  /** `seats[].text_input` of `wayboard ctl state` */
  describe(): Record<string, unknown> | null {
    const active = this.active() ?? this.focusedAdapters()[0];
    if (!active) return null;
    const c = active.context;
    return {
      client_pid: active.client.pid,
      surface: this.focus?.id ?? null,
      protocol: active.protocol,
      enabled: active.enabledSurface !== null && active.enabledSurface === this.focus,
      panel_requested: active.panelRequested,
      content_hint: c.hints,
      content_purpose: c.purpose,
      surrounding_text: c.surroundingText,
      cursor: c.cursor,
      anchor: c.anchor,
      cursor_rectangle: active.cursorRectangle,
    };
  }
}
