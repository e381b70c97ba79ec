// Unit tests of the text-input-v2 adapter and the per-seat model: the serial rule, panel
// routing and where text goes. Resources are stand-ins that record the events sent.
import { describe, expect, it } from 'vitest';
import { TextInputV2 } from '../../src/text-input/v2.js';
import type { ZwpTextInputV2Resource } from '../../src/generated/index.js';
import {
  fakeDisplay as display,
  fakeResource,
  modelWithTwoClients,
} from '../harness/text-input-fakes.js';

function setup() {
  const { model, panelCalls, clientA, clientB, surfaceA, surfaceB } = modelWithTwoClients();
  const a = fakeResource<ZwpTextInputV2Resource>(clientA);
  const b = fakeResource<ZwpTextInputV2Resource>(clientB);
  const inputA = new TextInputV2(
    a.resource,
    model,
    display,
    () => 0,
    () => 'us',
  );
  const inputB = new TextInputV2(
    b.resource,
    model,
    display,
    () => 0,
    () => 'us',
  );
  model.add(inputA);
  model.add(inputB);
  return { model, panelCalls, surfaceA, surfaceB, a, b, inputA, inputB };
}

const r = {} as ZwpTextInputV2Resource;

describe('text-input-v2', () => {
  it('sends enter, input_panel_state, language, text_direction on focus, in that order', () => {
    const { model, surfaceA, a } = setup();
    model.setFocus(surfaceA);
    expect(a.sent.map((e) => e[0])).toEqual([
      'ModifiersMap',
      'Enter',
      'InputPanelState',
      'Language',
      'TextDirection',
    ]);
    expect(a.sent[2]).toEqual(['InputPanelState', 0, 0, 0, 0, 0]);
  });

  it('applies state only from update_state carrying the latest enter serial', () => {
    const { model, surfaceA, inputA } = setup();
    model.setFocus(surfaceA);
    const current = inputA.serial;
    inputA.setSurroundingText(r, 'old', 3, 3);
    inputA.updateState(r, current - 1, 0);
    expect(inputA.context.surroundingText).toBeNull();
    inputA.setContentType(r, 0, 6);
    inputA.updateState(r, current, 0);
    expect(inputA.context.purpose).toBe('email');
    // the stale batch was dropped, not kept for the next update_state
    expect(inputA.context.surroundingText).toBeNull();
  });

  it('shows the panel once enabled and requested on the focused surface, in either order', () => {
    const { model, surfaceA, inputA, panelCalls } = setup();
    model.setFocus(surfaceA);
    inputA.showInputPanel();
    expect(panelCalls.at(-1)).toBe('hide');
    inputA.enable(r, surfaceA.resource);
    expect(panelCalls.at(-1)).toBe(`show ${surfaceA.id}`);
    inputA.hideInputPanel();
    expect(panelCalls.at(-1)).toBe('hide');
  });

  it('a client without focus can neither show the panel nor receive text', () => {
    const { model, surfaceA, surfaceB, inputB, b, panelCalls } = setup();
    model.setFocus(surfaceA);
    inputB.enable(r, surfaceB.resource);
    inputB.showInputPanel();
    expect(panelCalls.every((c) => c === 'hide')).toBe(true);
    inputB.sink.commitString('secret');
    expect(b.sent.some((e) => e[0] === 'CommitString')).toBe(false);
    expect(model.sink()).toBeNull();
  });

  it('routes text to the focused field and hides the panel when focus leaves', () => {
    const { model, surfaceA, surfaceB, inputA, a, panelCalls } = setup();
    model.setFocus(surfaceA);
    inputA.enable(r, surfaceA.resource);
    inputA.showInputPanel();
    model.sink()!.commitString('hi');
    expect(a.sent.at(-1)).toEqual(['CommitString', 'hi']);
    model.setFocus(surfaceB);
    expect(panelCalls.at(-1)).toBe('hide');
    expect(a.sent.at(-1)?.[0]).toBe('Leave');
    inputA.sink.commitString('late');
    expect(a.sent.at(-1)?.[0]).toBe('Leave');
  });

  it('follows a deletion with an empty commit_string, as Qt applies them together', () => {
    const { model, surfaceA, inputA, a } = setup();
    model.setFocus(surfaceA);
    inputA.enable(r, surfaceA.resource);
    model.sink()!.deleteSurroundingText(1, 0);
    expect(a.sent.slice(-2)).toEqual([
      ['DeleteSurroundingText', 1, 0],
      ['CommitString', ''],
    ]);
  });

  it('sends a preedit as styling, cursor, then the string with itself as its commit text', () => {
    const { model, surfaceA, inputA, a } = setup();
    model.setFocus(surfaceA);
    inputA.enable(r, surfaceA.resource);
    model.sink()!.preeditString('kéy');
    expect(a.sent.slice(-3)).toEqual([
      ['PreeditStyling', 0, 4, 5], // UTF-8 bytes, underline
      ['PreeditCursor', 4],
      ['PreeditString', 'kéy', 'kéy'],
    ]);
    // a commit after a preedit clears the stored commit text first (Qt reinserts it else)
    model.sink()!.commitString('key ');
    expect(a.sent.slice(-2)).toEqual([
      ['PreeditString', '', ''],
      ['CommitString', 'key '],
    ]);
    model.sink()!.commitString('x');
    expect(a.sent.at(-1)).toEqual(['CommitString', 'x']);
    expect(a.sent.at(-2)).toEqual(['CommitString', 'key ']);
  });

  it('an update_state other than change starts the field over (its generation)', () => {
    const { model, surfaceA, inputA } = setup();
    model.setFocus(surfaceA);
    const before = inputA.context.generation ?? 0;
    inputA.updateState(r, inputA.serial, 0); // change
    expect(inputA.context.generation ?? 0).toBe(before);
    inputA.updateState(r, inputA.serial, 3); // enter: another widget
    expect(inputA.context.generation).toBe(before + 1);
  });

  it('reports the panel rectangle relative to the focused surface', () => {
    const { model, surfaceA, a } = setup();
    model.setFocus(surfaceA);
    model.panelChanged({ x: 0, y: 400, width: 1280, height: 320 });
    expect(a.sent.at(-1)).toEqual(['InputPanelState', 1, 0, 400, 1280, 320]);
    model.panelChanged(null);
    expect(a.sent.at(-1)).toEqual(['InputPanelState', 0, 0, 0, 0, 0]);
  });
});
