// The emoji pages: Unicode's emoji from npm emojibase-data (maintained with each Unicode
// release) in its categories and order, recently used ones first, skin tones on long
// press. Pages are generated, not layout data: "emoji" shows the recent ones (or the first
// category when there are none), "emoji-G-N" page N of category G. Emoji newer than Debian's
// fonts-noto-color-emoji draws (Emoji 15.0 in 2.042) are left out: they would show as boxes.
import { createRequire } from 'node:module';
import type { Key } from './layout.js';
import type { Page } from './pages.js';

/** the newest emoji version the colour font draws */
const FONT_EMOJI_VERSION = 15.0;
/** emoji per page: three rows of ten */
const COLUMNS = 10;
const ROWS = 3;
export const MAX_RECENT = COLUMNS * ROWS;

interface EmojiData {
  emoji: string;
  group?: number;
  order?: number;
  version: number;
  skins?: EmojiData[];
}

export interface Emoji {
  text: string;
  /** skin tone variants, for the long-press strip */
  skins: string[];
}

/** emojibase's groups, each with the emoji its tab shows (group 2, skin tone and hair
 *  components, is not a category of its own) */
const CATEGORIES: { group: number; icon: string }[] = [
  { group: 0, icon: '😀' },
  { group: 1, icon: '👋' },
  { group: 3, icon: '🐻' },
  { group: 4, icon: '🍔' },
  { group: 5, icon: '✈️' },
  { group: 6, icon: '⚽' },
  { group: 7, icon: '💡' },
  { group: 8, icon: '🔣' },
  { group: 9, icon: '🏁' },
];
const RECENT_ICON = '🕘';

let byGroup: Map<number, Emoji[]> | null = null;

/** every category's emoji, loaded on the first visit to an emoji page */
function categories(): Map<number, Emoji[]> {
  if (byGroup) return byGroup;
  const require = createRequire(import.meta.url);
  let data: EmojiData[] = [];
  try {
    data = require('emojibase-data/en/data.json') as EmojiData[];
  } catch (error) {
    // a broken install costs the emoji, not the keyboard
    process.stderr.write(`wayboard: no emoji data: ${String(error).split('\n')[0]}\n`);
  }
  const drawable = (e: EmojiData) => e.version > 0 && e.version <= FONT_EMOJI_VERSION;
  byGroup = new Map(CATEGORIES.map(({ group }) => [group, []]));
  for (const e of [...data].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))) {
    const list = e.group === undefined ? undefined : byGroup.get(e.group);
    if (!list || !drawable(e)) continue;
    list.push({ text: e.emoji, skins: (e.skins ?? []).filter(drawable).map((s) => s.emoji) });
  }
  return byGroup;
}

/** the skin variants of an emoji, for recent ones (a recent variant has its base's list) */
function skinsOf(text: string): string[] {
  for (const list of categories().values()) {
    const found = list.find((e) => e.text === text || e.skins.includes(text));
    if (found) return found.skins;
  }
  return [];
}

export function isEmojiPage(page: string): boolean {
  return page === 'emoji' || page.startsWith('emoji-');
}

/** the keys of an emoji page: category tabs, three rows of emoji, then ABC, paging and
 *  Backspace */
export function emojiPage(page: string, recent: readonly string[]): Page {
  const m = /^emoji-(\d+)-(\d+)$/.exec(page);
  const groups = categories();
  let group = m ? Number(m[1]) : -1;
  let index = m ? Number(m[2]) : 0;
  let emoji: Emoji[];
  if (group === -1 && recent.length) {
    emoji = recent.map((text) => ({ text, skins: skinsOf(text) }));
  } else {
    if (!groups.has(group)) group = CATEGORIES[0].group;
    emoji = groups.get(group)!;
  }
  const perPage = COLUMNS * ROWS;
  const pages = Math.max(1, Math.ceil(emoji.length / perPage));
  index = Math.min(index, pages - 1);
  const tab = (action: string, icon: string): Key => ({
    label: icon,
    action: action as Key['action'],
    width: 1,
    fill: false,
  });
  const tabs = [
    tab('page:emoji', RECENT_ICON),
    ...CATEGORIES.map((c) => tab(`page:emoji-${c.group}-0`, c.icon)),
  ];
  const shown = emoji.slice(index * perPage, (index + 1) * perPage);
  const rows: Page = [tabs];
  for (let r = 0; r < ROWS; r++) {
    const row = shown.slice(r * COLUMNS, (r + 1) * COLUMNS).map((e): Key => ({
      label: e.text,
      action: 'emoji',
      text: e.text,
      width: 1,
      fill: false,
      ...(e.skins.length ? { alternates: e.skins } : {}),
    }));
    if (row.length) rows.push(row);
  }
  const base = group === -1 ? 'emoji' : `emoji-${group}`;
  const turn = (to: number, label: string): Key => ({
    label,
    action: (to === 0 && group === -1 ? 'page:emoji' : `page:${base}-${to}`) as Key['action'],
    width: 1.5,
    fill: false,
  });
  rows.push([
    { label: 'ABC', action: 'page:letters', width: 1.5, fill: false },
    ...(index > 0 ? [turn(index - 1, '◀')] : []),
    { label: '', action: 'space', width: 2, fill: true },
    ...(index < pages - 1 ? [turn(index + 1, '▶')] : []),
    { label: '⌫', action: 'backspace', keysym: 'BackSpace', width: 1.5, fill: false },
  ]);
  return rows;
}

/** `recent` with `text` moved to the front, at most MAX_RECENT long */
export function addRecent(recent: readonly string[], text: string): string[] {
  return [text, ...recent.filter((e) => e !== text)].slice(0, MAX_RECENT);
}
