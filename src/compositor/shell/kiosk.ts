// Kiosk policy: every toplevel fills its output's work area (the output less a shown
// keyboard panel), the newest mapped toplevel has keyboard focus, and closing it gives focus
// back to the previous one. Popups are placed by their positioner inside the parent's output.
import { XdgToplevelState } from '../../generated/index.js';
import type { Output } from '../output.js';
import type { Rect } from '../region.js';
import type { Scene } from '../scene.js';
import type { Seat } from '../seat/seat.js';
import type { Surface } from '../surface.js';
import type { Popup } from '../xdg-shell/popup.js';
import type { Toplevel } from '../xdg-shell/toplevel.js';
import type { XdgShell } from '../xdg-shell/wm-base.js';
import type { XdgSurface } from '../xdg-shell/xdg-surface.js';

/** space kept between a panned field's cursor and the keyboard */
const PAN_MARGIN = 8;

export class KioskShell implements XdgShell {
  /** mapped toplevels, oldest first: the last one has focus */
  readonly mapped: Toplevel[] = [];
  readonly outputOf = new Map<Toplevel, Output>();
  private readonly grabbedPopups: Popup[] = [];
  /** toplevels placed by hand (wlcs, `ctl position`): their window origin in the layout */
  private readonly fixedPositions = new Map<Toplevel, { x: number; y: number }>();
  /** output-local area taken by the keyboard panel, per output */
  private readonly reserved = new Map<Output, Rect>();
  /** the focused text field's cursor rectangle, local to its surface (the composition root
   *  sets this from the text-input model); null when no field is active */
  cursorRectOf: (surface: Surface) => Rect | null = () => null;

  constructor(
    private readonly scene: Scene,
    private readonly outputs: () => Output[],
    private readonly seat: Seat,
  ) {}

  /** The area a toplevel on this output fills: all of it, or above a shown panel. */
  workArea(output: Output): Rect {
    const reserved = this.reserved.get(output);
    const height = reserved ? Math.max(1, reserved.y) : output.height;
    return { x: output.x, y: output.y, width: output.width, height };
  }

  /** the keyboard panel covers `rect` (output-local) of this output, or nothing (null) */
  setReserved(output: Output, rect: Rect | null): void {
    if (rect) this.reserved.set(output, rect);
    else this.reserved.delete(output);
    for (const toplevel of this.mapped) {
      if (this.outputOf.get(toplevel) !== output) continue;
      this.configure(toplevel);
      this.place(toplevel); // a panned window goes back down at once when the panel hides
    }
  }

  outputAt(x: number, y: number): Output | undefined {
    return this.outputs().find(
      (o) => x >= o.x && y >= o.y && x < o.x + o.width && y < o.y + o.height,
    );
  }

  /** the output showing a surface (by its root's position) */
  outputOfSurface(surface: Surface): Output | undefined {
    let root = surface;
    while (root.parent) root = root.parent;
    const toplevel = this.mapped.find((t) => t.surface === root);
    if (toplevel) return this.outputOf.get(toplevel);
    const p = this.scene.position(surface);
    return this.outputAt(p.x, p.y) ?? this.outputs()[0];
  }

  /** a toplevel by its client's token and its wl_surface's object id */
  toplevelOf(clientToken: number, surfaceId: number): Toplevel | undefined {
    for (const toplevel of this.outputOf.keys()) {
      const surface = toplevel.surface;
      if (surface.client.token === clientToken && surface.resource.id === surfaceId)
        return toplevel;
    }
    return undefined;
  }

  focusedToplevel(): Toplevel | null {
    return this.mapped[this.mapped.length - 1] ?? null;
  }

  toplevelCreated(toplevel: Toplevel): void {
    // a new app goes to an output without one, else beside the focused app
    const outputs = this.outputs();
    const used = new Set(this.outputOf.values());
    const focused = this.focusedToplevel();
    const output =
      outputs.find((o) => !used.has(o)) ?? (focused && this.outputOf.get(focused)) ?? outputs[0];
    this.outputOf.set(toplevel, output);
    toplevel.onDestroy(() => this.outputOf.delete(toplevel));
    toplevel.surface.onCommit(() => this.place(toplevel));
    this.configure(toplevel, true);
  }

  private configure(toplevel: Toplevel, activated = this.focusedToplevel() === toplevel): void {
    const output = this.outputOf.get(toplevel);
    if (!output) return;
    const area = this.workArea(output);
    const states: number[] = [XdgToplevelState.maximized];
    if (activated) states.push(XdgToplevelState.activated);
    toplevel.configure(area.width, area.height, states);
  }

  /** put the window geometry's origin at the work area's origin (panned up if need be) */
  private place(toplevel: Toplevel): void {
    const output = this.outputOf.get(toplevel);
    if (!output || !toplevel.xdgSurface.isMapped) return;
    const geometry = toplevel.xdgSurface.windowGeometry;
    const origin = this.fixedPositions.get(toplevel) ?? output;
    const x = origin.x - geometry.x;
    const y = origin.y - geometry.y - this.panOf(toplevel, output);
    if (x === toplevel.surface.x && y === toplevel.surface.y) return;
    this.scene.damageTree(toplevel.surface);
    toplevel.surface.x = x;
    toplevel.surface.y = y;
    this.scene.damageTree(toplevel.surface);
  }

  /**
   * How far to move a window up so the focused field's cursor shows above the keyboard:
   * only for a window that answered the configure above the panel and still did not shrink
   * (a fixed size), and only as far as its own overflow. 0 when it fits.
   */
  private panOf(toplevel: Toplevel, output: Output): number {
    if (!this.reserved.has(output) || toplevel !== this.focusedToplevel()) return 0;
    const geometry = toplevel.xdgSurface.windowGeometry;
    const visibleHeight = this.workArea(output).height;
    const overflow = geometry.height - visibleHeight;
    const cursor = this.cursorRectOf(toplevel.surface);
    if (overflow <= 0 || !cursor || !toplevel.xdgSurface.settled) return 0;
    const cursorBottom = cursor.y + cursor.height - geometry.y + PAN_MARGIN;
    return Math.min(overflow, Math.max(0, cursorBottom - visibleHeight));
  }

  /** the focused field moved (or its cursor did): keep it in view */
  followCursor(): void {
    const focused = this.focusedToplevel();
    if (focused) this.place(focused);
  }

  /** put a toplevel's window geometry origin at a layout position, from now on */
  placeAt(toplevel: Toplevel, x: number, y: number): void {
    this.fixedPositions.set(toplevel, { x, y });
    toplevel.onDestroy(() => this.fixedPositions.delete(toplevel));
    this.place(toplevel);
  }

  mapToplevel(toplevel: Toplevel): void {
    this.pressAt(null); // a new window ends popup grabs, as a click elsewhere would
    const previous = this.focusedToplevel();
    this.mapped.push(toplevel);
    this.place(toplevel);
    this.scene.add(toplevel.surface, 'apps');
    this.seat.keyboard.setFocus(toplevel.surface);
    // focus is settled now: the new window hears it is active, the previous one that it is not
    // (unless it mapped before acking its first configure, which already said so)
    if (toplevel.xdgSurface.configured) this.configure(toplevel);
    if (previous) this.configure(previous);
  }

  unmapToplevel(toplevel: Toplevel): void {
    const index = this.mapped.indexOf(toplevel);
    if (index < 0) return;
    const hadFocus = index === this.mapped.length - 1;
    this.mapped.splice(index, 1);
    this.scene.remove(toplevel.surface);
    const next = this.focusedToplevel();
    if (hadFocus) {
      this.seat.keyboard.setFocus(next?.surface ?? null);
      if (next) this.configure(next);
    }
  }

  toplevelRequest(toplevel: Toplevel): void {
    this.configure(toplevel);
  }

  popupBounds(parent: XdgSurface): Rect {
    const output = this.outputOfSurface(parent.surface) ?? this.outputs()[0];
    const origin = this.scene.position(parent.surface);
    const geometry = parent.windowGeometry;
    return {
      x: output.x - origin.x - geometry.x,
      y: output.y - origin.y - geometry.y,
      width: output.width,
      height: output.height,
    };
  }

  mapPopup(popup: Popup): void {
    this.scene.add(popup.surface, 'popups');
    if (popup.grabbed) this.seat.keyboard.setFocus(popup.surface);
  }

  unmapPopup(popup: Popup): void {
    this.scene.remove(popup.surface);
    const index = this.grabbedPopups.indexOf(popup);
    if (index >= 0) this.grabbedPopups.splice(index, 1);
    if (this.seat.keyboard.focus === popup.surface) {
      const parent =
        this.grabbedPopups[this.grabbedPopups.length - 1]?.surface ??
        this.focusedToplevel()?.surface ??
        null;
      this.seat.keyboard.setFocus(parent);
    }
  }

  grabPopup(popup: Popup): void {
    this.grabbedPopups.push(popup);
  }

  /** A press: outside the grabbing popups it dismisses them, topmost first; on a window
   *  without focus it activates that window (click to focus, as weston's kiosk-shell). */
  pressAt(surface: Surface | null): void {
    if (this.grabbedPopups.length) {
      for (let s = surface; s; s = s.parent)
        if (this.grabbedPopups.some((p) => p.surface === s)) return;
      for (const popup of [...this.grabbedPopups].reverse()) popup.dismiss();
      this.grabbedPopups.length = 0;
    }
    let root = surface;
    while (root?.parent) root = root.parent;
    const toplevel = this.mapped.find((t) => t.surface === root);
    if (toplevel && toplevel !== this.focusedToplevel()) this.activate(toplevel);
  }

  private activate(toplevel: Toplevel): void {
    const previous = this.focusedToplevel();
    this.mapped.splice(this.mapped.indexOf(toplevel), 1);
    this.mapped.push(toplevel);
    this.scene.add(toplevel.surface, 'apps');
    this.seat.keyboard.setFocus(toplevel.surface);
    this.configure(toplevel);
    if (previous) this.configure(previous);
  }
}
