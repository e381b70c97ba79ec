// The long-press strip: a row of choices above a held key, the key's own character first and
// then its alternates. It extends right from the key, or left when that would leave the
// panel; the finger picks by sliding sideways, and leaving the strip's band picks nothing.
import type { Rect } from '../compositor/region.js';

export interface AlternatesStrip {
  items: { text: string; rect: Rect }[];
  /** the item a release types, -1 when the point left the strip */
  selected: number;
}

/** Lays out the strip for a key at `key`; (x, y) is where the finger is now. */
export function openStrip(
  key: Rect,
  texts: string[],
  panelWidth: number,
  x: number,
  y: number,
): AlternatesStrip {
  const unique = [...new Set(texts)];
  const rightward = key.x + unique.length * key.width <= panelWidth;
  const top = Math.max(0, key.y - key.height);
  const items = unique.map((text, i) => ({
    text,
    rect: { ...key, x: rightward ? key.x + i * key.width : key.x - i * key.width, y: top },
  }));
  const overflow = Math.max(0, -Math.min(...items.map((item) => item.rect.x)));
  for (const item of items) item.rect.x += overflow;
  const strip = { items, selected: -1 };
  strip.selected = stripIndex(strip, key, x, y);
  return strip;
}

/** the item nearest to x while the point stays in the band from above the strip to just
 *  below the key; -1 outside it */
export function stripIndex(strip: AlternatesStrip, key: Rect, x: number, y: number): number {
  const top = strip.items[0].rect.y;
  if (y < top - key.height || y > key.y + key.height * 1.5) return -1;
  const distance = (r: Rect) => Math.abs(x - (r.x + r.width / 2));
  let best = 0;
  strip.items.forEach((item, i) => {
    if (distance(item.rect) < distance(strip.items[best].rect)) best = i;
  });
  return best;
}

/** alternates follow shift; a capital that is not one character (ß → SS) stays as it is */
export function upperCase(text: string): string {
  const upper = text.toUpperCase();
  return [...upper].length === [...text].length ? upper : text;
}
