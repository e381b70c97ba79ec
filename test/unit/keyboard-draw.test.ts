// Drawing: the first render paints the whole panel; after that only keys and floats that
// change are repainted, and pixels outside the returned rectangles stay as they were.
import { describe, expect, it, vi } from 'vitest';
import type { Rect } from '../../src/compositor/region.js';
import { DEFAULT_CONFIG } from '../../src/keyboard/config.js';
import { KeyboardPainter } from '../../src/keyboard/draw.js';
import { KeyboardState } from '../../src/keyboard/state.js';
import { keyboardView } from '../../src/keyboard/view.js';
import type { TextFieldContext } from '../../src/text-input/input-method.js';

const WIDTH = 800;
const HEIGHT = 260;

function setup(context: Partial<TextFieldContext> = {}) {
  const field: TextFieldContext = {
    purpose: 'normal',
    hints: 0,
    surroundingText: '',
    cursor: 0,
    anchor: 0,
    ...context,
  };
  const state = new KeyboardState({
    layouts: ['us'],
    longPressMs: 500,
    sink: () => null,
    context: () => field,
    layoutChanged: () => {},
    changed: () => {},
  });
  state.resize(WIDTH, HEIGHT);
  state.contextChanged();
  const painter = new KeyboardPainter(WIDTH, HEIGHT, DEFAULT_CONFIG);
  const render = () => painter.render(keyboardView(state, WIDTH, HEIGHT));
  const key = (label: string) => state.placed.find((p) => state.label(p.key) === label)!;
  const press = (label: string) => {
    const { rect } = key(label);
    state.press(1, rect.x + rect.width / 2, rect.y + rect.height / 2);
  };
  return { state, painter, render, key, press };
}

const inside = (rects: Rect[], x: number, y: number) =>
  rects.some((r) => x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height);

/** pixels that differ, as [inside the rectangles, outside them] */
function differences(a: Uint8Array, b: Uint8Array, rects: Rect[]) {
  let within = 0;
  let outside = 0;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 4;
      if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2] && a[i + 3] === b[i + 3])
        continue;
      if (inside(rects, x, y)) within++;
      else outside++;
    }
  }
  return [within, outside];
}

describe('the painter', () => {
  it('paints the whole panel first: the panel colour in the margin, opaque everywhere', () => {
    const { render, painter } = setup();
    expect(render()).toEqual([{ x: 0, y: 0, width: WIDTH, height: HEIGHT }]);
    expect([...painter.rgba.subarray(0, 4)]).toEqual([0x14, 0x16, 0x1a, 255]);
    for (let i = 3; i < painter.rgba.length; i += 4)
      if (painter.rgba[i] !== 255) throw new Error(`alpha at ${i}`);
  });

  it('a press repaints the key and its pop-up only; a release puts them back', () => {
    const { render, press, key, state, painter } = setup();
    render();
    const before = painter.rgba.slice();
    press('g');
    const damage = render();
    expect(damage).toHaveLength(2);
    expect(damage[0]).toEqual(key('g').rect);
    const popup = damage[1];
    expect(popup.y).toBeLessThan(key('g').rect.y); // above the key
    const [within, outside] = differences(before, painter.rgba, damage);
    expect(within).toBeGreaterThan(0);
    expect(outside).toBe(0);
    expect(render()).toEqual([]); // nothing changed, nothing drawn
    state.release(1);
    expect(render()).toEqual(damage);
    expect(differences(before, painter.rgba, [])).toEqual([0, 0]); // exactly as before
  });

  it('shift repaints the letter keys and shift, not the others', () => {
    const { render, state, key } = setup();
    render();
    state.press(1, key('⇧').rect.x + 5, key('⇧').rect.y + 5);
    render();
    state.release(1);
    const damage = render();
    const labels = state.placed
      .filter((p) => damage.some((d) => d.x === p.rect.x && d.y === p.rect.y))
      .map((p) => state.label(p.key));
    expect(labels.sort()).toEqual([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '⇧'].sort());
  });

  it('the alternates strip comes and goes without a trace', () => {
    vi.useFakeTimers();
    try {
      const { render, press, state, painter } = setup();
      render();
      const before = painter.rgba.slice();
      press('e');
      render();
      const pressed = painter.rgba.slice();
      vi.advanceTimersByTime(DEFAULT_CONFIG.longPressMs);
      const strip = state.activePresses[0].strip!;
      const damage = render();
      expect(
        damage.some(
          (r) =>
            r.y <= strip.items[0].rect.y &&
            r.width >= strip.items.length * strip.items[0].rect.width,
        ),
      ).toBe(true);
      expect(differences(pressed, painter.rgba, damage)[1]).toBe(0);
      state.release(1);
      render();
      expect(differences(before, painter.rgba, [])).toEqual([0, 0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a sensitive field: the pressed key only, no pop-up', () => {
    const { render, press, key } = setup({ purpose: 'password' });
    render();
    press('g');
    expect(render()).toEqual([key('g').rect]);
  });

  it('a page switch repaints everything', () => {
    const { render, key, state } = setup();
    render();
    const { rect } = key('?123');
    state.press(1, rect.x + 5, rect.y + 5);
    state.release(1);
    expect(render()).toEqual([{ x: 0, y: 0, width: WIDTH, height: HEIGHT }]);
  });
});
