// The parent's seat drives wayboard's: a pointer or finger in a nested window is a pointer or
// finger on that output at the same pixel (so the on-screen keyboard can be clicked), and the
// parent's keys are typed through wayboard's own keymap (only the evdev codes cross over; the
// parent's keymap is not used).
import type { BackendOutput, InputSink } from '../backend.js';
import type { Proxy } from './connection.js';
import { parentNative } from './native-client.js';

const CAPABILITY_POINTER = 1;
const CAPABILITY_KEYBOARD = 2;
const CAPABILITY_TOUCH = 4;
const PRESSED = 1;
/** the events we use are all in wl_seat 5 (and release requests exist from there) */
export const SEAT_VERSION = 5;

export class ParentSeat {
  private pointer: Proxy | null = null;
  private keyboard: Proxy | null = null;
  private touch: Proxy | null = null;
  private pointerOutput: BackendOutput | null = null;
  private readonly touchOutputs = new Map<number, BackendOutput>();
  private readonly pressedKeys = new Set<number>();

  constructor(
    private readonly seat: Proxy,
    private readonly input: InputSink,
    /** the output whose window a parent wl_surface is, by the surface's proxy token */
    private readonly outputOf: (surfaceToken: number) => BackendOutput | undefined,
  ) {
    seat.on('capabilities', (caps: number) => this.capabilities(caps));
  }

  private capabilities(caps: number): void {
    if (caps & CAPABILITY_POINTER) this.pointer ??= this.createPointer();
    else this.pointer = this.release(this.pointer);
    if (caps & CAPABILITY_KEYBOARD) this.keyboard ??= this.createKeyboard();
    else {
      this.releaseKeys();
      this.keyboard = this.release(this.keyboard);
    }
    if (caps & CAPABILITY_TOUCH) this.touch ??= this.createTouch();
    else {
      this.cancelTouches();
      this.touch = this.release(this.touch);
    }
  }

  private release(device: Proxy | null): null {
    if (device && device.version >= 3) device.destroyWith('release');
    else device?.forget();
    return null;
  }

  private createPointer(): Proxy {
    const input = this.input;
    return this.seat
      .request('get_pointer')
      .on('enter', (_serial: number, surface: number | null, x: number, y: number) => {
        this.pointerOutput = (surface !== null && this.outputOf(surface)) || null;
        if (this.pointerOutput) input.pointerMotion(this.pointerOutput, x, y);
      })
      .on('leave', () => (this.pointerOutput = null))
      .on('motion', (_time: number, x: number, y: number) => {
        if (this.pointerOutput) input.pointerMotion(this.pointerOutput, x, y);
      })
      .on('button', (_serial: number, _time: number, button: number, state: number) => {
        if (this.pointerOutput) input.pointerButton(button, state === PRESSED);
      });
  }

  private createKeyboard(): Proxy {
    return this.seat
      .request('get_keyboard')
      .on('keymap', (_format: number, fd: number) => parentNative.closeFd(fd))
      .on('leave', () => this.releaseKeys())
      .on('key', (_serial: number, _time: number, key: number, state: number) => {
        // keys held when the window got focus were pressed elsewhere: not ours to release
        if (state === PRESSED) this.pressedKeys.add(key);
        else if (!this.pressedKeys.delete(key)) return;
        this.input.key(key, state === PRESSED);
      });
  }

  /** focus went elsewhere in the parent: keys held here would stick otherwise */
  private releaseKeys(): void {
    for (const key of this.pressedKeys) this.input.key(key, false);
    this.pressedKeys.clear();
  }

  private createTouch(): Proxy {
    const input = this.input;
    return this.seat
      .request('get_touch')
      .on(
        'down',
        (_s: number, _t: number, surface: number | null, id: number, x: number, y: number) => {
          const output = surface !== null ? this.outputOf(surface) : undefined;
          if (!output) return;
          this.touchOutputs.set(id, output);
          input.touchDown(output, id, x, y);
        },
      )
      .on('motion', (_time: number, id: number, x: number, y: number) => {
        const output = this.touchOutputs.get(id);
        if (output) input.touchMotion(output, id, x, y);
      })
      .on('up', (_serial: number, _time: number, id: number) => {
        if (this.touchOutputs.delete(id)) input.touchUp(id);
      })
      .on('cancel', () => this.cancelTouches());
  }

  private cancelTouches(): void {
    for (const id of this.touchOutputs.keys()) this.input.touchUp(id);
    this.touchOutputs.clear();
  }

  destroy(): void {
    this.pointer = this.release(this.pointer);
    this.keyboard = this.release(this.keyboard);
    this.touch = this.release(this.touch);
    if (this.seat.version >= 5) this.seat.destroyWith('release');
  }
}
