// Layouts are data: pages of rows of keys. The letter rows come from xkbcommon for the XKB
// layout name (levels 1 and 2 of the alphanumeric keys), so the keys on screen and the
// keymap clients get agree; symbols and the numeric pads are fixed pages; the text field's
// content purpose picks the page and adds keys (@ for email, / and .com for url).
import { native } from '../native.js';
import type { ContentPurpose } from '../text-input/input-method.js';

export type KeyAction =
  | 'text'
  | 'shift'
  | 'backspace'
  | 'enter'
  | 'space'
  | 'left'
  | 'right'
  | 'hide'
  | 'language'
  | `page:${PageName}`;

export type PageName = 'letters' | 'symbols' | 'digits';

export interface KeyDef {
  action: KeyAction;
  /** what it types; for letters: unshifted, with `shifted` beside it */
  text?: string;
  shifted?: string;
  /** a fixed label for non-text keys */
  label?: string;
  /** width in key units (a letter key is 1) */
  width: number;
  /** long-press alternates */
  alternates?: string[];
}

export type Page = KeyDef[][];

// accented alternates on long press, for the Latin letters that have them
const ALTERNATES: Record<string, string> = {
  a: 'àáâäãåæ', c: 'çćč', e: 'èéêëę', i: 'ìíîï', n: 'ñń', o: 'òóôöõøœ', s: 'ßśš', u: 'ùúûü', y: 'ýÿ', z: 'žźż',
};

const text = (t: string, width = 1): KeyDef => ({ action: 'text', text: t, width });
const special = (action: KeyAction, label: string, width: number): KeyDef => ({ action, label, width });

function letterKey(key: { levels: number[] }): KeyDef | null {
  const lower = native.keysymToUtf8(key.levels[0] ?? 0);
  if (!/^\p{L}$/u.test(lower)) return null; // punctuation lives on the symbols page
  const upper = native.keysymToUtf8(key.levels[1] ?? 0) || lower.toUpperCase();
  const alternates = ALTERNATES[lower];
  return { action: 'text', text: lower, shifted: upper, width: 1, ...(alternates ? { alternates: [...alternates] } : {}) };
}

/** The three letter rows of an XKB layout: the q-row, a-row and z-row keys that type letters. */
export function letterRows(layout: string): KeyDef[][] {
  const keymap = native.keymapNew('evdev', 'pc105', layout, '', '');
  const byName = new Map(native.keymapKeys(keymap, 0).map((k) => [k.name, k]));
  const row = (prefix: string, count: number) => {
    const keys: KeyDef[] = [];
    for (let i = 1; i <= count; i++) {
      const key = byName.get(`${prefix}${String(i).padStart(2, '0')}`);
      const def = key && letterKey(key);
      if (def) keys.push(def);
    }
    return keys;
  };
  return [row('AD', 12), row('AC', 11), row('AB', 10)];
}

/** The page a text field of this purpose opens on. */
export function startPage(purpose: ContentPurpose): PageName {
  return purpose === 'digits' || purpose === 'number' || purpose === 'phone' || purpose === 'pin' ? 'digits' : 'letters';
}

function bottomRow(purpose: ContentPurpose, layouts: number, toPage: PageName, toLabel: string): KeyDef[] {
  const row: KeyDef[] = [special(`page:${toPage}`, toLabel, 1.5)];
  if (layouts > 1) row.push(special('language', '🌐', 1));
  if (purpose === 'email') row.push(text('@'));
  if (purpose === 'url') row.push(text('/'));
  row.push({ action: 'space', text: ' ', label: '', width: purpose === 'email' || purpose === 'url' ? 3.5 : 4.5 });
  if (purpose === 'email' || purpose === 'url') row.push(text('.'));
  if (purpose === 'url') row.push(text('.com', 1.5));
  row.push(special('left', '◀', 1), special('right', '▶', 1), special('hide', '⌨', 1), special('enter', '⏎', 1.5));
  return row;
}

export function lettersPage(rows: KeyDef[][], purpose: ContentPurpose, layouts: number): Page {
  const [top, middle, bottom] = rows;
  return [
    top,
    middle,
    [special('shift', '⇧', 1.5), ...bottom, special('backspace', '⌫', 1.5)],
    bottomRow(purpose, layouts, 'symbols', '?123'),
  ];
}

export function symbolsPage(purpose: ContentPurpose, layouts: number): Page {
  const chars = (s: string) => [...s].map((c) => text(c));
  return [
    chars('1234567890'),
    chars('@#$%&*-+()'),
    [...chars('!"\':;/?,.'), special('backspace', '⌫', 1.5)],
    bottomRow(purpose, layouts, 'letters', 'ABC'),
  ];
}

/** A numeric pad: digits, with + * # for phones and . - for numbers. */
export function digitsPage(purpose: ContentPurpose): Page {
  const extra = purpose === 'phone' ? ['+', '*', '#'] : purpose === 'number' ? ['.', '-', ','] : [];
  const side = (i: number): KeyDef[] => (extra[i] ? [text(extra[i])] : []);
  return [
    [text('1'), text('2'), text('3'), ...side(0), special('backspace', '⌫', 1)],
    [text('4'), text('5'), text('6'), ...side(1), special('left', '◀', 1)],
    [text('7'), text('8'), text('9'), ...side(2), special('right', '▶', 1)],
    [special('hide', '⌨', 1), text('0'), { action: 'space', text: ' ', label: '␣', width: 1 }, ...(extra.length ? [special('page:letters', 'ABC', 1)] : []), special('enter', '⏎', 1)],
  ];
}
