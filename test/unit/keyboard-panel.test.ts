// The panel with a fake compositor: placement at the bottom of an output, `ctl keys`
// rectangles in layout coordinates, damage and uploads of changed keys only, long press
// through the real timer path, and `ctl type` tapping through the panel's own input.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OverlayInput } from '../../src/compositor/input.js';
import type { Rect } from '../../src/compositor/region.js';
import type { Overlay } from '../../src/compositor/scene.js';
import { DEFAULT_CONFIG } from '../../src/keyboard/config.js';
import { KeyboardPanel, type PanelOutput } from '../../src/keyboard/panel.js';
import { native } from '../../src/native.js';
import type { TextFieldContext } from '../../src/text-input/input-method.js';

const LEFT: PanelOutput = { name: 'HEADLESS-1', x: 0, y: 0, width: 1280, height: 720 };
const RIGHT: PanelOutput = { name: 'HEADLESS-2', x: 1280, y: 0, width: 1000, height: 600 };

function setup(context: Partial<TextFieldContext> = {}, layouts = ['us']) {
  const sent: string[] = [];
  const damage: (Rect | 'all')[] = [];
  const panelChanges: [string, Rect | null][] = [];
  const field: TextFieldContext = {
    purpose: 'normal',
    hints: 0,
    surroundingText: '',
    cursor: 0,
    anchor: 0,
    ...context,
  };
  let overlay!: Overlay;
  let input!: OverlayInput;
  const panel = new KeyboardPanel(
    {
      addOverlay: (o, i) => {
        overlay = o;
        input = i;
      },
      damage: (_o, rect) => damage.push(rect ?? 'all'),
      sink: () => ({
        commitString: (t) => sent.push(t),
        preeditString: (t) => sent.push(`preedit ${t}`),
        deleteSurroundingText: (b, a) => sent.push(`delete ${b} ${a}`),
        keysym: (s, p) => sent.push(`keysym ${s} ${p}`),
        language: (t) => sent.push(`language ${t}`),
        hidePanel: () => sent.push('hide'),
      }),
      context: () => field,
      panelChanged: (output, rect) => panelChanges.push([output.name, rect]),
      layoutChanged: (i) => sent.push(`layout ${i}`),
    },
    { layouts, config: DEFAULT_CONFIG },
  );
  const key = (label: string) => {
    const found = panel.describe().keys.find((k) => k.label === label);
    if (!found) throw new Error(`no key ${label}`);
    return found;
  };
  const centre = (k: Rect) => [k.x + k.width / 2, k.y + k.height / 2] as const;
  return {
    panel,
    sent,
    damage,
    panelChanges,
    field,
    overlay: () => overlay,
    input: () => input,
    key,
    centre,
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the panel', () => {
  it('shows across the bottom of the output, once, and hides', () => {
    const { panel, overlay, panelChanges, damage } = setup();
    expect(panel.visible).toBe(false);
    panel.show(RIGHT);
    const rect = { x: 1280, y: 372, width: 1000, height: 228 };
    expect(overlay()).toMatchObject({ ...rect, visible: true, opaqueToInput: true });
    expect(panelChanges).toEqual([['HEADLESS-2', rect]]);
    expect(damage).toEqual([{ x: 0, y: 0, width: 1000, height: 228 }]);
    panel.show(RIGHT);
    expect(panelChanges).toHaveLength(1);
    panel.hide();
    expect(panel.visible).toBe(false);
    expect(panelChanges.at(-1)).toEqual(['HEADLESS-2', null]);
    expect(damage.at(-1)).toBe('all');
    expect(panel.describe()).toMatchObject({ visible: false, output: null, keys: [] });
  });

  it('describes its keys in layout coordinates', () => {
    const { panel } = setup();
    panel.show(RIGHT);
    panel.contextChanged();
    const described = panel.describe();
    expect(described).toMatchObject({
      visible: true,
      output: 'HEADLESS-2',
      page: 'letters',
      shift: 'off',
      layout: 'us',
    });
    for (const k of described.keys) {
      expect(k.x).toBeGreaterThanOrEqual(1280);
      expect(k.y).toBeGreaterThanOrEqual(372);
      expect(k.x + k.width).toBeLessThanOrEqual(2280);
      expect(k.y + k.height).toBeLessThanOrEqual(600);
    }
    expect(described.keys.find((k) => k.label === 'q')).toMatchObject({
      action: 'text',
      text: 'q',
    });
    expect(described.keys.find((k) => k.action === 'backspace')).toMatchObject({
      label: '⌫',
      keysym: 'BackSpace',
    });
    expect(described.keys.find((k) => k.action === 'enter')).toMatchObject({ keysym: 'Return' });
    expect(described.keys.find((k) => k.action === 'space')).toMatchObject({ text: ' ' });
  });

  it('a press damages and uploads the key and its pop-up only', () => {
    const upload = vi.spyOn(native, 'textureUploadRGBA');
    const { panel, input, key, centre, damage, overlay } = setup();
    panel.show(LEFT);
    panel.contextChanged();
    damage.length = 0;
    upload.mockClear();
    const g = key('g');
    input().press(-1, ...centre(g));
    expect(damage).toHaveLength(2);
    expect(damage[0]).toEqual({ x: g.x, y: g.y - overlay().y, width: g.width, height: g.height });
    expect(upload).toHaveBeenCalledTimes(1);
    const [texture, width, height, , rects] = upload.mock.calls[0];
    expect([texture, width, height]).toEqual([overlay().texture, 1280, overlay().height]);
    expect([...rects!]).toEqual(
      damage.flatMap((r) => (r === 'all' ? [] : [r.x, r.y, r.width, r.height])),
    );
  });

  it('long press opens the alternates strip through the real timer', () => {
    vi.useFakeTimers();
    const { panel, input, key, centre, sent, damage } = setup();
    panel.show(LEFT);
    panel.contextChanged();
    const a = key('a');
    input().press(3, ...centre(a));
    damage.length = 0;
    vi.advanceTimersByTime(DEFAULT_CONFIG.longPressMs);
    expect(damage).toHaveLength(2); // the pop-up goes, the strip comes
    // the strip starts above the key with the key's own letter, then its alternates
    input().move(3, a.x + a.width * 1.5, a.y - a.height / 2);
    input().release(3);
    expect(sent).toEqual(['à']);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('type()', () => {
  it('types "Hello, World 42" by tapping as a person would', async () => {
    const { panel, input, sent } = setup();
    panel.show(LEFT);
    panel.contextChanged();
    const tapped: string[] = [];
    await panel.type('Hello, World 42', async (x, y) => {
      const k = panel
        .describe()
        .keys.find((k) => x >= k.x && y >= k.y && x < k.x + k.width && y < k.y + k.height);
      tapped.push(k?.label ?? `(${x},${y})`);
      input().press(9, x, y);
      input().release(9);
    });
    expect(sent.join('')).toBe('Hello, World 42');
    const space = 'English (US)';
    expect(tapped).toEqual([
      '⇧',
      'H',
      'e',
      'l',
      'l',
      'o',
      '?123',
      ',',
      space,
      'ABC',
      '⇧',
      'W',
      'o',
      'r',
      'l',
      'd',
      space,
      '?123',
      '4',
      '2',
    ]);
  });

  it('switches shift off when auto-capitalization turned it on', async () => {
    const { panel, input, sent } = setup({ hints: 0x4 });
    panel.show(LEFT);
    panel.contextChanged();
    expect(panel.shift).toBe('once');
    await panel.type('ok. Yes', async (x, y) => {
      input().press(9, x, y);
      input().release(9);
    });
    expect(sent.join('')).toBe('ok. Yes');
  });

  it('types on the numeric pad and in other layouts', async () => {
    const pin = setup({ purpose: 'pin' });
    pin.panel.show(LEFT);
    pin.panel.contextChanged();
    const tap = (input: () => OverlayInput) => async (x: number, y: number) => {
      input().press(9, x, y);
      input().release(9);
    };
    await pin.panel.type('2024', tap(pin.input));
    expect(pin.sent.join('')).toBe('2024');
    const de = setup({}, ['de']);
    de.panel.show(LEFT);
    de.panel.contextChanged();
    await de.panel.type('Züöä ß', tap(de.input));
    expect(de.sent.join('')).toBe('Züöä ß');
  });

  it('refuses a character no key types, before tapping anything', async () => {
    const { panel } = setup();
    const tap = vi.fn(async () => {});
    await expect(panel.type('a', tap)).rejects.toThrow('the keyboard is not shown');
    panel.show(LEFT);
    panel.contextChanged();
    await expect(panel.type('abcж', tap)).rejects.toThrow('cannot type "ж" with layout us');
    expect(tap).not.toHaveBeenCalled();
  });
});
