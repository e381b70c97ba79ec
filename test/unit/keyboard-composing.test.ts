// The keyboard state with suggestions: the strip's slots above the keys in fields that ask
// for prediction (none elsewhere), taps composing a preedit, a tap on a strip word, the
// language key switching the dictionary, and automatic capitals while composing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { KeyboardState } from '../../src/keyboard/state.js';
import { ContentHint, type TextFieldContext } from '../../src/text-input/input-method.js';
import { suggesterFor } from '../../src/keyboard/words/suggesters.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-composing-'));
process.env.XDG_CACHE_HOME = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PREDICT = ContentHint.completion | ContentHint.spellcheck;

function keyboard(hints: number, layouts = ['us']) {
  const sent: string[] = [];
  const asked: string[] = [];
  const field: TextFieldContext = {
    purpose: 'normal',
    hints,
    surroundingText: '',
    cursor: 0,
    anchor: 0,
  };
  const state = new KeyboardState({
    layouts,
    longPressMs: 500,
    sink: () => ({
      commitString: (t) => sent.push(`commit ${t}`),
      preeditString: (t) => sent.push(`preedit ${t}`),
      deleteSurroundingText: (b, a) => sent.push(`delete ${b} ${a}`),
      keysym: () => {},
      language: () => {},
      hidePanel: () => {},
    }),
    context: () => field,
    layoutChanged: () => {},
    changed: () => {},
    suggester: (layout) => {
      asked.push(layout);
      return suggesterFor(layout, false);
    },
  });
  state.resize(1000, 300);
  state.contextChanged();
  const tapWhere = (match: (label: string, action: string) => boolean) => {
    const placed = state.placed.find((p) => match(state.label(p.key), p.key.action));
    if (!placed) throw new Error(`no such key on ${state.page}`);
    const { rect } = placed;
    state.press(1, rect.x + rect.width / 2, rect.y + rect.height / 2);
    state.release(1);
  };
  const tap = (...labels: string[]) => {
    for (const label of labels) tapWhere((l, a) => l === label && a !== 'suggestion');
  };
  const strip = () =>
    state.placed.filter((p) => p.key.action === 'suggestion').map((p) => p.key.text);
  return { state, sent, asked, tap, tapWhere, strip };
}

it('a field asking for prediction gets 4 strip slots above the keys; others get none', () => {
  const plain = keyboard(0);
  expect(plain.strip()).toEqual([]);
  plain.tap('h', 'i');
  expect(plain.sent).toEqual(['commit h', 'commit i']);

  const { state, strip } = keyboard(PREDICT);
  expect(strip()).toEqual(['', '', '', '']);
  const slotBottom = Math.max(
    ...state.placed
      .filter((p) => p.key.action === 'suggestion')
      .map((p) => p.rect.y + p.rect.height),
  );
  const keysTop = Math.min(
    ...state.placed.filter((p) => p.key.action !== 'suggestion').map((p) => p.rect.y),
  );
  expect(keysTop).toBeGreaterThanOrEqual(slotBottom);
});

it('taps compose a preedit; a tap on a strip word commits it and a space', () => {
  const { sent, tap, tapWhere, strip } = keyboard(PREDICT);
  tap('k', 'e', 'y', 'b');
  expect(sent).toEqual(['preedit k', 'preedit ke', 'preedit key', 'preedit keyb']);
  expect(strip()[0]).toBe('keyb');
  expect(strip()).toContain('keyboard');
  tapWhere((label, action) => action === 'suggestion' && label === 'keyboard');
  expect(sent.at(-1)).toBe('commit keyboard ');
  expect(strip()).toEqual(['', '', '', '']);
});

it('the language key commits the word and switches the dictionary', () => {
  const { sent, asked, tap, strip } = keyboard(PREDICT, ['us', 'de']);
  tap('c', 'a', 't');
  tap('US');
  expect(sent.at(-1)).toBe('commit cat');
  expect(asked.at(-1)).toBe('de');
  tap('t', 'a', 's', 't', 'a', 't');
  expect(strip()).toContain('Tastatur');
});

it('automatic capitals work while composing: shifted first letter only', () => {
  const { state, sent, tap, tapWhere } = keyboard(PREDICT | ContentHint.autoCapitalization);
  expect(state.shift).toBe('once');
  tap('H', 'e');
  expect(sent).toEqual(['preedit H', 'preedit He']);
  expect(state.shift).toBe('off');
  const space = () => tapWhere((_l, action) => action === 'space');
  space();
  expect(sent.at(-1)).toBe('commit He ');
  expect(state.shift).toBe('off');
  tap('?123', '.'); // a sentence ends: the next word starts with a capital
  space();
  tap('ABC');
  expect(sent.slice(-2)).toEqual(['commit .', 'commit  ']);
  expect(state.shift).toBe('once');
});
