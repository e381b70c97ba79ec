// The keyboard on its own: layouts per language, the state machine (shift, caps, pages,
// backspace, taps, long press, sensitive fields), per-key damage and config errors.
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_CONFIG, parseKeyboardConfig } from '../../src/keyboard/config.js';
import { letterRows } from '../../src/keyboard/layout.js';
import { KeyboardPanel } from '../../src/keyboard/panel.js';
import type { OverlayInput } from '../../src/compositor/input.js';
import type { TextFieldContext } from '../../src/text-input/input-method.js';

function setup(context: Partial<TextFieldContext> = {}, layouts = ['us']) {
  const sent: string[] = [];
  const damage: { width: number; height: number }[] = [];
  const ctx: TextFieldContext = { purpose: 'normal', hints: 0, surroundingText: '', cursor: 0, anchor: 0, ...context };
  let input!: OverlayInput;
  const panel = new KeyboardPanel(
    {
      addOverlay: (_o, i) => (input = i),
      damage: (_o, r) => r && damage.push(r),
      sink: () => ({
        commitString: (t) => sent.push(`commit ${t}`),
        preeditString: (t) => sent.push(`preedit ${t}`),
        deleteSurroundingText: (b, a) => sent.push(`delete ${b} ${a}`),
        keysym: (s, p) => sent.push(`keysym ${s} ${p}`),
        language: (t) => sent.push(`language ${t}`),
        hidePanel: () => sent.push('hide'),
      }),
      context: () => ctx,
      panelChanged: () => {},
      layoutChanged: (i) => sent.push(`layout ${i}`),
    },
    { layouts, config: DEFAULT_CONFIG },
  );
  panel.show({ name: 'OUT', x: 0, y: 0, width: 1000, height: 600 });
  panel.contextChanged();
  const key = (match: (k: { action: string; text?: string; label: string }) => boolean) => panel.describe().keys.find(match)!;
  const at = (k: { x: number; y: number; width: number; height: number }) => [k.x + k.width / 2, k.y + k.height / 2] as const;
  const tap = (match: Parameters<typeof key>[0]) => {
    input.press(1, ...at(key(match)));
    input.release(1);
  };
  return { panel, sent, damage, ctx, input, key, at, tap };
}

describe('layouts from xkbcommon', () => {
  const row = (layout: string, i: number) => letterRows(layout)[i].map((k) => k.text).join('');
  it('us', () => expect(row('us', 0)).toBe('qwertyuiop'));
  it('de: z and y swap, umlauts', () => {
    expect(row('de', 0)).toBe('qwertzuiopü');
    expect(row('de', 1)).toBe('asdfghjklöä');
    expect(row('de', 2)).toBe('yxcvbnm');
  });
  it('fr: azerty', () => {
    expect(row('fr', 0).startsWith('azerty')).toBe(true);
    expect(row('fr', 1).endsWith('mù')).toBe(true);
  });
  it('ru: Cyrillic with shifted capitals', () => {
    expect(row('ru', 0)).toBe('йцукенгшщзхъ');
    expect(letterRows('ru')[0][0].shifted).toBe('Й');
  });
  it('gr: Greek', () => expect(row('gr', 1).startsWith('ασδφγηξκλ')).toBe(true));
});

describe('state machine', () => {
  it('a tap commits the key; shift once capitalises one letter', () => {
    const { sent, tap } = setup();
    tap((k) => k.text === 'a');
    tap((k) => k.action === 'shift');
    tap((k) => k.text === 'B');
    tap((k) => k.text === 'c');
    expect(sent).toEqual(['commit a', 'commit B', 'commit c']);
  });

  it('a double tap on shift locks capitals until shift is tapped again', () => {
    const { sent, tap, panel } = setup();
    tap((k) => k.action === 'shift');
    tap((k) => k.action === 'shift');
    expect(panel.shift).toBe('locked');
    tap((k) => k.text === 'A');
    tap((k) => k.text === 'B');
    tap((k) => k.action === 'shift');
    tap((k) => k.text === 'c');
    expect(sent).toEqual(['commit A', 'commit B', 'commit c']);
  });

  it('auto-capitalization shifts at a sentence start, also after ". "', () => {
    const { sent, tap, panel } = setup({ hints: 0x4 });
    expect(panel.shift).toBe('once');
    tap((k) => k.text === 'H');
    tap((k) => k.text === 'i');
    expect(panel.shift).toBe('off');
    tap((k) => k.label === '?123');
    tap((k) => k.text === '.');
    tap((k) => k.action === 'space');
    tap((k) => k.label === 'ABC');
    expect(panel.page).toBe('letters');
    expect(panel.shift).toBe('once');
    tap((k) => k.text === 'Y');
    expect(sent).toEqual(['commit H', 'commit i', 'commit .', 'commit  ', 'commit Y']);
  });

  it('purpose picks the page', () => {
    expect(setup({ purpose: 'digits' }).panel.page).toBe('digits');
    expect(setup({ purpose: 'pin' }).panel.page).toBe('digits');
    const phone = setup({ purpose: 'phone' });
    expect(phone.panel.describe().keys.some((k) => k.text === '+')).toBe(true);
    const email = setup({ purpose: 'email' });
    expect(email.panel.page).toBe('letters');
    expect(email.panel.describe().keys.some((k) => k.text === '@')).toBe(true);
    expect(setup({ purpose: 'url' }).panel.describe().keys.some((k) => k.text === '.com')).toBe(true);
  });

  it('backspace deletes the previous character (UTF-8 bytes) or sends a keysym', () => {
    const withText = setup({ surroundingText: 'aü', cursor: 3 });
    withText.tap((k) => k.action === 'backspace');
    expect(withText.sent).toEqual(['delete 2 0']);
    const blind = setup({ surroundingText: null });
    blind.tap((k) => k.action === 'backspace');
    expect(blind.sent).toEqual(['keysym 65288 true', 'keysym 65288 false']);
  });

  it('enter, arrows and hide', () => {
    const { sent, tap } = setup();
    tap((k) => k.action === 'enter');
    tap((k) => k.action === 'left');
    tap((k) => k.action === 'hide');
    expect(sent).toEqual(['keysym 65293 true', 'keysym 65293 false', 'keysym 65361 true', 'keysym 65361 false', 'hide']);
  });

  it('a release outside the pressed key types nothing', () => {
    const { sent, input, key, at } = setup();
    input.press(1, ...at(key((k) => k.text === 'a')));
    input.move(1, ...at(key((k) => k.text === 's')));
    input.release(1);
    expect(sent).toEqual([]);
  });

  it('long press shows alternates; releasing on one commits it', () => {
    vi.useFakeTimers();
    const { sent, input, key, at } = setup();
    const a = key((k) => k.text === 'a');
    input.press(1, ...at(a));
    vi.advanceTimersByTime(DEFAULT_CONFIG.longPressMs + 10);
    // the strip opens above the key, its first alternate right above it
    input.move(1, at(a)[0], a.y - a.height / 2);
    input.release(1);
    vi.useRealTimers();
    expect(sent).toEqual(['commit à']);
  });

  it('the language key cycles layouts and tells the field', () => {
    const { sent, tap, panel } = setup({}, ['us', 'de']);
    tap((k) => k.action === 'language');
    expect(sent).toEqual(['layout 1', 'language de']);
    expect(panel.describe().keys.some((k) => k.text === 'ü')).toBe(true);
  });

  it('only the pressed key is redrawn, with its pop-up; none in a sensitive field', () => {
    const normal = setup();
    normal.damage.length = 0;
    const a = normal.key((k) => k.text === 'a');
    normal.input.press(1, ...normal.at(a));
    expect(normal.damage.length).toBe(2); // the key and its pop-up
    expect(normal.damage[0]).toMatchObject({ width: a.width, height: a.height });
    const secret = setup({ purpose: 'password' });
    secret.damage.length = 0;
    secret.input.press(1, ...secret.at(secret.key((k) => k.text === 'a')));
    expect(secret.damage.length).toBe(1);
  });

  it('type() taps through pages and shift', async () => {
    const { sent, panel, input } = setup();
    await panel.type('Hi, 42', async (x, y) => {
      input.press(2, x, y);
      input.release(2);
    });
    expect(sent.map((s) => s.slice(7)).join('')).toBe('Hi, 42');
    await expect(panel.type('€', async () => {})).rejects.toThrow('cannot type "€" with layout us');
  });
});

describe('config', () => {
  const bad = (json: unknown) => () => parseKeyboardConfig(json, 'cfg.json');
  it('defaults, and every error is one line naming the field', () => {
    expect(parseKeyboardConfig({}, 'x').height).toBe(DEFAULT_CONFIG.height);
    expect(parseKeyboardConfig({ height: 0.3, colors: { accent: '#ff0000' } }, 'x').colors.accent).toBe('#ff0000');
    for (const json of [{ height: 2 }, { colors: { accent: 'red' } }, { colours: {} }, { font: 3 }, []]) {
      expect(bad(json)).toThrow(ConfigError);
      try {
        bad(json)();
      } catch (error) {
        expect((error as Error).message).toMatch(/^cfg\.json: [^\n]+$/);
      }
    }
  });
});
