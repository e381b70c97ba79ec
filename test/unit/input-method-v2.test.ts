// Unit tests of the input-method-v2 relay: what the input method hears of the focused field
// (activate/deactivate and state, each batch ended by one `done`), the serial rule of
// commit(serial), double-buffered edits applied as one update of a text-input-v3 field,
// one input method per seat, and the keyboard grab.
import { describe, expect, it, vi } from 'vitest';
import {
  clipSurrounding,
  createInputMethodManagerV2,
  InputMethodRelay,
  type InputMethodV2Deps,
} from '../../src/text-input/input-method-v2.js';
import { TextInputV3 } from '../../src/text-input/v3.js';
import { Keyboard } from '../../src/compositor/seat/keyboard.js';
import type { Scene } from '../../src/compositor/scene.js';
import { Surface } from '../../src/compositor/surface.js';
import type { Display } from '../../src/compositor/wayland/display.js';
import type {
  WlKeyboardResource,
  WlSurfaceResource,
  ZwpInputMethodKeyboardGrabV2Resource,
  ZwpInputMethodV2Resource,
  ZwpInputPopupSurfaceV2Resource,
  ZwpTextInputV3Resource,
} from '../../src/generated/index.js';
import {
  fakeClient,
  fakeDisplay,
  fakeResource,
  modelWithTwoClients,
  type Sent,
} from '../harness/text-input-fakes.js';

const r = {} as ZwpInputMethodV2Resource;
const t = {} as ZwpTextInputV3Resource;
const names = (sent: Sent[]) => sent.map((e) => e[0]);

function setup(keyboard = {} as Keyboard, scene = {} as Partial<Scene>) {
  const { model, clientA, surfaceA } = modelWithTwoClients();
  const app = fakeResource<ZwpTextInputV3Resource>(clientA);
  const input = new TextInputV3(app.resource, model, fakeDisplay, () => {});
  model.add(input);
  const im = fakeResource<ZwpInputMethodV2Resource>(fakeClient(9));
  const deps: InputMethodV2Deps = {
    model,
    keyboard,
    scene: { position: () => ({ x: 0, y: 0 }), ...scene } as Scene,
    outputRect: () => ({ x: 0, y: 0, width: 800, height: 600 }),
    bound: () => {},
    gone: () => {},
  };
  const relay = new InputMethodRelay(im.resource, deps, fakeDisplay);
  model.panel = relay;
  model.setFocus(surfaceA);
  app.sent.length = 0;
  return { model, input, relay, im, app, clientA, surfaceA };
}

/** the app enables its field with some state and commits */
function enable(input: TextInputV3, text = 'hello', cause = 1) {
  input.enable();
  input.setSurroundingText(t, text, 5, 5);
  input.setTextChangeCause(t, cause);
  input.setContentType(t, 0x4, 7); // auto-capitalization, name
  input.commit();
}

describe('input-method-v2 relay', () => {
  it('activates with the field state, then one done; nothing new, nothing sent', () => {
    const { input, im } = setup();
    enable(input);
    expect(im.sent).toEqual([
      ['Activate'],
      ['SurroundingText', 'hello', 5, 5],
      ['TextChangeCause', 1],
      ['ContentType', 0x4, 7],
      ['Done'],
    ]);
    input.commit(); // same state committed again (the cause resets to input_method though)
    expect(names(im.sent.slice(5))).toEqual([
      'SurroundingText',
      'TextChangeCause',
      'ContentType',
      'Done',
    ]);
    expect(im.sent.at(-3)).toEqual(['TextChangeCause', 0]);
    im.sent.length = 0;
    input.commit();
    expect(im.sent).toEqual([]);
  });

  it('cuts surrounding text to 4000 bytes around the cursor, at character boundaries', () => {
    const text = 'é'.repeat(1500) + '|' + 'ü'.repeat(1500); // 6001 bytes, the cursor at '|'
    const clipped = clipSurrounding(text, 3000, 2990);
    const bytes = Buffer.from(clipped.text);
    expect(bytes.length).toBeLessThanOrEqual(4000);
    expect(clipped.text).not.toContain('\ufffd');
    expect(bytes.subarray(clipped.cursor).toString().startsWith('|ü')).toBe(true);
    expect(clipped.cursor - clipped.anchor).toBe(10);
    expect(clipSurrounding('short', 2, 1)).toEqual({ text: 'short', cursor: 2, anchor: 1 });
  });

  it('sends no surrounding_text for fields that do not tell it', () => {
    const { input, im } = setup();
    input.enable();
    input.commit();
    expect(names(im.sent)).toEqual(['Activate', 'TextChangeCause', 'ContentType', 'Done']);
  });

  it('deactivates with a done when the field is disabled, and activates again after', () => {
    const { input, im, relay } = setup();
    enable(input);
    input.disable();
    input.commit();
    expect(im.sent.slice(-2)).toEqual([['Deactivate'], ['Done']]);
    expect(relay.active).toBe(false);
    input.enable();
    input.commit();
    expect(im.sent.at(-4)).toEqual(['Activate']);
    expect(relay.dones).toBe(3);
    input.enable(); // enabled again while active (a tap on the field): a fresh activation
    input.commit();
    expect(im.sent.at(-4)).toEqual(['Activate']);
    expect(relay.dones).toBe(4);
  });

  it('applies double-buffered edits on commit(serial) as one update, in the protocol order', () => {
    const { input, relay, app } = setup();
    enable(input);
    relay.commitString(r, 'text');
    relay.deleteSurroundingText(r, 1, 2);
    relay.setPreeditString(r, 'pre', 1, 2);
    expect(app.sent).toEqual([['Done', 1]]); // nothing until commit
    relay.commit(r, relay.dones);
    expect(app.sent.slice(1)).toEqual([
      ['DeleteSurroundingText', 1, 2],
      ['CommitString', 'text'],
      ['PreeditString', 'pre', 1, 2],
      ['Done', 1],
    ]);
    // the preedit's initial value is empty: a commit without one clears it
    relay.commit(r, relay.dones);
    expect(app.sent.slice(5)).toEqual([
      ['PreeditString', '', 0, 0],
      ['Done', 1],
    ]);
  });

  it('applies a commit whose serial is behind the dones, as the protocol says', () => {
    const { input, relay, app } = setup();
    enable(input);
    expect(relay.dones).toBe(1);
    input.setSurroundingText(t, 'hello!', 6, 6); // the app changes: state + done → serial 2
    input.commit();
    relay.commitString(r, 'late'); // typed before the input method saw that state
    relay.commit(r, 1);
    expect(app.sent.filter((e) => e[0] === 'CommitString')).toEqual([['CommitString', 'late']]);
    relay.commitString(r, 'ok');
    relay.commit(r, 2);
    expect(app.sent.slice(-2)).toEqual([
      ['CommitString', 'ok'],
      ['Done', 2],
    ]);
  });

  it('accepts requests while inactive, without effect', () => {
    const { relay, app } = setup();
    relay.commitString(r, 'nobody');
    relay.commit(r, relay.dones);
    expect(app.sent).toEqual([]);
  });

  it('one input method per seat: a second one hears only unavailable', () => {
    const { model } = setup();
    const binds: ((resource: unknown) => void)[] = [];
    const display = {
      ...fakeDisplay,
      createGlobal: (_cls: unknown, _v: number, bind: (resource: unknown) => void) =>
        binds.push(bind),
    } as unknown as Display;
    const bound: InputMethodRelay[] = [];
    createInputMethodManagerV2(
      display,
      {
        model,
        keyboard: {} as Keyboard,
        scene: {} as Scene,
        outputRect: () => ({ x: 0, y: 0, width: 1, height: 1 }),
        bound: (relay) => bound.push(relay),
        gone: () => {},
      },
      () => true,
    );
    const manager = { handler: null as unknown } as { handler: unknown };
    binds[0]({ ...manager, implement: (h: unknown) => (manager.handler = h) });
    const handler = manager.handler as {
      getInputMethod(r: unknown, seat: unknown, im: unknown): void;
    };
    const first = fakeResource<ZwpInputMethodV2Resource>(fakeClient(7));
    const second = fakeResource<ZwpInputMethodV2Resource>(fakeClient(8));
    handler.getInputMethod({}, {}, first.resource);
    handler.getInputMethod({}, {}, second.resource);
    expect(bound.length).toBe(1);
    expect(second.sent).toEqual([['Unavailable']]);
    expect(first.sent).toEqual([]);
  });
});

describe('input-method-v2 keyboard grab', () => {
  it('gets keymap, repeat info and modifiers, then the seat keys instead of the client', () => {
    const keyboard = new Keyboard(fakeDisplay, 'us', () => 42);
    const { relay, clientA, surfaceA } = setup(keyboard);
    const wl = fakeResource<WlKeyboardResource>(clientA);
    keyboard.addResource(wl.resource);
    keyboard.setFocus(surfaceA);
    keyboard.key(30, true); // 'a' down before the grab: the client sees it
    const grab = fakeResource<ZwpInputMethodKeyboardGrabV2Resource>(fakeClient(9));
    relay.grabKeyboard(r, grab.resource);
    expect(names(grab.sent)).toEqual(['Keymap', 'RepeatInfo', 'Modifiers']);
    wl.sent.length = 0;
    keyboard.key(31, true);
    keyboard.key(31, false);
    keyboard.key(30, false); // ...and its release too, grab or not
    expect(grab.sent.slice(3).map((e) => [e[0], e[3], e[4]])).toEqual([
      ['Key', 31, 1],
      ['Key', 31, 0],
    ]);
    expect(wl.sent.map((e) => [e[0], e[3], e[4]])).toEqual([['Key', 30, 0]]);
    keyboard.key(42, true); // shift: modifiers go to the grab
    expect(grab.sent.at(-1)![0]).toBe('Modifiers');
    expect(keyboard.grab).not.toBeNull();
  });
});

describe('input-method-v2 popup surface', () => {
  it('is drawn below the field cursor (above it near the bottom) only while active', () => {
    const shown: string[] = [];
    const scene = {
      add: (s: Surface) => shown.push(`add ${s.x},${s.y}`),
      remove: () => shown.push('remove'),
    };
    const { input, relay } = setup({} as Keyboard, scene);
    enable(input);
    input.setCursorRectangle(t, 100, 50, 2, 20);
    input.commit();
    const role: { committed?: () => void }[] = [];
    const surface = {
      hasBuffer: true,
      width: 200,
      height: 40,
      x: 0,
      y: 0,
      setRole: (r: { committed?: () => void }) => role.push(r) > 0,
      onDestroy: () => {},
    } as unknown as Surface;
    const wl = {} as WlSurfaceResource;
    vi.spyOn(Surface, 'from').mockImplementation((res) => (res === wl ? surface : undefined));
    const popup = fakeResource<ZwpInputPopupSurfaceV2Resource>(fakeClient(9));
    relay.getInputPopupSurface(r, popup.resource, wl);
    expect(shown).toEqual(['add 100,70']);
    expect(popup.sent).toEqual([['TextInputRectangle', 0, -20, 2, 20]]);
    input.setCursorRectangle(t, 700, 580, 2, 20); // no room below, none to the right
    input.commit();
    expect(shown.at(-1)).toBe('add 600,540');
    expect(popup.sent.at(-1)).toEqual(['TextInputRectangle', 100, 40, 2, 20]);
    input.disable();
    input.commit();
    expect(shown.at(-1)).toBe('remove');
    role[0].committed!(); // a commit while inactive does not show it
    expect(shown.at(-1)).toBe('remove');
  });
});
