// Candidates for the word being typed, best first: words the user taught (a made-up word
// once it was committed twice, a dictionary word at once), completions of the typed
// prefix and, when the typed word is not a word, spelling corrections one edit away.
// Ranked by use: the learned count, then the language's frequency data (log scale), with
// corrections behind completions of the same frequency. Case follows the typing: "Keyb"
// gives "Keyboard", "KEYB" gives "KEYBOARD"; a word the dictionary capitalizes stays so.
import type { Dictionary } from './dictionary.js';
import type { LearnedWords } from './learning.js';
import type { Candidate } from './lexicon.js';

/** a made-up word is offered once it was committed this many times */
export const LEARN_THRESHOLD = 2;
const CORRECTION_PENALTY = 5;
/** abbreviations (TV, USA) behind words */
const CAPITALS_PENALTY = 1;
const LEARNED_BONUS = 20;
const POOL = 12;
/** shorter words have too many neighbours one edit away to guess from */
const MIN_CORRECTED = 3;

export class Suggester {
  constructor(
    readonly dictionary: Dictionary,
    readonly learned: LearnedWords,
  ) {
    dictionary.lexicon.warm(POOL);
  }

  get locale(): string {
    return this.dictionary.locale;
  }

  /** a word the dictionary or the user's own words know */
  isKnown(word: string): boolean {
    return (
      this.dictionary.spell(word) ||
      this.dictionary.spell(word.toLowerCase()) ||
      this.learned.count(word) >= LEARN_THRESHOLD
    );
  }

  /** up to `limit` candidates for `typed`, never `typed` itself */
  suggest(typed: string, limit: number): string[] {
    if (!typed) return [];
    const scores = new Map<string, number>();
    const offer = (word: string, score: number) => {
      if (word !== typed && score > (scores.get(word) ?? -Infinity)) scores.set(word, score);
    };
    const { lexicon } = this.dictionary;
    for (const { word, count } of this.learned.matching(typed, POOL)) {
      if (count >= LEARN_THRESHOLD || lexicon.lookup(word)?.word === word) {
        offer(word, LEARNED_BONUS + Math.log1p(count));
      }
    }
    const rank = (c: Candidate, penalty: number) =>
      Math.log1p(c.count) -
      penalty -
      (c.word.length > 1 && c.word.toUpperCase() === c.word ? CAPITALS_PENALTY : 0) +
      (this.learned.count(c.word) > 0 ? LEARNED_BONUS : 0);
    const completions = lexicon.complete(typed, POOL);
    for (const c of completions) offer(c.word, rank(c, 0));
    // a prefix of many words is most likely a word still being typed, not a typo
    const typo = completions.length < POOL && !this.isKnown(typed);
    if ([...typed].length >= MIN_CORRECTED && typo) {
      for (const c of lexicon.corrections(typed, POOL)) {
        // dropping the last letter is what Backspace is for
        if (!typed.toLowerCase().startsWith(c.word.toLowerCase())) {
          offer(c.word, rank(c, CORRECTION_PENALTY));
        }
      }
    }
    // of equals, the one written like the typing (lower case "schon": "schön" before "Schön")
    const lower = typed[0] === typed[0].toLowerCase();
    for (const [word, score] of scores) {
      if ((word[0] === word[0].toLowerCase()) === lower) scores.set(word, score + 0.01);
    }
    const best = [...scores].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length);
    // one of "Tag" and "tag": the better ranked
    const out: string[] = [];
    const seen = new Set([typed.toLowerCase()]);
    for (const [word] of best) {
      const cased = matchCase(word, typed);
      if (seen.has(cased.toLowerCase())) continue;
      seen.add(cased.toLowerCase());
      out.push(cased);
      if (out.length === limit) break;
    }
    return out;
  }

  /** words likely to follow `previous` (after it and a space), best first */
  predict(previous: string, limit: number): string[] {
    return this.dictionary.next?.predict(previous, limit) ?? [];
  }

  /** the word autocorrect would put for `typed`, or null when it is fine as it is */
  correction(typed: string): string | null {
    if (!typed || this.isKnown(typed)) return null;
    return this.suggest(typed, 1)[0] ?? null;
  }

  learn(word: string): void {
    this.learned.learn(word);
  }
}

/** the candidate in the typed word's case: Capitalized or ALL CAPS follow the typing */
export function matchCase(word: string, typed: string): string {
  const chars = [...typed];
  const upper = (s: string) => s.toUpperCase() === s && s.toLowerCase() !== s;
  if (chars.length > 1 && upper(typed)) return word.toUpperCase();
  if (chars.length && upper(chars[0])) return word[0].toUpperCase() + word.slice(1);
  return word;
}
