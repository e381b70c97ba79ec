// Builds a keyboard Layout for an XKB layout name from the page data, the letters xkbcommon
// gives and the alternates data, and picks the keys of a page for a text field's content
// purpose (email adds @ and ., url adds / and .com, the pad differs for phone and number).
import { ConfigError } from '../errors.js';
import type { ContentPurpose } from '../text-input/input-method.js';
import {
  isObject,
  isXkbSlot,
  parseLayoutData,
  stringList,
  type Key,
  type KeyTemplate,
  type LayoutData,
  type PageName,
  type XkbSlot,
} from './layout.js';
import { emojiPage, isEmojiPage } from './emoji.js';
import { letterAlternates } from './layouts/alternates.js';
import { standardLayout } from './layouts/standard.js';
import { xkbCharacters, type XkbCharacters } from './xkb-letters.js';

export type Page = Key[][];

export interface Layout {
  /** the XKB layout name, e.g. "de" */
  name: string;
  /** e.g. "German" */
  displayName: string;
  pages: Record<PageName, KeyTemplate[][]>;
}

export interface PageOptions {
  purpose: ContentPurpose;
  /** more than one layout is configured: the language key is shown */
  multilingual: boolean;
  /** recently typed emoji, most recent first (the first emoji page) */
  recentEmoji?: readonly string[];
}

type Alternates = Record<string, Record<string, string[]>>;

const MAX_EXTRAS = 10;
let standard: LayoutData | null = null;
let alternates: Alternates | null = null;
const layouts = new Map<string, Layout>();

const NUMERIC: readonly ContentPurpose[] = ['digits', 'number', 'phone', 'pin'];
const CALENDAR: readonly ContentPurpose[] = ['date', 'time', 'datetime'];

/** The page a text field of this purpose opens on. */
export function startPage(purpose: ContentPurpose): PageName {
  if (NUMERIC.includes(purpose)) return 'digits';
  if (CALENDAR.includes(purpose)) return 'symbols'; // digits and separators
  return 'letters';
}

/** The keyboard for an XKB layout (cached). Throws ConfigError for bad data. */
export function loadLayout(xkbName: string): Layout {
  const cached = layouts.get(xkbName);
  if (cached) return cached;
  standard ??= parseLayoutData(standardLayout, 'src/keyboard/layouts/standard.ts');
  alternates ??= parseAlternates(letterAlternates, 'src/keyboard/layouts/alternates.ts');
  const xkb = xkbCharacters(xkbName);
  const choices = { ...alternates.default, ...alternates[xkbName] };
  const extras = extraCharacters(standard, xkb);
  const expand = (entry: KeyTemplate | XkbSlot): KeyTemplate[] => {
    if (!isXkbSlot(entry)) return [finish(entry, xkbName, xkb.displayName)];
    if (entry.xkb === 'extras') {
      return extras.map((text) => ({ label: text, action: 'text', text, width: 1, fill: false }));
    }
    return xkb.rows[entry.xkb].map(({ text, shifted }) => ({
      label: text,
      action: 'text',
      text,
      shifted,
      width: 1,
      fill: false,
      ...(choices[text] ? { alternates: choices[text] } : {}),
    }));
  };
  const pages: Record<PageName, KeyTemplate[][]> = {};
  for (const [name, rows] of Object.entries(standard.pages)) {
    pages[name] = rows.map((row) => row.flatMap(expand)).filter((row) => row.length > 0);
  }
  const layout = { name: xkbName, displayName: xkb.displayName, pages };
  layouts.set(xkbName, layout);
  return layout;
}

/** The keys of a page as shown for a field of this purpose. */
export function buildPage(layout: Layout, page: PageName, options: PageOptions): Page {
  if (isEmojiPage(page)) return emojiPage(page, options.recentEmoji ?? []);
  const rows = layout.pages[page] ?? layout.pages.letters;
  return rows
    .map((row) =>
      row.filter(
        (key) =>
          (!key.purposes || key.purposes.includes(options.purpose)) &&
          (key.action !== 'language' || options.multilingual),
      ),
    )
    .filter((row) => row.length > 0);
}

/** labels that depend on the layout: the language key names it, the space bar shows it */
function finish(key: KeyTemplate, xkbName: string, displayName: string): KeyTemplate {
  if (key.action === 'language') return { ...key, label: xkbName.toUpperCase() };
  if (key.action === 'space' && !key.label) return { ...key, label: displayName };
  return key;
}

/** characters the XKB layout types that neither its letter rows nor the data pages offer */
function extraCharacters(data: LayoutData, xkb: XkbCharacters): string[] {
  const offered = new Set<string>();
  for (const rows of Object.values(data.pages)) {
    for (const entry of rows.flat()) {
      if (isXkbSlot(entry)) continue;
      if (entry.text) offered.add(entry.text);
      if (entry.shifted) offered.add(entry.shifted);
    }
  }
  for (const key of [...xkb.rows.AD, ...xkb.rows.AC, ...xkb.rows.AB]) {
    offered.add(key.text).add(key.shifted);
  }
  // capitals of letters already offered come with shift, or as shifted alternates (Ё from е);
  // the row has room for the lower-case letters only
  const extras = xkb.all.filter(
    (ch) => !offered.has(ch) && !(ch !== ch.toLowerCase() && offered.has(ch.toLowerCase())),
  );
  return extras
    .filter((ch) => !(ch !== ch.toLowerCase() && extras.includes(ch.toLowerCase())))
    .slice(0, MAX_EXTRAS);
}

export function parseAlternates(data: unknown, source: string): Alternates {
  const fail = (where: string, what: string): never => {
    throw new ConfigError(`${source}: ${where}: ${what}`);
  };
  if (!isObject(data)) {
    return fail('the top level', 'must be an object of layout name → letter → alternates');
  }
  const result: Alternates = { default: {} };
  for (const [layout, letters] of Object.entries(data)) {
    if (!isObject(letters)) fail(layout, 'must be an object of letter → alternates');
    result[layout] = {};
    for (const [letter, list] of Object.entries(letters as Record<string, unknown>)) {
      if ([...letter].length !== 1) fail(`${layout}.${letter}`, 'must be one character');
      result[layout][letter] = stringList(list, `${layout}.${letter}`, fail);
    }
  }
  return result;
}
