// The keyboard state machine on its own: shift, caps lock, auto-capitalization, pages by
// purpose, Backspace, taps, long press, sensitive fields and the language key, with a
// recording sink and a stepped clock.
import { describe, expect, it } from 'vitest';
import { KeyboardState, type Timers } from '../../src/keyboard/state.js';
import { keyboardView } from '../../src/keyboard/view.js';
import type { InputMethodSink, TextFieldContext } from '../../src/text-input/input-method.js';

const BackSpace = 0xff08;
const Return = 0xff0d;
const Left = 0xff51;

/** a clock that moves only when told, with the timers it runs */
class SteppedTimers implements Timers {
  time = 1000;
  private next = 1;
  readonly pending = new Map<number, { at: number; run: () => void }>();
  set(ms: number, run: () => void): unknown {
    this.pending.set(this.next, { at: this.time + ms, run });
    return this.next++;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at > this.time) continue;
      this.pending.delete(id);
      timer.run();
    }
  }
}

function keyboard(context: Partial<TextFieldContext> = {}, layouts = ['us']) {
  const sent: string[] = [];
  const field: TextFieldContext = {
    purpose: 'normal',
    hints: 0,
    surroundingText: '',
    cursor: 0,
    anchor: 0,
    ...context,
  };
  const timers = new SteppedTimers();
  const sink: InputMethodSink = {
    commitString: (t) => sent.push(`commit ${t}`),
    preeditString: (t) => sent.push(`preedit ${t}`),
    deleteSurroundingText: (b, a) => sent.push(`delete ${b} ${a}`),
    keysym: (s, p) => sent.push(`keysym ${s} ${p}`),
    language: (t) => sent.push(`language ${t}`),
    hidePanel: () => sent.push('hide'),
  };
  let redraws = 0;
  const state = new KeyboardState({
    layouts,
    longPressMs: 500,
    sink: () => sink,
    context: () => field,
    layoutChanged: (i) => sent.push(`layout ${i}`),
    changed: () => redraws++,
    timers,
  });
  state.resize(1000, 300);
  state.contextChanged();
  const find = (label: string) => {
    const placed = state.placed.find((p) => state.label(p.key) === label);
    if (!placed) throw new Error(`no key "${label}" on ${state.page}`);
    return placed;
  };
  const centre = (label: string) => {
    const { rect } = find(label);
    return [rect.x + rect.width / 2, rect.y + rect.height / 2] as const;
  };
  const tap = (...labels: string[]) => {
    for (const label of labels) {
      state.press(1, ...centre(label));
      state.release(1);
    }
  };
  return { state, sent, field, timers, find, centre, tap, redraws: () => redraws };
}

describe('shift', () => {
  it('shift once capitalises one letter', () => {
    const { state, sent, tap } = keyboard();
    tap('a', '⇧', 'B', 'c');
    expect(sent).toEqual(['commit a', 'commit B', 'commit c']);
    expect(state.shift).toBe('off');
  });

  it('a double tap within 400 ms locks capitals until shift is tapped again', () => {
    const { state, sent, tap, timers } = keyboard();
    tap('⇧');
    timers.advance(200);
    tap('⇧');
    expect(state.shift).toBe('locked');
    expect(state.label(state.placed.find((p) => p.key.action === 'shift')!.key)).toBe('⇪');
    tap('A', 'B', '⇪', 'c');
    expect(sent).toEqual(['commit A', 'commit B', 'commit c']);
  });

  it('two slow taps are on, then off', () => {
    const { state, tap, timers } = keyboard();
    tap('⇧');
    timers.advance(450);
    tap('⇧');
    expect(state.shift).toBe('off');
  });

  it('auto-capitalization: shift at the start and after ". ", not mid-sentence', () => {
    const { state, sent, tap } = keyboard({ hints: 0x4 });
    expect(state.shift).toBe('once');
    tap('H', 'i');
    expect(state.shift).toBe('off');
    tap('?123', '.', 'English (US)');
    expect(state.shift).toBe('once'); // kept across the page switch
    tap('ABC', 'Y');
    expect(sent).toEqual(['commit H', 'commit i', 'commit .', 'commit  ', 'commit Y']);
  });

  it('backspace moves the automatic shift with the sentence start', () => {
    const { state, tap } = keyboard({ hints: 0x4, surroundingText: null });
    tap('H', 'i', '?123', '.', 'English (US)', 'ABC');
    expect(state.shift).toBe('once');
    tap('⌫');
    expect(state.shift).toBe('off'); // "Hi." is mid-sentence
    tap('English (US)');
    expect(state.shift).toBe('once');
  });

  it('auto-capitalization reads the text before the cursor of a new field', () => {
    expect(keyboard({ hints: 0x4, surroundingText: 'Done. ', cursor: 6 }).state.shift).toBe('once');
    expect(keyboard({ hints: 0x4, surroundingText: 'Done', cursor: 4 }).state.shift).toBe('off');
    expect(keyboard({ hints: 0x4 | 0x80, surroundingText: '' }).state.shift).toBe('off'); // sensitive
    expect(keyboard({ hints: 0x10 }).state.shift).toBe('locked'); // uppercase hint
  });
});

describe('pages', () => {
  it('the content purpose picks the page when a field arrives', () => {
    const { state, field } = keyboard({ purpose: 'email' });
    expect(state.page).toBe('letters');
    expect(state.placed.some((p) => p.key.text === '@')).toBe(true);
    field.purpose = 'pin';
    state.contextChanged();
    expect(state.page).toBe('digits');
    expect(keyboard({ purpose: 'phone' }).state.placed.some((p) => p.key.text === '+')).toBe(true);
  });

  it('updates of the same field keep the page the user chose', () => {
    const { state, field, tap } = keyboard();
    tap('?123');
    field.surroundingText = 'x';
    field.cursor = 1;
    state.contextChanged();
    expect(state.page).toBe('symbols');
  });
});

describe('keys', () => {
  it('backspace deletes the previous character in UTF-8 bytes when the text is known', () => {
    const { sent, tap } = keyboard({ surroundingText: 'aü', cursor: 3, anchor: 3 });
    tap('⌫');
    expect(sent).toEqual(['delete 2 0']);
  });

  it('backspace sends the BackSpace keysym without surrounding text, at the start, or over a selection', () => {
    for (const context of [
      { surroundingText: null },
      { surroundingText: 'ab', cursor: 0 },
      { surroundingText: 'ab', cursor: 2, anchor: 0 },
    ]) {
      const { sent, tap } = keyboard(context);
      tap('⌫');
      expect(sent).toEqual([`keysym ${BackSpace} true`, `keysym ${BackSpace} false`]);
    }
  });

  it('enter, space, arrows and hide', () => {
    const { sent, tap } = keyboard();
    tap('⏎', 'English (US)', '⌨', '?123', '◀');
    expect(sent).toEqual([
      `keysym ${Return} true`,
      `keysym ${Return} false`,
      'commit  ',
      'hide',
      `keysym ${Left} true`,
      `keysym ${Left} false`,
    ]);
  });

  it('a tap is a release inside the key the press began in', () => {
    const { state, sent, centre } = keyboard();
    state.press(1, ...centre('a'));
    state.move(1, ...centre('s'));
    state.release(1);
    expect(sent).toEqual([]);
    state.press(2, ...centre('d'));
    state.move(2, ...centre('s'));
    state.move(2, centre('d')[0] + 5, centre('d')[1]);
    state.release(2);
    expect(sent).toEqual(['commit d']);
    state.press(3, 1, 1); // the panel's margin, no key
    state.release(3);
    expect(sent).toEqual(['commit d']);
  });

  it('touch points are independent', () => {
    const { state, sent, centre } = keyboard();
    state.press(1, ...centre('a'));
    state.press(2, ...centre('s'));
    state.release(1);
    state.release(2);
    expect(sent).toEqual(['commit a', 'commit s']);
  });

  it('the language key cycles layouts, tells the owner and the field', () => {
    const { state, sent, tap } = keyboard({}, ['us', 'de', 'ru']);
    tap('US');
    expect(sent).toEqual(['layout 1', 'language de']);
    expect(state.placed.some((p) => p.key.text === 'ü')).toBe(true);
    tap('DE', 'RU');
    expect(sent.slice(2)).toEqual(['layout 2', 'language ru', 'layout 0', 'language us']);
  });
});

describe('long press', () => {
  it('shows alternates after 500 ms; moving onto one and releasing picks it', () => {
    const { state, sent, timers, centre, redraws } = keyboard();
    state.press(1, ...centre('e'));
    timers.advance(499);
    expect(state.activePresses[0].strip).toBeNull();
    timers.advance(1);
    const strip = state.activePresses[0].strip!;
    expect(strip.items.map((i) => i.text)).toEqual(['e', 'é', 'è', 'ê', 'ë', 'ę', 'ē', 'ė']);
    expect(redraws()).toBe(1);
    const target = strip.items[2].rect;
    state.move(1, target.x + target.width / 2, target.y + target.height / 2);
    state.release(1);
    expect(sent).toEqual(['commit è']);
  });

  it('releasing without moving types the key itself; shifted alternates are capitals', () => {
    const { state, sent, timers, centre, tap } = keyboard();
    tap('⇧');
    state.press(1, ...centre('A'));
    timers.advance(600);
    expect(state.activePresses[0].strip!.items.slice(0, 3).map((i) => i.text)).toEqual([
      'A',
      'À',
      'Á',
    ]);
    state.release(1);
    expect(sent).toEqual(['commit A']);
  });

  it('sliding far from the strip cancels; idle means no timers', () => {
    const { state, sent, timers, centre } = keyboard();
    state.press(1, ...centre('o'));
    expect(timers.pending.size).toBe(1);
    timers.advance(500);
    state.move(1, centre('o')[0], 299);
    state.release(1);
    expect(sent).toEqual([]);
    expect(timers.pending.size).toBe(0);
    state.press(1, ...centre('q')); // no alternates: no timer
    expect(timers.pending.size).toBe(0);
    state.release(1);
    state.press(1, ...centre('e'));
    state.release(1); // a quick tap disarms it
    expect(timers.pending.size).toBe(0);
  });
});

describe('sensitive fields', () => {
  it('a password field shows no pop-up and still types', () => {
    const normal = keyboard();
    normal.state.press(1, ...normal.centre('g'));
    expect(keyboardView(normal.state, 1000, 300).floats.map((f) => f.kind)).toEqual(['popup']);
    for (const context of [{ purpose: 'password' as const }, { hints: 0x80 }, { hints: 0x40 }]) {
      const secret = keyboard(context);
      secret.state.press(1, ...secret.centre('g'));
      const view = keyboardView(secret.state, 1000, 300);
      expect(view.floats).toEqual([]);
      expect(view.keys.filter((k) => k.pressed).map((k) => k.label)).toEqual(['g']);
      secret.state.release(1);
      expect(secret.sent).toEqual(['commit g']);
    }
  });
});
