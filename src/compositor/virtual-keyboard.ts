// zwp_virtual_keyboard_manager_v1: a trusted client (an on-screen keyboard such as squeekboard
// or wvkbd) types into the focused client with a keymap of its own. The keymap's bytes are
// copied into a file of ours that receivers get read-only (the sender's fd may be a pipe, or
// change later); the seat's keyboard gives the focused client that keymap before these keys.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { native, type ModifierState } from '../native.js';
import {
  WlKeyboardKeymapFormat,
  ZwpVirtualKeyboardManagerV1Error,
  ZwpVirtualKeyboardManagerV1Resource,
  ZwpVirtualKeyboardV1Error,
  type ZwpVirtualKeyboardV1Requests,
  type ZwpVirtualKeyboardV1Resource,
} from '../generated/index.js';
import type { Keyboard, KeymapFile, KeySource } from './seat/keyboard.js';
import type { Display } from './wayland/display.js';
import type { Client } from './wayland/resource.js';

/** xkb keymaps are tens of kilobytes; this bounds what one request makes us copy */
const MAX_KEYMAP_BYTES = 1 << 20;

/** the keys' source as the seat keyboard sees it; set once a keymap came */
interface Source extends KeySource {
  keymap: KeymapFile;
  modifiers: ModifierState;
}

class VirtualKeyboard implements ZwpVirtualKeyboardV1Requests {
  private source: Source | null = null;
  private readonly pressed = new Set<number>();
  private lastTime = 0;

  constructor(
    resource: ZwpVirtualKeyboardV1Resource,
    private readonly keyboard: Keyboard,
  ) {
    resource.implement(this);
    resource.onDestroy(() => this.gone());
  }

  keymap(resource: ZwpVirtualKeyboardV1Resource, format: number, fd: number, size: number): void {
    const isXkb = format === WlKeyboardKeymapFormat.xkbV1;
    if (!isXkb) closeSync(fd);
    const file = isXkb ? copyKeymap(fd, size) : null;
    if (!file) {
      resource.client.postImplementationError(
        `zwp_virtual_keyboard_v1.keymap: need an xkb_v1 keymap of 1 to ${MAX_KEYMAP_BYTES} ` +
          `bytes in a readable, seekable fd (got format ${format}, size ${size})`,
      );
      return;
    }
    if (!this.source) {
      this.source = { keymap: file, modifiers: { depressed: 0, latched: 0, locked: 0, group: 0 } };
      return;
    }
    closeSync(this.source.keymap.fd); // receivers hold their own copies of the fd
    this.source.keymap = file;
  }

  key(resource: ZwpVirtualKeyboardV1Resource, time: number, key: number, state: number): void {
    const source = this.sourceFor(resource, 'key');
    if (!source) return;
    const pressed = state !== 0;
    if (pressed === this.pressed.has(key)) return;
    this.lastTime = time;
    if (pressed) this.pressed.add(key);
    else this.pressed.delete(key);
    this.keyboard.virtualKey(source, time, key, pressed);
  }

  modifiers(
    resource: ZwpVirtualKeyboardV1Resource,
    depressed: number,
    latched: number,
    locked: number,
    group: number,
  ): void {
    const source = this.sourceFor(resource, 'modifiers');
    if (!source) return;
    source.modifiers = { depressed, latched, locked, group };
    this.keyboard.virtualModifiers(source);
  }

  destroy(resource: ZwpVirtualKeyboardV1Resource): void {
    resource.destroy();
  }

  private sourceFor(resource: ZwpVirtualKeyboardV1Resource, request: string): Source | null {
    if (!this.source)
      resource.postError(ZwpVirtualKeyboardV1Error.noKeymap, `${request} before any keymap`);
    return this.source;
  }

  /** keys still down are released, as when a physical keyboard is unplugged */
  private gone(): void {
    const source = this.source;
    if (!source) return;
    for (const key of this.pressed) this.keyboard.virtualKey(source, this.lastTime, key, false);
    this.pressed.clear();
    this.keyboard.sourceGone(source);
    closeSync(source.keymap.fd);
    this.source = null;
  }
}

/** Copies a client's keymap into a memfd of ours and returns a read-only fd of it; always
 *  closes the client's fd. Null when the fd cannot be read at offset 0 for `size` bytes. */
function copyKeymap(fd: number, size: number): KeymapFile | null {
  try {
    if (size < 1 || size > MAX_KEYMAP_BYTES) return null;
    const bytes = Buffer.alloc(size);
    for (let got = 0; got < size;) {
      const n = readSync(fd, bytes, got, size - got, got);
      if (n === 0) return null;
      got += n;
    }
    const writable = native.memfdOfSize(size);
    try {
      writeSync(writable, bytes, 0, size, 0);
      // receivers get an fd they cannot write through (close-on-exec, as Node opens files)
      return {
        format: WlKeyboardKeymapFormat.xkbV1,
        fd: openSync(`/proc/self/fd/${writable}`, 'r'),
        size,
      };
    } finally {
      closeSync(writable);
    }
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The zwp_virtual_keyboard_manager_v1 global; only clients `visible` accepts see it. */
export function createVirtualKeyboardManager(
  display: Display,
  keyboard: Keyboard,
  visible: (client: Client) => boolean,
): void {
  display.createGlobal(
    ZwpVirtualKeyboardManagerV1Resource,
    1,
    (manager) => {
      manager.implement({
        createVirtualKeyboard: (r, _seat, id) => {
          if (!visible(r.client)) {
            r.postError(ZwpVirtualKeyboardManagerV1Error.unauthorized, 'not a trusted client');
            return;
          }
          new VirtualKeyboard(id, keyboard);
        },
      });
    },
    visible,
  );
}
