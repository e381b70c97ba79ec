// libinput events (as native/seat.cc reports them) → the compositor's input sink: keys,
// relative and absolute pointer motion, buttons, touch points on the output each touch
// screen belongs to, and Ctrl+Alt+Fn as a VT switch (as weston binds it).
import type { BackendOutput, InputSink } from '../backend.js';

export interface InputDevice {
  device: number;
  name: string;
  sysname: string;
  keyboard: boolean;
  pointer: boolean;
  touch: boolean;
  /** the device's physical size, when libinput knows it (touch screens, tablets) */
  widthMm?: number;
  heightMm?: number;
  /** udev's WL_OUTPUT property: the output the device belongs to */
  outputName?: string;
}

export type InputEvent =
  | ({ type: 'device-added' } & InputDevice)
  | { type: 'device-removed'; device: number }
  | { type: 'key'; code: number; pressed: boolean }
  | { type: 'motion'; dx: number; dy: number }
  | { type: 'motion-absolute'; device: number; x: number; y: number }
  | { type: 'button'; code: number; pressed: boolean }
  | { type: 'touch-down' | 'touch-motion'; device: number; slot: number; x: number; y: number }
  | { type: 'touch-up'; slot: number }
  | { type: 'touch-cancel' };

/** how far a device's size may be from an output's and still be its screen */
const SIZE_TOLERANCE_MM = 5;

/**
 * The output an absolute device (a touch screen) belongs to: the one udev names
 * (WL_OUTPUT), else the one whose physical size matches the device's, else the first.
 */
export function outputForDevice(
  device: InputDevice | undefined,
  outputs: readonly BackendOutput[],
): BackendOutput | undefined {
  if (!device) return outputs[0];
  const named = outputs.find((o) => o.info.name === device.outputName);
  if (named) return named;
  const { widthMm, heightMm } = device;
  if (widthMm && heightMm) {
    const near = (a: number, b: number) => Math.abs(a - b) <= SIZE_TOLERANCE_MM;
    const sized = outputs.find(({ info: { physicalSizeMm: s } }) => {
      return near(s.width, widthMm) && near(s.height, heightMm);
    });
    if (sized) return sized;
  }
  return outputs[0];
}

const KEY_LEFTCTRL = 29;
const KEY_RIGHTCTRL = 97;
const KEY_LEFTALT = 56;
const KEY_RIGHTALT = 100;
/** evdev codes of F1..F12 */
const FUNCTION_KEYS = [59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88];

export class InputTranslator {
  private readonly devices = new Map<number, InputDevice>();
  private readonly held = new Set<number>();
  /** touch slots down, and the Fn key a VT switch swallowed */
  private readonly slots = new Set<number>();
  private swallowed: number | null = null;

  constructor(
    private readonly sink: InputSink,
    private readonly outputs: () => readonly BackendOutput[],
    private readonly switchVt: (vt: number) => void,
  ) {}

  handle(events: readonly InputEvent[]): void {
    for (const event of events) this.one(event);
  }

  private one(event: InputEvent): void {
    switch (event.type) {
      case 'device-added': {
        const { type: _type, ...device } = event;
        this.devices.set(device.device, device);
        return;
      }
      case 'device-removed':
        this.devices.delete(event.device);
        return;
      case 'key':
        this.key(event.code, event.pressed);
        return;
      case 'motion':
        this.sink.pointerMotionRelative(event.dx, event.dy);
        return;
      case 'motion-absolute': {
        const output = outputForDevice(this.devices.get(event.device), this.outputs());
        const { width, height } = output?.info.mode ?? { width: 0, height: 0 };
        if (output) this.sink.pointerMotion(output, event.x * width, event.y * height);
        return;
      }
      case 'button':
        this.sink.pointerButton(event.code, event.pressed);
        return;
      case 'touch-down':
      case 'touch-motion': {
        const output = outputForDevice(this.devices.get(event.device), this.outputs());
        if (!output) return;
        // libinput gives the fraction of the screen; the panel's pixels are the mode's
        const x = event.x * output.info.mode.width;
        const y = event.y * output.info.mode.height;
        if (event.type === 'touch-down') {
          this.slots.add(event.slot);
          this.sink.touchDown(output, event.slot, x, y);
        } else if (this.slots.has(event.slot)) {
          this.sink.touchMotion(output, event.slot, x, y);
        }
        return;
      }
      case 'touch-up':
        if (this.slots.delete(event.slot)) this.sink.touchUp(event.slot);
        return;
      case 'touch-cancel':
        for (const slot of this.slots) this.sink.touchUp(slot);
        this.slots.clear();
        return;
    }
  }

  private key(code: number, pressed: boolean): void {
    if (pressed) this.held.add(code);
    else this.held.delete(code);
    const ctrl = this.held.has(KEY_LEFTCTRL) || this.held.has(KEY_RIGHTCTRL);
    const alt = this.held.has(KEY_LEFTALT) || this.held.has(KEY_RIGHTALT);
    const vt = FUNCTION_KEYS.indexOf(code) + 1;
    if (pressed && ctrl && alt && vt > 0) {
      this.swallowed = code;
      this.switchVt(vt);
      return;
    }
    if (!pressed && code === this.swallowed) {
      this.swallowed = null;
      return;
    }
    this.sink.key(code, pressed);
  }

  /** the seat was taken away: keys and touches held now will never be released by events */
  releaseAll(): void {
    for (const code of this.held) this.sink.key(code, false);
    this.held.clear();
    for (const slot of this.slots) this.sink.touchUp(slot);
    this.slots.clear();
  }
}
