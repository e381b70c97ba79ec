// wl_seat: always offers keyboard, pointer and touch, even headless (foot exits and Qt 6
// crashes on a compositor without a seat). Owns the three devices and their focus.
import { WlSeatCapability, WlSeatResource } from '../../generated/index.js';
import type { Scene } from '../scene.js';
import type { Display } from '../wayland/display.js';
import type { Surface } from '../surface.js';
import { Keyboard } from './keyboard.js';
import { Pointer } from './pointer.js';
import { Touch } from './touch.js';

export class Seat {
  readonly keyboard: Keyboard;
  readonly pointer: Pointer;
  readonly touch: Touch;
  readonly resources = new Set<WlSeatResource>();
  private readonly started = process.hrtime.bigint();
  /** milliseconds on the seat's input clock, as input events carry them */
  readonly time = () => Number((process.hrtime.bigint() - this.started) / 1000000n) >>> 0;

  constructor(
    display: Display,
    scene: Scene,
    readonly name: string,
    layout: string,
  ) {
    const time = this.time;
    this.keyboard = new Keyboard(display, layout, time);
    this.pointer = new Pointer(
      display,
      time,
      (x, y) => scene.surfaceAt(x, y),
      (s) => scene.position(s),
    );
    this.touch = new Touch(display, time);
    display.createGlobal(WlSeatResource, 7, (resource) => this.bind(resource));
  }

  private bind(resource: WlSeatResource): void {
    this.resources.add(resource);
    resource.onDestroy(() => this.resources.delete(resource));
    resource.implement({
      getKeyboard: (_r, keyboard) => this.keyboard.addResource(keyboard),
      getPointer: (_r, pointer) => this.pointer.addResource(pointer),
      getTouch: (_r, touch) => this.touch.addResource(touch),
      release: (r) => r.destroy(),
    });
    resource.sendCapabilities(
      WlSeatCapability.pointer | WlSeatCapability.keyboard | WlSeatCapability.touch,
    );
    resource.sendName(this.name);
  }

  surfaceGone(surface: Surface): void {
    this.pointer.surfaceGone(surface);
    this.touch.surfaceGone(surface);
    if (this.keyboard.focus === surface) this.keyboard.setFocus(null);
  }
}
