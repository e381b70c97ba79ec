// Letter keys from xkbcommon: the keysyms at levels 1 and 2 of the alphanumeric keys of an
// XKB layout, as UTF-8, so the keys on screen and the keymap sent to clients agree
// (`de` has z at AD06 and ü at AD11, `ru` is Cyrillic). Only keys whose first level is a
// letter go on the letters page; the layout's other characters are offered as `extras`.
import { native, type KeymapKey } from '../native.js';

export interface LetterKey {
  /** XKB key name, e.g. "AD06" */
  name: string;
  text: string;
  shifted: string;
}

export interface XkbCharacters {
  /** human name of the layout, e.g. "German" */
  displayName: string;
  rows: { AD: LetterKey[]; AC: LetterKey[]; AB: LetterKey[] };
  /** every printable character the layout types at levels 1 and 2, in key order */
  all: string[];
}

const ROW_LENGTHS = { AD: 12, AC: 11, AB: 10 } as const;
// keys outside the letter rows that still type characters: digits row, grave, backslash, 102nd key
const OTHER_KEYS = [
  'TLDE',
  ...Array.from({ length: 12 }, (_, i) => `AE${String(i + 1).padStart(2, '0')}`),
  'BKSL',
  'LSGT',
];

const cache = new Map<string, XkbCharacters>();

/** Reads an XKB layout (throws when xkbcommon cannot compile it). */
export function xkbCharacters(layout: string): XkbCharacters {
  const cached = cache.get(layout);
  if (cached) return cached;
  const keymap = native.keymapNew('evdev', 'pc105', layout, '', '');
  const keys = new Map(native.keymapKeys(keymap, 0).map((k) => [k.name, k]));
  const rows = { AD: [] as LetterKey[], AC: [] as LetterKey[], AB: [] as LetterKey[] };
  const all: string[] = [];
  for (const row of ['AD', 'AC', 'AB'] as const) {
    for (let i = 1; i <= ROW_LENGTHS[row]; i++) {
      const name = `${row}${String(i).padStart(2, '0')}`;
      const key = keys.get(name);
      if (!key) continue;
      all.push(...levelTexts(key));
      const letter = letterKey(name, key);
      if (letter) rows[row].push(letter);
    }
  }
  for (const name of OTHER_KEYS) {
    const key = keys.get(name);
    if (key) all.push(...levelTexts(key));
  }
  const result = { displayName: native.layoutName(keymap, 0), rows, all: [...new Set(all)] };
  cache.set(layout, result);
  return result;
}

/** printable text of levels 1 and 2 (dead keys and non-characters have none) */
function levelTexts(key: KeymapKey): string[] {
  return key.levels
    .slice(0, 2)
    .map((keysym) => (keysym ? native.keysymToUtf8(keysym) : ''))
    .filter((text) => isPrintable(text));
}

function letterKey(name: string, key: KeymapKey): LetterKey | null {
  const text = utf8(key.levels[0]);
  const second = utf8(key.levels[1]);
  if (!/^\p{L}$/u.test(text)) return null; // punctuation lives on the symbols pages
  const upper = text.toUpperCase();
  const shifted = isPrintable(second) ? second : [...upper].length === 1 ? upper : text;
  return { name, text, shifted };
}

function utf8(keysym: number | undefined): string {
  return keysym ? native.keysymToUtf8(keysym) : '';
}

function isPrintable(text: string): boolean {
  return text !== '' && !/^[\p{C}\s]+$/u.test(text);
}
