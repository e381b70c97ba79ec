// Places a page's keys in the panel: rows of equal height, widths in units of one letter key,
// `fill` keys sharing what a row has to spare, rows centred. Key cells tile the rows with no
// gaps between them, so every touch inside a row lands on a key; the drawn key is inset
// within its cell. A unit is never wider than MAX_ASPECT row heights, which keeps the
// numeric pad a comfortable block in the middle of a wide panel.
import type { Rect } from '../compositor/region.js';
import type { Key } from './layout.js';
import type { Page } from './pages.js';

export interface PlacedKey {
  key: Key;
  /** panel-local pixels */
  rect: Rect;
  row: number;
}

/** space around the keys, panel pixels */
export const PANEL_PADDING = 6;
const MAX_ASPECT = 2.2;

export function placeKeys(page: Page, width: number, height: number): PlacedKey[] {
  if (page.length === 0 || width <= 2 * PANEL_PADDING || height <= 2 * PANEL_PADDING) return [];
  const rowUnits = (row: Key[]) => row.reduce((sum, key) => sum + key.width, 0);
  const units = Math.max(...page.map(rowUnits));
  const rowHeight = (height - 2 * PANEL_PADDING) / page.length;
  const unit = Math.min((width - 2 * PANEL_PADDING) / units, rowHeight * MAX_ASPECT);
  const placed: PlacedKey[] = [];
  page.forEach((row, r) => {
    const fills = row.filter((key) => key.fill).length;
    const spare = fills ? (units - rowUnits(row)) / fills : 0;
    const widthOf = (key: Key) => key.width + (key.fill ? spare : 0);
    const rowWidth = row.reduce((sum, key) => sum + widthOf(key), 0) * unit;
    const top = Math.round(PANEL_PADDING + r * rowHeight);
    const bottom = Math.round(PANEL_PADDING + (r + 1) * rowHeight);
    let x = (width - rowWidth) / 2;
    for (const key of row) {
      const left = Math.round(x);
      x += widthOf(key) * unit;
      placed.push({
        key,
        row: r,
        rect: { x: left, y: top, width: Math.round(x) - left, height: bottom - top },
      });
    }
  });
  return placed;
}

/** how far a key's drawing sits inside its cell: the visible gap between keys is twice this */
export function keyInset(rect: Rect): number {
  return Math.max(2, Math.round(Math.min(rect.width, rect.height) * 0.05));
}

export function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && y >= rect.y && x < rect.x + rect.width && y < rect.y + rect.height;
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** the part of a rectangle inside the panel, in whole pixels */
export function clampRect(rect: Rect, width: number, height: number): Rect {
  const x = Math.max(0, Math.floor(rect.x));
  const y = Math.max(0, Math.floor(rect.y));
  const right = Math.min(width, Math.ceil(rect.x + rect.width));
  const bottom = Math.min(height, Math.ceil(rect.y + rect.height));
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}
