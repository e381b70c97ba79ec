// Unit tests of the text-input-v1 adapter: commit_state serials echoed in text events, state
// that applies without commit_state (Chromium), enter only while activated and focused,
// deletions as keys (Chromium ignores v1's delete_surrounding_text).
import { describe, expect, it } from 'vitest';
import { TextInputV1 } from '../../src/text-input/v1.js';
import type { WlSeatResource, ZwpTextInputV1Resource } from '../../src/generated/index.js';
import { fakeDisplay, fakeResource, modelWithTwoClients } from '../harness/text-input-fakes.js';

const seat = {} as WlSeatResource;
const r = {} as ZwpTextInputV1Resource;

function setup() {
  const { model, panelCalls, clientA, clientB, surfaceA, surfaceB } = modelWithTwoClients();
  const a = fakeResource<ZwpTextInputV1Resource>(clientA);
  const b = fakeResource<ZwpTextInputV1Resource>(clientB);
  const inputA = new TextInputV1(
    a.resource,
    () => model,
    fakeDisplay,
    () => 7,
  );
  const inputB = new TextInputV1(
    b.resource,
    () => model,
    fakeDisplay,
    () => 7,
  );
  return { model, panelCalls, surfaceA, surfaceB, a, b, inputA, inputB };
}

describe('text-input-v1', () => {
  it('enter comes on activate when the surface has focus, and again when focus returns', () => {
    const { model, surfaceA, surfaceB, inputA, a, panelCalls } = setup();
    model.setFocus(surfaceA);
    inputA.activate(r, seat, surfaceA.resource);
    expect(a.sent.filter((e) => e[0] === 'Enter')).toHaveLength(1);
    expect(panelCalls.at(-1)).toBe(`show ${surfaceA.id}`); // activate asks for the keyboard
    model.setFocus(surfaceB);
    expect(a.sent.at(-1)).toEqual(['Leave']);
    expect(panelCalls.at(-1)).toBe('hide');
    model.setFocus(surfaceA);
    expect(a.sent.filter((e) => e[0] === 'Enter')).toHaveLength(2);
    inputA.deactivate();
    expect(a.sent.at(-1)).toEqual(['Leave']);
    expect(model.sink()).toBeNull();
  });

  it('a field activated on an unfocused surface gets no enter and no text', () => {
    const { model, surfaceA, surfaceB, inputB, b } = setup();
    model.setFocus(surfaceA);
    inputB.activate(r, seat, surfaceB.resource);
    inputB.sink.commitString('secret');
    expect(b.sent).toEqual([]);
  });

  it('text events carry the serial of the last commit_state, or 0 without one', () => {
    const { model, surfaceA, inputA, a } = setup();
    model.setFocus(surfaceA);
    inputA.activate(r, seat, surfaceA.resource);
    model.sink()!.commitString('a'); // Chromium never sends commit_state
    expect(a.sent.at(-1)).toEqual(['CommitString', 0, 'a']);
    inputA.commitState(r, 42);
    model.sink()!.commitString('b');
    model.sink()!.keysym(0xff0d, true);
    expect(a.sent.slice(-2)).toEqual([
      ['CommitString', 42, 'b'],
      ['Keysym', 42, 7, 0xff0d, 1, 0],
    ]);
  });

  it('state applies as it arrives; a deletion goes as the BackSpace key', () => {
    const { model, surfaceA, inputA, a } = setup();
    model.setFocus(surfaceA);
    inputA.activate(r, seat, surfaceA.resource);
    inputA.setSurroundingText(r, 'grüße', 7, 7);
    inputA.setContentType(r, 0, 2);
    expect(model.context()).toMatchObject({
      surroundingText: 'grüße',
      cursor: 7,
      purpose: 'digits',
    });
    model.sink()!.deleteSurroundingText(2, 0);
    expect(a.sent.slice(-2)).toEqual([
      ['Keysym', 0, 7, 0xff08, 1, 0],
      ['Keysym', 0, 7, 0xff08, 0, 0],
    ]);
  });

  it('show and hide_input_panel drive the keyboard while active', () => {
    const { model, surfaceA, inputA, panelCalls } = setup();
    model.setFocus(surfaceA);
    inputA.activate(r, seat, surfaceA.resource);
    inputA.hideInputPanel();
    expect(panelCalls.at(-1)).toBe('hide');
    inputA.showInputPanel();
    expect(panelCalls.at(-1)).toBe(`show ${surfaceA.id}`);
  });
});
