// Kiosk policy: every toplevel fills its output's work area (the output less what panels
// reserve: a shown keyboard panel, layer-shell exclusive zones), the newest mapped toplevel
// has keyboard focus, and closing it gives focus back to the previous one. Popups are placed
// by their positioner inside the parent's output.
import { XdgToplevelState } from '../../generated/index.js';
import type { Output } from '../output.js';
import { intersects, type Rect } from '../region.js';
import type { Scene } from '../scene.js';
import type { Seat } from '../seat/seat.js';
import type { Surface } from '../surface.js';
import type { Popup, PopupParent } from '../xdg-shell/popup.js';
import type { Toplevel } from '../xdg-shell/toplevel.js';
import type { XdgShell } from '../xdg-shell/wm-base.js';

/** How a panel (a layer surface) treats keyboard focus: see KioskShell.setPanel. */
export type PanelFocus = 'none' | 'on-demand' | 'exclusive';

/** space kept between a panned field's cursor and the keyboard */
const PAN_MARGIN = 8;

export class KioskShell implements XdgShell {
  /** mapped toplevels, oldest first: the last one has focus */
  readonly mapped: Toplevel[] = [];
  readonly outputOf = new Map<Toplevel, Output>();
  private readonly grabbedPopups: Popup[] = [];
  /** toplevels placed by hand (wlcs, `ctl position`): their window origin in the layout */
  private readonly fixedPositions = new Map<Toplevel, { x: number; y: number }>();
  /** output-local areas reserved per output, by owner (the built-in panel, each layer
   *  surface): owners come and go without clobbering each other */
  private readonly reserved = new Map<Output, Map<unknown, Rect>>();
  /** mapped root surfaces outside the app stack (layer surfaces), oldest first, and how
   *  they treat keyboard focus */
  private readonly panels = new Map<Surface, PanelFocus>();
  /** the focused text field's cursor rectangle, local to its surface (the composition root
   *  sets this from the text-input model); null when no field is active */
  cursorRectOf: (surface: Surface) => Rect | null = () => null;

  constructor(
    private readonly scene: Scene,
    private readonly outputs: () => Output[],
    private readonly seat: Seat,
  ) {}

  /** The area (layout coordinates) a toplevel on this output fills: the output less every
   *  reserved strip, each cut away on the side that leaves the most. */
  workArea(output: Output): Rect {
    let area = output.bounds();
    for (const rect of this.reserved.get(output)?.values() ?? []) area = cutAway(area, rect);
    return { x: output.x + area.x, y: output.y + area.y, width: area.width, height: area.height };
  }

  /** `owner` reserves `rect` (output-local) of this output, or nothing (null); the default
   *  owner is the built-in keyboard panel */
  setReserved(output: Output, rect: Rect | null, owner: unknown = 'keyboard-panel'): void {
    let owners = this.reserved.get(output);
    if (rect) {
      if (!owners) this.reserved.set(output, (owners = new Map()));
      owners.set(owner, rect);
    } else if (owners?.delete(owner) && owners.size === 0) {
      this.reserved.delete(output);
    }
    for (const toplevel of this.mapped) {
      if (this.outputOf.get(toplevel) !== output) continue;
      this.configure(toplevel);
      this.place(toplevel); // a panned window goes back down at once when the panel hides
    }
  }

  /** an output's size or position changed: its toplevels fill the new work area */
  outputChanged(output: Output): void {
    for (const [toplevel, shownOn] of this.outputOf) {
      if (shownOn !== output) continue;
      this.configure(toplevel);
      this.place(toplevel);
    }
  }

  outputAt(x: number, y: number): Output | undefined {
    return this.outputs().find(
      (o) => x >= o.x && y >= o.y && x < o.x + o.width && y < o.y + o.height,
    );
  }

  /** the output showing a surface (by its root's position) */
  outputOfSurface(surface: Surface): Output | undefined {
    const root = rootOf(surface);
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
    const origin = this.fixedPositions.get(toplevel) ?? this.workArea(output);
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
    this.focusUnlessHeld(toplevel.surface);
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
      if (!this.hasPanelFocus()) this.seat.keyboard.setFocus(next?.surface ?? null);
      if (next) this.configure(next);
    }
  }

  toplevelRequest(toplevel: Toplevel): void {
    this.configure(toplevel);
  }

  popupBounds(parent: PopupParent): Rect {
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
    this.scene.add(popup.surface, this.scene.popupLayerFor(rootOf(popup.surface)));
    if (popup.grabbed) this.focusUnlessHeld(popup.surface);
  }

  unmapPopup(popup: Popup): void {
    this.scene.remove(popup.surface);
    const index = this.grabbedPopups.indexOf(popup);
    if (index >= 0) this.grabbedPopups.splice(index, 1);
    if (this.seat.keyboard.focus === popup.surface) {
      // back to the grab below, else to the panel the menu came from, else to the app
      const root = rootOf(popup.surface);
      const panel = this.panels.get(root);
      const next =
        this.grabbedPopups[this.grabbedPopups.length - 1]?.surface ??
        (panel && panel !== 'none' ? root : this.focusedToplevel()?.surface) ??
        null;
      this.seat.keyboard.setFocus(next);
    }
  }

  /** a root surface moved to another scene layer: its mapped popups follow, still above it */
  restackPopups(root: Surface): void {
    for (const popup of this.scene.popups)
      if (popup !== root && rootOf(popup) === root)
        this.scene.add(popup, this.scene.popupLayerFor(root));
  }

  grabPopup(popup: Popup): void {
    this.grabbedPopups.push(popup);
  }

  /**
   * A mapped root surface outside the app stack (a layer surface) and how it treats keyboard
   * focus, or null once it unmapped. `on-demand` takes focus when it maps and when pressed;
   * a press on an app takes it back. `exclusive` takes focus and holds it while mapped, the
   * newest such panel winning. `none` never has focus, and a press on it leaves focus and
   * popup grabs alone (an on-screen keyboard must not close the menu it types into). A panel
   * that unmaps or stops wanting focus gives it back to the focused app.
   */
  setPanel(surface: Surface, focus: PanelFocus | null): void {
    const before = this.panels.get(surface);
    if (before !== focus) {
      this.panels.delete(surface); // re-added last: the newest exclusive panel wins
      if (focus) this.panels.set(surface, focus);
    }
    const holder = this.focusHolder();
    const current = this.seat.keyboard.focus;
    // (the holder keeps focus on a grabbing popup of its own)
    if (holder) {
      if (!current || rootOf(current) !== holder) this.seat.keyboard.setFocus(holder);
    } else if (focus === 'on-demand' && before === undefined) this.seat.keyboard.setFocus(surface);
    // a destroyed surface lost focus (to null) on its way out, before it unmapped
    else if (focus !== 'on-demand' && (current === surface || (!current && surface.destroyed)))
      this.focusApp();
  }

  /** A press: during a popup grab, one on a surface of the grabbing client goes to it as
   *  usual and changes nothing (xdg_popup.grab's "owner-events"), any other dismisses the
   *  popups, topmost first. On a window without focus it activates that window (click to
   *  focus, as weston's kiosk-shell); on a panel, see setPanel. */
  pressAt(surface: Surface | null): void {
    const root = surface && rootOf(surface);
    const panel = root ? this.panels.get(root) : undefined;
    if (panel === 'none') return;
    if (this.grabbedPopups.length) {
      const owner = this.grabbedPopups[this.grabbedPopups.length - 1].surface.client;
      if (surface?.client === owner) return;
      for (const popup of [...this.grabbedPopups].reverse()) popup.dismiss();
      this.grabbedPopups.length = 0;
    }
    if (panel && root) {
      this.focusUnlessHeld(root);
      return;
    }
    const toplevel = this.mapped.find((t) => t.surface === root);
    if (toplevel && toplevel !== this.focusedToplevel()) this.activate(toplevel);
    else if (toplevel && this.hasPanelFocus()) this.focusApp();
  }

  /** the newest mapped panel holding exclusive keyboard focus, if any */
  private focusHolder(): Surface | null {
    let holder: Surface | null = null;
    for (const [surface, focus] of this.panels) if (focus === 'exclusive') holder = surface;
    return holder;
  }

  /** focus `surface` unless an exclusive panel holds focus (its own popups may take it) */
  private focusUnlessHeld(surface: Surface | null): void {
    const holder = this.focusHolder();
    if (!holder || (surface && rootOf(surface) === holder)) this.seat.keyboard.setFocus(surface);
  }

  /** a panel, or a popup of one, has keyboard focus */
  private hasPanelFocus(): boolean {
    const focus = this.seat.keyboard.focus;
    return !!focus && this.panels.has(rootOf(focus));
  }

  /** keyboard focus back to the focused app (from a panel that had it) */
  private focusApp(): void {
    this.focusUnlessHeld(this.focusedToplevel()?.surface ?? null);
  }

  private activate(toplevel: Toplevel): void {
    const previous = this.focusedToplevel();
    this.mapped.splice(this.mapped.indexOf(toplevel), 1);
    this.mapped.push(toplevel);
    this.scene.add(toplevel.surface, 'apps');
    this.focusUnlessHeld(toplevel.surface);
    this.configure(toplevel);
    if (previous) this.configure(previous);
  }
}

function rootOf(surface: Surface): Surface {
  let root = surface;
  while (root.parent) root = root.parent;
  return root;
}

/** `area` less the part `strip` covers: of the four parts of `area` beside the strip (above,
 *  below, left, right), the largest; a strip along the bottom leaves the part above it. */
function cutAway(area: Rect, strip: Rect): Rect {
  if (!intersects(area, strip)) return area;
  const right = area.x + area.width;
  const bottom = area.y + area.height;
  const stripRight = strip.x + strip.width;
  const stripBottom = strip.y + strip.height;
  const parts: Rect[] = [
    { x: area.x, y: area.y, width: area.width, height: strip.y - area.y },
    { x: area.x, y: stripBottom, width: area.width, height: bottom - stripBottom },
    { x: area.x, y: area.y, width: strip.x - area.x, height: area.height },
    { x: stripRight, y: area.y, width: right - stripRight, height: area.height },
  ];
  const size = (r: Rect) => Math.max(0, r.width) * Math.max(0, r.height);
  const best = parts.reduce((a, b) => (size(b) > size(a) ? b : a));
  return { ...best, width: Math.max(1, best.width), height: Math.max(1, best.height) };
}
