// wl_pointer: focus follows the surface under the pointer (held during a button grab),
// motion and buttons in surface-local coordinates to the focused client only.
import {
  WlPointerButtonState,
  WlPointerError,
  type WlPointerResource,
} from '../../generated/index.js';
import type { Hit } from '../scene.js';
import { Surface } from '../surface.js';
import type { Display } from '../wayland/display.js';

const CURSOR_ROLE = { name: 'cursor' };

export const BUTTON_CODES = { left: 0x110, right: 0x111, middle: 0x112 } as const;

export class Pointer {
  readonly resources = new Set<WlPointerResource>();
  focus: Surface | null = null;
  x = 0;
  y = 0;
  private readonly buttons = new Set<number>();
  /** the surface-local position last sent, to notice a surface moving under the pointer */
  private sentX = 0;
  private sentY = 0;
  /** surface that received the press: motion stays with it until release (implicit grab) */
  private grabOrigin: { x: number; y: number } | null = null;

  constructor(
    private readonly display: Display,
    private readonly time: () => number,
    private readonly surfaceAt: (x: number, y: number) => Hit | null,
    private readonly originOf: (surface: Surface) => { x: number; y: number },
  ) {}

  addResource(resource: WlPointerResource): void {
    this.resources.add(resource);
    resource.onDestroy(() => this.resources.delete(resource));
    resource.implement({
      release: (r) => r.destroy(),
      setCursor: (r, _serial, surface) => {
        // the cursor is not drawn (touch screens), but the role rules still hold
        const cursor = surface && Surface.from(surface);
        if (cursor) cursor.setRole(CURSOR_ROLE, r, WlPointerError.role);
      },
    });
    // a wl_pointer made while its client's surface has the pointer hears so at once (a
    // client binding late, e.g. a nested wayboard whose window mapped under the pointer)
    const focus = this.focus;
    if (focus && !focus.destroyed && focus.client === resource.client) {
      resource.sendEnter(this.display.nextSerial(), focus.resource, this.sentX, this.sentY);
      resource.sendFrame();
    }
  }

  private focusedResources(): WlPointerResource[] {
    const focus = this.focus;
    return focus ? [...this.resources].filter((r) => r.client === focus.client) : [];
  }

  private frame(): void {
    for (const r of this.focusedResources()) r.sendFrame();
  }

  /** re-evaluate what is under the pointer (after motion, or when the scene changed) */
  motion(x: number, y: number): void {
    this.x = x;
    this.y = y;
    const hit = this.grabOrigin ? null : this.surfaceAt(x, y);
    const target = this.grabOrigin ? this.focus : (hit?.surface ?? null);
    const origin = target ? this.originOf(target) : { x: 0, y: 0 };
    const sx = x - origin.x;
    const sy = y - origin.y;
    if (target !== this.focus) {
      this.enter(target, sx, sy);
      return;
    }
    if (!target) return;
    for (const r of this.focusedResources()) r.sendMotion(this.time(), sx, sy);
    this.sentX = sx;
    this.sentY = sy;
    this.frame();
  }

  /** the scene changed under a still pointer: enter what is now below it, no motion */
  refresh(): void {
    if (this.grabOrigin) return;
    const hit = this.surfaceAt(this.x, this.y);
    if ((hit?.surface ?? null) !== this.focus)
      this.enter(hit?.surface ?? null, hit?.sx ?? 0, hit?.sy ?? 0);
    else if (hit && (hit.sx !== this.sentX || hit.sy !== this.sentY)) this.motion(this.x, this.y); // it moved under us
  }

  private enter(surface: Surface | null, sx: number, sy: number): void {
    const serial = this.display.nextSerial();
    if (this.focus && !this.focus.destroyed) {
      for (const r of this.focusedResources()) r.sendLeave(serial, this.focus.resource);
      this.frame();
    }
    this.focus = surface;
    if (!surface) return;
    for (const r of this.focusedResources()) r.sendEnter(serial, surface.resource, sx, sy);
    this.sentX = sx;
    this.sentY = sy;
    this.frame();
  }

  button(code: number, pressed: boolean): void {
    if (pressed === this.buttons.has(code)) return;
    if (pressed) this.buttons.add(code);
    else this.buttons.delete(code);
    const serial = this.display.nextSerial();
    const state = pressed ? WlPointerButtonState.pressed : WlPointerButtonState.released;
    for (const r of this.focusedResources()) r.sendButton(serial, this.time(), code, state);
    this.frame();
    this.grabOrigin = this.buttons.size > 0 && this.focus ? { x: this.x, y: this.y } : null;
    if (!this.grabOrigin) this.motion(this.x, this.y);
  }

  /** a surface went away or the scene changed under a still pointer */
  surfaceGone(surface: Surface): void {
    if (this.focus === surface) {
      this.focus = null;
      this.grabOrigin = null;
      this.buttons.clear();
    }
  }
}
