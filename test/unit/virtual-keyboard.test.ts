// Unit tests of zwp_virtual_keyboard_v1 with the seat keyboard: its keys reach the focused
// client with its own keymap, the seat's keymap comes back before the seat's keys, keys before
// a keymap are a no_keymap error, untrusted clients are unauthorized.
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Keyboard } from '../../src/compositor/seat/keyboard.js';
import { createVirtualKeyboardManager } from '../../src/compositor/virtual-keyboard.js';
import type { Display } from '../../src/compositor/wayland/display.js';
import type {
  WlKeyboardResource,
  ZwpVirtualKeyboardV1Requests,
} from '../../src/generated/index.js';
import {
  fakeClient,
  fakeDisplay,
  fakeResource,
  fakeSurface,
  type Sent,
} from '../harness/text-input-fakes.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-vk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** a resource that keeps its handler and destroy listeners, and records errors */
function recorder<H>(client = fakeClient(5)) {
  const errors: [number, string][] = [];
  const destroyListeners: (() => void)[] = [];
  const r = {
    client,
    handler: null as H | null,
    implement(h: H) {
      r.handler = h;
      return r;
    },
    onDestroy: (l: () => void) => destroyListeners.push(l),
    postError: (code: number, message: string) => errors.push([code, message]),
    destroy: () => destroyListeners.splice(0).forEach((l) => l()),
  };
  return { r, errors };
}

function keymapFd(text: string): { fd: number; size: number } {
  const file = path.join(dir, `keymap-${Math.random()}`);
  writeFileSync(file, text + '\0');
  return { fd: openSync(file, 'r'), size: Buffer.byteLength(text) + 1 };
}

function setup(trusted = true) {
  const keyboard = new Keyboard(fakeDisplay, 'us', () => 1000);
  const app = fakeClient(1);
  const surface = fakeSurface(10, app);
  const wl = fakeResource<WlKeyboardResource>(app);
  keyboard.addResource(wl.resource);
  keyboard.setFocus(surface);
  wl.sent.length = 0;
  let bind: (resource: unknown) => void = () => {};
  const display = {
    ...fakeDisplay,
    createGlobal: (_c: unknown, _v: number, b: typeof bind) => (bind = b),
  } as unknown as Display;
  createVirtualKeyboardManager(display, keyboard, () => trusted);
  const manager = recorder<{ createVirtualKeyboard(r: unknown, s: unknown, id: unknown): void }>();
  bind(manager.r);
  const vk = recorder<ZwpVirtualKeyboardV1Requests>();
  manager.r.handler!.createVirtualKeyboard(manager.r, {}, vk.r);
  const requests = vk.r.handler!;
  const call = vk.r as never;
  return { keyboard, wl, vk, manager, requests, call };
}

/** [event, keycode] for keys, [event, format] for keymaps, [event] for the rest */
const summary = (sent: Sent[]) =>
  sent.map((e) => (e[0] === 'Key' ? ['Key', e[3], e[4]] : e[0] === 'Keymap' ? ['Keymap'] : [e[0]]));

describe('virtual keyboard', () => {
  it('types with its own keymap, and the seat keymap comes back for the seat keys', () => {
    const { keyboard, wl, requests, call } = setup();
    const { fd, size } = keymapFd('xkb_keymap { fake }');
    requests.keymap(call, 1, fd, size);
    expect(wl.sent).toEqual([]); // nothing until a key
    requests.key(call, 5, 30, 1);
    requests.key(call, 6, 30, 0);
    expect(summary(wl.sent)).toEqual([['Keymap'], ['Modifiers'], ['Key', 30, 1], ['Key', 30, 0]]);
    const [, format, copy, copySize] = wl.sent[0];
    expect([format, copySize]).toEqual([1, size]);
    // the client gets a copy of the bytes, through an fd opened read-only
    expect(readFileSync(`/proc/self/fd/${copy}`, 'utf8')).toBe('xkb_keymap { fake }\0');
    const flags = /flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${copy}`, 'utf8'))!;
    expect(parseInt(flags[1], 8) & 3).toBe(0); // O_RDONLY
    wl.sent.length = 0;
    keyboard.key(31, true);
    expect(summary(wl.sent)).toEqual([['Keymap'], ['Modifiers'], ['Key', 31, 1]]);
    expect(wl.sent[0].slice(1)).toEqual([1, keyboard.keymapFile.fd, keyboard.keymapFile.size]);
    wl.sent.length = 0;
    keyboard.key(31, false); // same keymap already: just the key
    expect(summary(wl.sent)).toEqual([['Key', 31, 0]]);
  });

  it('sends its modifiers in its own keymap', () => {
    const { wl, requests, call } = setup();
    const { fd, size } = keymapFd('xkb_keymap { fake }');
    requests.keymap(call, 1, fd, size);
    requests.modifiers(call, 1, 0, 2, 0);
    expect(wl.sent.map((e) => e[0])).toEqual(['Keymap', 'Modifiers']);
    expect(wl.sent[1].slice(2)).toEqual([1, 0, 2, 0]);
  });

  it('is a no_keymap error to send keys or modifiers before a keymap', () => {
    const { wl, vk, requests, call } = setup();
    requests.key(call, 0, 30, 1);
    requests.modifiers(call, 1, 0, 0, 0);
    expect(vk.errors.map((e) => e[0])).toEqual([0, 0]);
    expect(wl.sent).toEqual([]);
  });

  it('releases its keys still down when it goes away', () => {
    const { wl, vk, requests, call } = setup();
    const { fd, size } = keymapFd('xkb_keymap { fake }');
    requests.keymap(call, 1, fd, size);
    requests.key(call, 5, 30, 1);
    wl.sent.length = 0;
    vk.r.destroy();
    expect(summary(wl.sent)).toEqual([['Key', 30, 0]]);
  });

  it('refuses keymaps it cannot read, and untrusted clients', () => {
    const { vk, requests, call } = setup();
    const errors: string[] = [];
    (vk.r.client as { postImplementationError?: (m: string) => void }).postImplementationError = (
      m,
    ) => errors.push(m);
    const { fd } = keymapFd('short');
    requests.keymap(call, 1, fd, 4096); // the file is shorter than it claims
    expect(errors[0]).toMatch(/keymap/);
    const untrusted = setup(false);
    expect(untrusted.manager.errors.map((e) => e[0])).toEqual([0]); // unauthorized
  });
});
