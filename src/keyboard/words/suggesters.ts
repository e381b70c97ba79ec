// One suggester per language for the whole process, made on first use: a dictionary costs
// 0.1-0.3 s and some MB to load, so only languages someone types in are loaded.
import { dictionaryFor } from './dictionary.js';
import { LearnedWords } from './learning.js';
import { Suggester } from './suggester.js';

const made = new Map<string, Suggester | null>();

/** the suggester for an XKB layout, or null when its language has no dictionary */
export function suggesterFor(layout: string, learning: boolean): Suggester | null {
  const id = `${layout}\0${learning}`;
  if (!made.has(id)) {
    let suggester: Suggester | null = null;
    try {
      const dictionary = dictionaryFor(layout);
      if (dictionary) {
        suggester = new Suggester(dictionary, LearnedWords.forLocale(dictionary.locale, learning));
      }
    } catch (error) {
      // broken language data costs the strip, not the keyboard
      process.stderr.write(`wayboard: no suggestions for ${layout}: ${String(error)}\n`);
    }
    made.set(id, suggester);
  }
  return made.get(id)!;
}
