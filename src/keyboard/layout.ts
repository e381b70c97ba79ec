// Layout data: named pages of rows of keys. The data is validated when loaded, squeekboard
// style: unknown fields, wrong types and dangling page links are errors naming the place,
// so a typo in a layout fails at start-up instead of drawing a silently broken keyboard.
import { ConfigError } from '../errors.js';
import { CONTENT_PURPOSES, type ContentPurpose } from '../text-input/input-method.js';

export type PageName = string;

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
  /** a word on the suggestion strip (not in layout data: the keyboard places these) */
  | 'suggestion'
  /** an emoji on an emoji page (generated from emoji data, see emoji.ts) */
  | 'emoji'
  | `page:${PageName}`;

/** A key as the keyboard uses it. */
export interface Key {
  label: string;
  action: KeyAction;
  /** what a text key types (unshifted) */
  text?: string;
  /** what it types with shift (letters: level 2 of the xkb key) */
  shifted?: string;
  /** the keysym name a backspace/enter/arrow key sends */
  keysym?: string;
  /** width in key units (a letter key is 1) */
  width: number;
  /** takes a share of the row's spare width (space bar, shift, backspace) */
  fill: boolean;
  /** long-press choices */
  alternates?: string[];
}

/** A key as written in layout data: it may be limited to some content purposes. */
export interface KeyTemplate extends Key {
  purposes?: ContentPurpose[];
}

/** Where generated keys go: the letters of an xkb key row, or the layout's other characters. */
export interface XkbSlot {
  xkb: 'AD' | 'AC' | 'AB' | 'extras';
}

export type RowTemplate = (KeyTemplate | XkbSlot)[];

export interface LayoutData {
  pages: Record<PageName, RowTemplate[]>;
}

const SIMPLE_ACTIONS = [
  'text',
  'shift',
  'backspace',
  'enter',
  'space',
  'left',
  'right',
  'hide',
  'language',
];
const DEFAULT_KEYSYMS: Partial<Record<string, string>> = {
  backspace: 'BackSpace',
  enter: 'Return',
  left: 'Left',
  right: 'Right',
};
const KEY_FIELDS = [
  'label',
  'action',
  'text',
  'shifted',
  'keysym',
  'width',
  'fill',
  'alternates',
  'purposes',
];
const XKB_SLOTS = ['AD', 'AC', 'AB', 'extras'];

export function isXkbSlot(entry: KeyTemplate | XkbSlot): entry is XkbSlot {
  return 'xkb' in entry;
}

/** What a text key types with the given shift state. */
export function keyOutput(key: Key, shifted: boolean): string {
  if (key.action === 'space') return ' ';
  if (key.action === 'emoji') return key.text ?? '';
  if (key.action !== 'text') return '';
  return (shifted && key.shifted) || key.text || '';
}

type Fail = (where: string, what: string) => never;

/** Checks layout data and fills in defaults. Rows may be written compactly: a string is a
 *  row of one-character text keys, a string entry is one text key. */
export function parseLayoutData(data: unknown, source: string): LayoutData {
  const fail: Fail = (where, what) => {
    throw new ConfigError(`${source}: ${where}: ${what}`);
  };
  if (!isObject(data)) return fail('the top level', 'must be an object');
  const unknown = Object.keys(data).find((key) => key !== 'pages');
  if (unknown !== undefined) fail(unknown, 'is not a known field (known: pages)');
  if (!isObject(data.pages)) return fail('pages', 'must be an object of page name → rows');
  const pages: Record<PageName, RowTemplate[]> = {};
  for (const [name, rows] of Object.entries(data.pages)) {
    if (!Array.isArray(rows) || rows.length === 0) {
      fail(`pages.${name}`, 'must be a non-empty array of rows');
    }
    pages[name] = (rows as unknown[]).map((row, r) => parseRow(row, `pages.${name}[${r}]`, fail));
  }
  for (const [name, rows] of Object.entries(pages)) {
    rows.forEach((row, r) =>
      row.forEach((entry, k) => {
        const target =
          !isXkbSlot(entry) && entry.action.startsWith('page:') && entry.action.slice(5);
        if (target && !(target in pages)) {
          fail(`pages.${name}[${r}][${k}]`, `links to unknown page "${target}"`);
        }
      }),
    );
  }
  return { pages };
}

function parseRow(row: unknown, where: string, fail: Fail): RowTemplate {
  if (typeof row === 'string') return [...row].map((ch) => textKey(ch));
  if (!Array.isArray(row)) return fail(where, 'must be an array of keys or a string of characters');
  return row.map((entry, k) => parseEntry(entry, `${where}[${k}]`, fail));
}

function textKey(text: string): KeyTemplate {
  return { label: text, action: 'text', text, width: 1, fill: false };
}

function parseEntry(entry: unknown, where: string, fail: Fail): KeyTemplate | XkbSlot {
  if (typeof entry === 'string') {
    return entry ? textKey(entry) : fail(where, 'an empty string is not a key');
  }
  if (!isObject(entry)) return fail(where, 'must be a key object or a string');
  /** fails with `where.field: what` unless ok */
  const check = (ok: boolean, field: string, what: string) => ok || fail(`${where}.${field}`, what);
  if ('xkb' in entry) {
    if (Object.keys(entry).length !== 1) fail(where, 'an xkb slot has no other fields');
    check(XKB_SLOTS.includes(entry.xkb as string), 'xkb', `must be one of ${XKB_SLOTS.join(', ')}`);
    return { xkb: entry.xkb as XkbSlot['xkb'] };
  }
  const knownFields = `is not a known field (known: ${KEY_FIELDS.join(', ')})`;
  for (const field of Object.keys(entry)) check(KEY_FIELDS.includes(field), field, knownFields);
  const string = (field: string): string | undefined => {
    const value = entry[field];
    const ok = value === undefined || (typeof value === 'string' && value !== '');
    check(ok, field, 'must be a non-empty string');
    return value as string | undefined;
  };
  const action = string('action') ?? 'text';
  const known = SIMPLE_ACTIONS.includes(action) || /^page:[a-z0-9]+$/.test(action);
  check(known, 'action', `"${action}" is not an action (${SIMPLE_ACTIONS.join(', ')}, page:NAME)`);
  const text = string('text');
  check(action !== 'text' || text !== undefined, 'text', 'is required for a text key');
  check(action === 'text' || text === undefined, 'text', `is only for text keys, not ${action}`);
  const width = entry.width ?? 1;
  const widthOk = typeof width === 'number' && width > 0 && width <= 10;
  check(widthOk, 'width', 'must be a number of key units from 0 to 10');
  const fill = entry.fill ?? false;
  check(typeof fill === 'boolean', 'fill', 'must be true or false');
  const key: KeyTemplate = {
    label: string('label') ?? text ?? '',
    action: action as KeyAction,
    width: width as number,
    fill: fill as boolean,
  };
  if (text) key.text = text;
  const shifted = string('shifted');
  if (shifted) key.shifted = shifted;
  const keysym = string('keysym') ?? DEFAULT_KEYSYMS[action];
  if (keysym) key.keysym = keysym;
  if (entry.alternates !== undefined) {
    key.alternates = stringList(entry.alternates, `${where}.alternates`, fail);
  }
  if (entry.purposes !== undefined) {
    const purposes = stringList(entry.purposes, `${where}.purposes`, fail);
    const wrong = purposes.find((p) => !CONTENT_PURPOSES.includes(p as ContentPurpose));
    check(wrong === undefined, 'purposes', `"${wrong}" is not a content purpose`);
    key.purposes = purposes as ContentPurpose[];
  }
  return key;
}

/** A list of non-empty strings, e.g. long-press alternates. */
export function stringList(value: unknown, where: string, fail: Fail): string[] {
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || !s)) {
    return fail(where, 'must be an array of non-empty strings');
  }
  return value as string[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
