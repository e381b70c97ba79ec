// wl_keyboard: the seat's xkb keymap (shared sealed memfd), key state, focus with
// enter/leave carrying the pressed keys, key and modifiers events to the focused client only.
import { native, type ModifierState } from '../../native.js';
import {
  WlKeyboardKeyState,
  WlKeyboardKeymapFormat,
  type WlKeyboardResource,
} from '../../generated/index.js';
import type { Surface } from '../surface.js';
import type { Display } from '../wayland/display.js';
import { ConfigError } from '../../errors.js';

export class Keyboard {
  readonly resources = new Set<WlKeyboardResource>();
  focus: Surface | null = null;
  readonly pressed = new Set<number>();
  modifiers: ModifierState = { depressed: 0, latched: 0, locked: 0, group: 0 };
  keymap: number;
  private state: number;
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
  }

  onFocusChange(listener: (surface: Surface | null) => void): void {
    this.focusListeners.push(listener);
  }

  addResource(resource: WlKeyboardResource): void {
    this.resources.add(resource);
    resource.onDestroy(() => this.resources.delete(resource));
    resource.implement({ release: (r) => r.destroy() });
    const { fd, size } = native.keymapFd(this.keymap);
    resource.sendKeymap(WlKeyboardKeymapFormat.xkbV1, fd, size);
    resource.sendRepeatInfo(25, 600);
    if (this.focus && this.focus.client === resource.client) {
      this.sendEnter(resource, this.focus, this.display.nextSerial());
    }
  }

  private focusedResources(): WlKeyboardResource[] {
    const focus = this.focus;
    if (!focus) return [];
    return [...this.resources].filter((r) => r.client === focus.client);
  }

  private sendEnter(resource: WlKeyboardResource, surface: Surface, serial: number): void {
    const keys = new Uint8Array(new Uint32Array([...this.pressed]).buffer);
    resource.sendEnter(serial, surface.resource, keys);
    const m = this.modifiers;
    resource.sendModifiers(serial, m.depressed, m.latched, m.locked, m.group);
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
    for (const r of this.focusedResources()) r.sendKey(serial, this.time(), code, state);
    this.updateModifiers(native.stateUpdateKey(this.state, code, pressed));
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
    const serial = this.display.nextSerial();
    for (const r of this.focusedResources())
      r.sendModifiers(serial, m.depressed, m.latched, m.locked, m.group);
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
