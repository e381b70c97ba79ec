// Unit tests of the text-input-v3 adapter: commit/done serials, enable as the request for
// the keyboard, requests ignored between leave and enter, UTF-8 byte offsets.
import { describe, expect, it } from 'vitest';
import { TextInputV3 } from '../../src/text-input/v3.js';
import type { ZwpTextInputV3Resource } from '../../src/generated/index.js';
import {
  fakeDisplay,
  fakeResource,
  modelWithTwoClients,
  type Sent,
} from '../harness/text-input-fakes.js';

function setup() {
  const { model, panelCalls, clientA, clientB, surfaceA, surfaceB } = modelWithTwoClients();
  const keys: [number, boolean][] = [];
  const a = fakeResource<ZwpTextInputV3Resource>(clientA);
  const b = fakeResource<ZwpTextInputV3Resource>(clientB);
  const inputA = new TextInputV3(a.resource, model, fakeDisplay, (sym, down) =>
    keys.push([sym, down]),
  );
  const inputB = new TextInputV3(b.resource, model, fakeDisplay, () => {});
  model.add(inputA);
  model.add(inputB);
  return { model, panelCalls, surfaceA, surfaceB, a, b, inputA, inputB, keys };
}

const r = {} as ZwpTextInputV3Resource;
const dones = (sent: Sent[]) => sent.filter((e) => e[0] === 'Done').map((e) => e[1]);

describe('text-input-v3', () => {
  it('answers every commit with done carrying the number of commits, changed or not', () => {
    const { model, surfaceA, inputA, a } = setup();
    model.setFocus(surfaceA);
    inputA.enable();
    inputA.commit();
    inputA.commit(); // nothing changed: done all the same
    inputA.setCursorRectangle(r, 1, 2, 3, 4);
    inputA.commit();
    expect(dones(a.sent)).toEqual([1, 2, 3]);
    // text events end with a done of the current count too
    model.sink()!.commitString('x');
    expect(a.sent.slice(-2)).toEqual([
      ['CommitString', 'x'],
      ['Done', 3],
    ]);
  });

  it('applies state only on commit, and enable resets what came before it', () => {
    const { model, surfaceA, inputA } = setup();
    model.setFocus(surfaceA);
    inputA.setContentType(r, 0, 6);
    inputA.enable(); // discards the content type set before it
    inputA.setSurroundingText(r, 'abc', 3, 3);
    expect(inputA.context.surroundingText).toBeNull();
    inputA.commit();
    expect(inputA.context).toMatchObject({ surroundingText: 'abc', cursor: 3, purpose: 'normal' });
    inputA.setContentType(r, 0x80, 9);
    inputA.commit();
    expect(inputA.context).toMatchObject({ purpose: 'pin', hints: 0x80 });
  });

  it('shows the keyboard on enable, hides it on disable, shows it again on a second enable', () => {
    const { model, surfaceA, inputA, panelCalls } = setup();
    model.setFocus(surfaceA);
    inputA.enable();
    inputA.commit();
    expect(panelCalls.at(-1)).toBe(`show ${surfaceA.id}`);
    model.sink()!.hidePanel(); // the keyboard's hide key
    expect(panelCalls.at(-1)).toBe('hide');
    inputA.enable(); // a tap on the field: GTK and Chromium enable again
    inputA.commit();
    expect(panelCalls.at(-1)).toBe(`show ${surfaceA.id}`);
    inputA.disable();
    inputA.commit();
    expect(panelCalls.at(-1)).toBe('hide');
    expect(model.sink()).toBeNull();
  });

  it('ignores requests between leave and the next enter, but still counts commits', () => {
    const { model, surfaceA, surfaceB, inputA, a, panelCalls } = setup();
    model.setFocus(surfaceA);
    inputA.enable();
    inputA.commit();
    model.setFocus(surfaceB);
    expect(a.sent.at(-1)).toEqual(['Leave', surfaceA.resource]);
    inputA.enable();
    inputA.commit(); // ignored: no focus
    expect(a.sent.at(-1)?.[0]).toBe('Leave');
    expect(panelCalls.at(-1)).toBe('hide');
    model.setFocus(surfaceA); // enter: state starts afresh
    expect(inputA.enabledSurface).toBeNull();
    inputA.enable();
    inputA.commit();
    expect(dones(a.sent).at(-1)).toBe(3);
  });

  it('sends text only to the focused client', () => {
    const { model, surfaceA, inputA, inputB, a, b } = setup();
    model.setFocus(surfaceA);
    inputA.enable();
    inputA.commit();
    inputB.enable();
    inputB.commit();
    inputB.sink.commitString('secret');
    model.sink()!.commitString('ok');
    expect(b.sent.some((e) => e[0] === 'CommitString')).toBe(false);
    expect(a.sent.filter((e) => e[0] === 'CommitString')).toEqual([['CommitString', 'ok']]);
  });

  it('keys without text (Return) go to the seat keyboard, only while focused and enabled', () => {
    const { model, surfaceA, surfaceB, inputA, keys } = setup();
    model.setFocus(surfaceA);
    inputA.enable();
    inputA.commit();
    inputA.sink.keysym(0xff0d, true);
    inputA.sink.keysym(0xff0d, false);
    model.setFocus(surfaceB);
    inputA.sink.keysym(0xff0d, true);
    expect(keys).toEqual([
      [0xff0d, true],
      [0xff0d, false],
    ]);
  });

  it('keeps byte offsets as sent and measures preedit cursors in UTF-8 bytes', () => {
    const { model, surfaceA, inputA, a } = setup();
    model.setFocus(surfaceA);
    inputA.enable();
    inputA.commit();
    for (const [text, bytes] of [
      ['grüße', 7], // ü and ß are 2 bytes each
      ['привет', 12], // Cyrillic: 2 bytes a letter
      ['ok 👍', 7], // emoji: 4 bytes
    ] as const) {
      inputA.setSurroundingText(r, text, bytes, bytes);
      inputA.commit();
      expect(model.context()).toMatchObject({ surroundingText: text, cursor: bytes });
      model.sink()!.preeditString(text);
      expect(a.sent.at(-2)).toEqual(['PreeditString', text, bytes, bytes]);
    }
    model.sink()!.deleteSurroundingText(4, 0);
    expect(a.sent.slice(-2)).toEqual([
      ['DeleteSurroundingText', 4, 0],
      ['Done', 4],
    ]);
  });
});
