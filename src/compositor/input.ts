// Input routing: a pointer or touch point goes to an overlay (the keyboard panel) when it
// lands on one, otherwise to the surface under it; a press also ends popup grabs.
import type { Scene, Overlay } from './scene.js';
import type { Seat } from './seat/seat.js';
import type { KioskShell } from './shell/kiosk.js';
import { BUTTON_CODES } from './seat/pointer.js';

/** What an overlay does with input (the on-screen keyboard implements it). */
export interface OverlayInput {
  /** id: a touch id, or -1 for the pointer; x/y in layout coordinates */
  press(id: number, x: number, y: number): void;
  move(id: number, x: number, y: number): void;
  release(id: number): void;
  /** a press landed outside it while it is shown, before the surface under it gets it (the
   *  keyboard commits the word it is composing, which a toolkit could drop on refocus) */
  pressedElsewhere?(): void;
}

export class InputRouter {
  private readonly overlayHandlers = new Map<Overlay, OverlayInput>();
  /** touch points (and the pointer, -1) that began on an overlay stay with it */
  private readonly overlayPoints = new Map<number, OverlayInput>();
  private pointerButtons = 0;

  constructor(
    private readonly scene: Scene,
    private readonly seat: Seat,
    private readonly shell: KioskShell,
  ) {}

  addOverlay(overlay: Overlay, handler: OverlayInput): void {
    this.scene.overlays.push(overlay);
    this.overlayHandlers.set(overlay, handler);
  }

  private overlayHandlerAt(x: number, y: number): OverlayInput | undefined {
    const overlay = this.scene.overlayAt(x, y);
    return overlay ? this.overlayHandlers.get(overlay) : undefined;
  }

  pointerMove(x: number, y: number): void {
    const handler = this.overlayPoints.get(-1);
    if (handler) {
      handler.move(-1, x, y);
      return;
    }
    this.seat.pointer.motion(x, y);
  }

  pointerButton(button: keyof typeof BUTTON_CODES, pressed: boolean): void {
    const { x, y } = this.seat.pointer;
    const held = this.overlayPoints.get(-1);
    if (held || (pressed && this.pointerButtons === 0 && this.overlayHandlerAt(x, y))) {
      const handler = held ?? this.overlayHandlerAt(x, y)!;
      if (pressed && button === 'left' && !held) {
        this.overlayPoints.set(-1, handler);
        handler.press(-1, x, y);
      } else if (!pressed && button === 'left' && held) {
        this.overlayPoints.delete(-1);
        handler.release(-1);
      }
      return;
    }
    this.pointerButtons += pressed ? 1 : -1;
    if (pressed) this.pressedElsewhere();
    if (pressed) this.shell.pressAt(this.scene.surfaceAt(x, y)?.surface ?? null);
    this.seat.pointer.button(BUTTON_CODES[button], pressed);
  }

  touchDown(id: number, x: number, y: number): void {
    const handler = this.overlayHandlerAt(x, y);
    if (handler) {
      this.overlayPoints.set(id, handler);
      handler.press(id, x, y);
      return;
    }
    this.pressedElsewhere();
    const hit = this.scene.surfaceAt(x, y);
    this.shell.pressAt(hit?.surface ?? null);
    if (hit) this.seat.touch.down(id, hit.surface, this.scene.position(hit.surface), x, y);
  }

  private pressedElsewhere(): void {
    for (const [overlay, handler] of this.overlayHandlers) {
      if (overlay.visible) handler.pressedElsewhere?.();
    }
  }

  touchMotion(id: number, x: number, y: number): void {
    const handler = this.overlayPoints.get(id);
    if (handler) handler.move(id, x, y);
    else this.seat.touch.motion(id, x, y);
  }

  touchUp(id: number): void {
    const handler = this.overlayPoints.get(id);
    if (handler) {
      this.overlayPoints.delete(id);
      handler.release(id);
    } else {
      this.seat.touch.up(id);
    }
  }
}
