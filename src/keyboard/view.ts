// What the panel should look like now, as plain data derived from the keyboard state: each
// key's look, and the floating pop-up and alternates strip above held keys. The painter
// compares one view with the next and redraws only what differs.
import type { Rect } from '../compositor/region.js';
import { clampRect, keyInset } from './geometry.js';
import type { KeyAction } from './layout.js';
import type { KeyboardState, ShiftState } from './state.js';

export type Icon = 'shift' | 'backspace' | 'enter' | 'hide' | 'left' | 'right';

export interface KeyVisual {
  rect: Rect;
  label: string;
  /** drawn instead of the label */
  icon: Icon | null;
  /** suggestion: a word on the strip, drawn flat until pressed */
  style: 'char' | 'function' | 'accent' | 'suggestion';
  pressed: boolean;
  /** the shift key's state (its icon shows once / locked) */
  shift: ShiftState | null;
}

/** the enlarged label of a held text key: a bubble above it joined to the key by a neck */
export interface PopupVisual {
  kind: 'popup';
  area: Rect;
  bubble: Rect;
  neck: Rect;
  label: string;
}

export interface StripVisual {
  kind: 'strip';
  area: Rect;
  items: { rect: Rect; label: string; selected: boolean }[];
}

export type FloatVisual = PopupVisual | StripVisual;

export interface KeyboardView {
  width: number;
  height: number;
  keys: KeyVisual[];
  /** drawn above the keys, in order */
  floats: FloatVisual[];
}

const ICONS: Partial<Record<KeyAction, Icon>> = {
  shift: 'shift',
  backspace: 'backspace',
  enter: 'enter',
  hide: 'hide',
  left: 'left',
  right: 'right',
};

const STRIP_MARGIN = 4;

export function keyboardView(state: KeyboardState, width: number, height: number): KeyboardView {
  const presses = state.activePresses;
  const { composer } = state;
  const autocorrect = composer.candidates[composer.autocorrectIndex] ?? null;
  const keys = state.placed.map((placed): KeyVisual => {
    const { key } = placed;
    const shiftOn = key.action === 'shift' && state.shift !== 'off';
    const suggestion = key.action === 'suggestion';
    return {
      rect: placed.rect,
      label: state.label(key),
      icon: ICONS[key.action] ?? null,
      style:
        key.action === 'enter' || shiftOn || (suggestion && key.text === autocorrect)
          ? 'accent'
          : suggestion
            ? 'suggestion'
            : key.action === 'text' || key.action === 'space'
              ? 'char'
              : 'function',
      pressed: presses.some(
        (press) => press.key === placed && (press.inside || press.strip !== null),
      ),
      shift: key.action === 'shift' ? state.shift : null,
    };
  });
  const floats: FloatVisual[] = [];
  for (const press of presses) {
    if (!press.key) continue;
    if (press.strip) {
      const items = press.strip.items.map((item, i) => ({
        rect: item.rect,
        label: item.text,
        selected: i === press.strip!.selected,
      }));
      floats.push({
        kind: 'strip',
        area: clampRect(grow(bounds(items.map((i) => i.rect)), STRIP_MARGIN), width, height),
        items,
      });
    } else if (press.inside && press.key.key.action === 'text' && !state.sensitive) {
      floats.push(popup(press.key.rect, state.output(press.key.key), width, height));
    }
  }
  return { width, height, keys, floats };
}

function popup(key: Rect, label: string, width: number, height: number): PopupVisual {
  const bubbleWidth = Math.round(Math.max(key.width * 1.2, key.height * 0.9));
  const bubbleHeight = Math.round(key.height * 1.05);
  // above the key; on the top row there is no room, so it covers the key's upper part
  const top = Math.max(0, key.y - bubbleHeight + Math.round(key.height * 0.1));
  const left = Math.min(
    width - bubbleWidth,
    Math.max(0, Math.round(key.x + key.width / 2 - bubbleWidth / 2)),
  );
  const bubble = { x: left, y: top, width: bubbleWidth, height: bubbleHeight };
  const inset = keyInset(key);
  const neck = {
    x: key.x + inset,
    y: top + bubbleHeight / 2,
    width: key.width - 2 * inset,
    height: key.y + key.height - inset - (top + bubbleHeight / 2),
  };
  return {
    kind: 'popup',
    area: clampRect(bounds([bubble, neck]), width, height),
    bubble,
    neck,
    label,
  };
}

function bounds(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

function grow(rect: Rect, by: number): Rect {
  return {
    x: rect.x - by,
    y: rect.y - by,
    width: rect.width + 2 * by,
    height: rect.height + 2 * by,
  };
}
