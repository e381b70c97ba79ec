// wl_keyboard: the seat's xkb keymap (shared sealed memfd), key state, focus with
// enter/leave carrying the pressed keys, key and modifiers events to the focused client only.
// Keys may also come from a client's virtual keyboard with a keymap of its own: the focused
// client's wl_keyboards get that keymap before its keys and the seat's again before the
// seat's keys (wlroots switches the seat's active keyboard the same way). While an input
// method grabs the keyboard, the seat's own keys go to the grab instead.
import { native, type ModifierState } from '../../native.js';
import {
  WlKeyboardKeyState,
  WlKeyboardKeymapFormat,
  type WlKeyboardResource,
} from '../../generated/index.js';
import type { Surface } from '../surface.js';
import type { Display } from '../wayland/display.js';
import { ConfigError } from '../../errors.js';

/** A keymap as wl_keyboard.keymap sends it. */
export interface KeymapFile {
  format: number;
  fd: number;
  size: number;
}

/** Where keys come from: the seat's keyboard, or a client's virtual keyboard. */
export interface KeySource {
  readonly keymap: KeymapFile;
  readonly modifiers: ModifierState;
}

/** Takes the seat's own keys while it exists (input-method-v2's keyboard grab). */
export interface KeyboardGrab {
  key(serial: number, time: number, code: number, state: number): void;
  modifiers(serial: number, m: ModifierState): void;
}

export const REPEAT = { rate: 25, delay: 600 } as const;

export class Keyboard {
  readonly resources = new Set<WlKeyboardResource>();
  focus: Surface | null = null;
  readonly pressed = new Set<number>();
  /** pressed keys the focused client was sent (not the grab) */
  private readonly delivered = new Set<number>();
  modifiers: ModifierState = { depressed: 0, latched: 0, locked: 0, group: 0 };
  keymap: number;
  grab: KeyboardGrab | null = null;
  /** the seat's keymap as wl_keyboard.keymap sends it */
  readonly keymapFile: KeymapFile;
  private state: number;
  private readonly own: KeySource;
  /** the source whose keymap the focused client was last given */
  private active: KeySource;
  private readonly sentKeymap = new WeakMap<WlKeyboardResource, KeymapFile>();
  private readonly focusListeners: ((surface: Surface | null) => void)[] = [];

  constructor(
    private readonly display: Display,
    layout: string,
    private readonly time: () => number,
  ) {
    try {
      this.keymap = native.keymapNew('evdev', 'pc105', layout, '', '');
    } catch (error) {
      throw new ConfigError(`--layout ${layout}: ${(error as Error).message}`);
    }
    this.state = native.stateNew(this.keymap);
    this.keymapFile = { format: WlKeyboardKeymapFormat.xkbV1, ...native.keymapFd(this.keymap) };
    const seatModifiers = () => this.modifiers;
    this.own = {
      keymap: this.keymapFile,
      get modifiers() {
        return seatModifiers();
      },
    };
    this.active = this.own;
  }

  onFocusChange(listener: (surface: Surface | null) => void): void {
    this.focusListeners.push(listener);
  }

  addResource(resource: WlKeyboardResource): void {
    this.resources.add(resource);
    resource.onDestroy(() => this.resources.delete(resource));
    resource.implement({ release: (r) => r.destroy() });
    this.sendKeymap(resource, this.active.keymap);
    resource.sendRepeatInfo(REPEAT.rate, REPEAT.delay);
    if (this.focus && this.focus.client === resource.client) {
      this.sendEnter(resource, this.focus, this.display.nextSerial());
    }
  }

  private focusedResources(): WlKeyboardResource[] {
    const focus = this.focus;
    if (!focus) return [];
    return [...this.resources].filter((r) => r.client === focus.client);
  }

  private sendKeymap(resource: WlKeyboardResource, keymap: KeymapFile): void {
    resource.sendKeymap(keymap.format, keymap.fd, keymap.size);
    this.sentKeymap.set(resource, keymap);
  }

  private sendEnter(resource: WlKeyboardResource, surface: Surface, serial: number): void {
    if (this.sentKeymap.get(resource) !== this.active.keymap)
      this.sendKeymap(resource, this.active.keymap);
    const keys = new Uint8Array(new Uint32Array([...this.pressed]).buffer);
    resource.sendEnter(serial, surface.resource, keys);
    const m = this.active.modifiers;
    resource.sendModifiers(serial, m.depressed, m.latched, m.locked, m.group);
  }

  /** the focused client is about to get keys from `source`: give it that keymap first */
  private activate(source: KeySource): void {
    const previous = this.active;
    this.active = source;
    let switched = false;
    for (const r of this.focusedResources()) {
      if (this.sentKeymap.get(r) === source.keymap) continue;
      this.sendKeymap(r, source.keymap);
      switched = true;
    }
    if (switched || previous !== source) this.sendModifiers(source.modifiers);
  }

  private sendModifiers(m: ModifierState): void {
    const serial = this.display.nextSerial();
    for (const r of this.focusedResources())
      r.sendModifiers(serial, m.depressed, m.latched, m.locked, m.group);
  }

  setFocus(surface: Surface | null): void {
    if (surface === this.focus) return;
    const serial = this.display.nextSerial();
    for (const r of this.focusedResources()) r.sendLeave(serial, this.focus!.resource);
    this.focus = surface && !surface.destroyed ? surface : null;
    for (const r of this.focusedResources()) this.sendEnter(r, this.focus!, serial);
    for (const listener of this.focusListeners) listener(this.focus);
  }

  /** a key from a real or injected keyboard, as an evdev code */
  key(code: number, pressed: boolean): void {
    if (pressed === this.pressed.has(code)) return;
    if (pressed) this.pressed.add(code);
    else this.pressed.delete(code);
    const serial = this.display.nextSerial();
    const state = pressed ? WlKeyboardKeyState.pressed : WlKeyboardKeyState.released;
    // a key the client saw go down also comes up there, grab or not
    const releaseOfDelivered = !pressed && this.delivered.has(code);
    if (this.grab && !releaseOfDelivered) this.grab.key(serial, this.time(), code, state);
    else {
      this.activate(this.own);
      for (const r of this.focusedResources()) r.sendKey(serial, this.time(), code, state);
      if (pressed) this.delivered.add(code);
      else this.delivered.delete(code);
    }
    this.updateModifiers(native.stateUpdateKey(this.state, code, pressed));
  }

  /** a key from a virtual keyboard, in its own keymap, to the focused client */
  virtualKey(source: KeySource, time: number, code: number, pressed: boolean): void {
    this.activate(source);
    const serial = this.display.nextSerial();
    const state = pressed ? WlKeyboardKeyState.pressed : WlKeyboardKeyState.released;
    for (const r of this.focusedResources()) r.sendKey(serial, time, code, state);
  }

  /** a virtual keyboard's modifiers changed (source.modifiers holds them already) */
  virtualModifiers(source: KeySource): void {
    if (this.active === source) this.sendModifiers(source.modifiers);
    else this.activate(source);
  }

  /** a virtual keyboard went away: new wl_keyboards and the next enter get the seat's keymap */
  sourceGone(source: KeySource): void {
    if (this.active === source) this.active = this.own;
  }

  /** switch the active xkb layout group (the on-screen keyboard's language key) */
  setLayoutGroup(group: number): void {
    this.updateModifiers(native.stateSetLayout(this.state, group));
  }

  private updateModifiers(m: ModifierState): void {
    const old = this.modifiers;
    if (
      old.depressed === m.depressed &&
      old.latched === m.latched &&
      old.locked === m.locked &&
      old.group === m.group
    )
      return;
    this.modifiers = m;
    if (this.grab) this.grab.modifiers(this.display.nextSerial(), m);
    else if (this.active === this.own) this.sendModifiers(m);
  }

  /** evdev code for a keysym name ("a", "Return") or a number ("30") */
  codeFor(name: string): number | null {
    if (/^\d+$/.test(name)) return Number(name);
    const sym = native.keysymFromName(name);
    return sym ? this.codeForKeysym(sym) : null;
  }

  /** evdev code of a key that has this keysym at some level of some layout */
  codeForKeysym(sym: number): number | null {
    for (let layout = 0; layout < native.keymapLayoutCount(this.keymap); layout++) {
      for (const key of native.keymapKeys(this.keymap, layout))
        if (key.levels.includes(sym)) return key.keycode;
    }
    return null;
  }
}
