// Where the suggestion strip goes: a band across the top of the panel, above the keys, cut
// into STRIP_SLOTS equal cells (the typed word, then the candidates). The cells tile the
// band, so every touch in it lands on one. Slots exist, empty, while nothing is typed: the
// keys stay where they are from the first letter to the last.
import { STRIP_SLOTS } from './composer.js';
import { PANEL_PADDING, type PlacedKey } from './geometry.js';

/** the band's share of the panel height */
const BAND = 0.15;

export function placeSuggestions(
  active: boolean,
  width: number,
  height: number,
): { band: number; slots: PlacedKey[] } {
  if (!active || width <= 2 * PANEL_PADDING) return { band: 0, slots: [] };
  const band = Math.round(height * BAND);
  const inner = width - 2 * PANEL_PADDING;
  const slots: PlacedKey[] = [];
  for (let i = 0; i < STRIP_SLOTS; i++) {
    const left = PANEL_PADDING + Math.round((i * inner) / STRIP_SLOTS);
    const right = PANEL_PADDING + Math.round(((i + 1) * inner) / STRIP_SLOTS);
    slots.push({
      key: { label: '', action: 'suggestion', text: '', width: 1, fill: false },
      row: -1,
      rect: { x: left, y: PANEL_PADDING, width: right - left, height: band - PANEL_PADDING },
    });
  }
  return { band, slots };
}

/** the slots showing `words` (new keys: a press keeps the key it began on) */
export function labelSlots(slots: PlacedKey[], words: readonly string[]): PlacedKey[] {
  return slots.map((slot, i) => ({
    ...slot,
    key: { ...slot.key, label: words[i] ?? '', text: words[i] ?? '' },
  }));
}
