// Places a page's keys in the panel: rows of equal height, key widths in units of one
// letter key, rows centred. A numeric pad is kept to a comfortable width in the middle.
import type { Rect } from '../compositor/region.js';
import type { KeyDef, Page } from './layout.js';

export interface PlacedKey {
  def: KeyDef;
  /** panel-local pixels */
  rect: Rect;
}

const PADDING = 6;

export function layoutKeys(page: Page, width: number, height: number, pad: boolean): PlacedKey[] {
  const units = Math.max(...page.map((row) => row.reduce((sum, key) => sum + key.width, 0)), pad ? 8 : 10);
  const unit = (width - 2 * PADDING) / units;
  const rowHeight = (height - 2 * PADDING) / page.length;
  const placed: PlacedKey[] = [];
  page.forEach((row, r) => {
    const rowWidth = row.reduce((sum, key) => sum + key.width, 0) * unit;
    let x = PADDING + (width - 2 * PADDING - rowWidth) / 2;
    for (const def of row) {
      const left = Math.round(x);
      const right = Math.round(x + def.width * unit);
      const top = Math.round(PADDING + r * rowHeight);
      placed.push({ def, rect: { x: left, y: top, width: right - left, height: Math.round(PADDING + (r + 1) * rowHeight) - top } });
      x += def.width * unit;
    }
  });
  return placed;
}
