// A language's words for suggestions: every word once, with how often it is used where the
// data says (0 where not), indexed by a folded key (lower case, accents off) so "schon"
// finds "schön" and "tast" finds "Tastatur". Completion is a binary search and a scan of
// the prefix's range; corrections try every single edit of the typed word (delete, swap,
// replace, insert) against the same index. No Map or Set: three parallel sorted arrays
// keep a 150,000-word language at a few MB and every lookup O(log n).

export interface Candidate {
  word: string;
  count: number;
}

const COMBINING = /\p{M}/gu;
/** prefixes matching more words than this have their completions remembered */
const MEMO_RANGE = 500;

/** the index key of a word: lower case without diacritics (ё → е, ä → a) */
export function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(COMBINING, '');
}

export class Lexicon {
  /** the letters edits are tried with: those the words use, most used first */
  private readonly alphabet: string[];
  private readonly short = new Map<string, Candidate[]>();

  /** `entries` in any order; a word listed twice keeps its larger count */
  static from(entries: Iterable<Candidate>): Lexicon {
    const best = new Map<string, number>();
    for (const { word, count } of entries) best.set(word, Math.max(count, best.get(word) ?? 0));
    const sorted = [...best]
      .map(([word, count]) => ({ key: fold(word), word, count }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.count - a.count));
    return new Lexicon(
      sorted.map((e) => e.key),
      sorted.map((e) => e.word),
      Uint32Array.from(sorted, (e) => e.count),
    );
  }

  /** from `entries()` of an earlier Lexicon (sorted by key): no folding or sorting again */
  constructor(
    private readonly keys: string[],
    private readonly words: string[],
    private readonly counts: Uint32Array,
  ) {
    const letters = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 7) {
      for (const ch of keys[i]) letters.set(ch, (letters.get(ch) ?? 0) + 1);
    }
    this.alphabet = [...letters]
      .filter(([ch]) => /\p{L}/u.test(ch))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([ch]) => ch);
  }

  /** key, word and count of every word, in index order */
  *entries(): Generator<[string, string, number]> {
    for (let i = 0; i < this.keys.length; i++) yield [this.keys[i], this.words[i], this.counts[i]];
  }

  get size(): number {
    return this.keys.length;
  }

  /** up to `limit` words starting with `prefix` (folded), most used first, then shortest */
  complete(prefix: string, limit: number): Candidate[] {
    const key = fold(prefix);
    if (!key) return [];
    const start = this.lowerBound(key);
    const end = this.lowerBound(`${key}\uffff`);
    // a short prefix covers thousands of words: remember the answer for such ranges
    const memo = end - start > MEMO_RANGE ? `${key}\0${limit}` : null;
    const known = memo && this.short.get(memo);
    if (known) return known;
    const top: Candidate[] = [];
    for (let i = start; i < end; i++) {
      insertTop(top, { word: this.words[i], count: this.counts[i] }, limit);
    }
    if (memo) this.short.set(memo, top);
    return top;
  }

  /** answers the one- and two-letter prefixes now (a pass or two over the words), so the
   *  first key of a word costs no scan of thousands */
  warm(limit: number): void {
    const prefixes = new Set<string>();
    for (const key of this.keys) {
      const chars = [...key];
      prefixes.add(chars[0]);
      if (chars.length > 1) prefixes.add(chars[0] + chars[1]);
    }
    for (const prefix of prefixes) this.complete(prefix, limit);
  }

  /** words one edit away from `typed`, most used first */
  corrections(typed: string, limit: number): Candidate[] {
    const key = fold(typed);
    const top: Candidate[] = [];
    const consider = (candidate: string) => {
      if (candidate === key) return;
      let i = this.lowerBound(candidate);
      for (; i < this.keys.length && this.keys[i] === candidate; i++) {
        // two edits can make the same word ("aab": delete either a); hits are rare
        const word = this.words[i];
        if (!top.some((c) => c.word === word)) {
          insertTop(top, { word, count: this.counts[i] }, limit);
        }
      }
    };
    const chars = [...key];
    for (let i = 0; i <= chars.length; i++) {
      const head = chars.slice(0, i).join('');
      const tail = chars.slice(i).join('');
      const rest = chars.slice(i + 1).join('');
      if (i < chars.length) consider(head + rest); // delete
      if (i < chars.length - 1)
        consider(head + chars[i + 1] + chars[i] + chars.slice(i + 2).join(''));
      for (const ch of this.alphabet) {
        consider(head + ch + tail); // insert
        if (i < chars.length) consider(head + ch + rest); // replace
      }
    }
    return top;
  }

  /** the dictionary's spelling of a word whose folded key matches exactly, or null */
  lookup(word: string): Candidate | null {
    const key = fold(word);
    const i = this.lowerBound(key);
    return i < this.keys.length && this.keys[i] === key
      ? { word: this.words[i], count: this.counts[i] }
      : null;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** one- and two-letter words are quicker typed than picked: last among equals */
const length = (word: string) => (word.length < 3 ? 100 : 0) + word.length;

/** keeps `top` the `limit` best candidates: higher count first, then the shorter word */
export function insertTop(top: Candidate[], candidate: Candidate, limit: number): void {
  const better = (a: Candidate, b: Candidate) =>
    a.count !== b.count ? a.count > b.count : length(a.word) < length(b.word);
  if (top.length === limit && !better(candidate, top[top.length - 1])) return;
  let i = top.length;
  while (i > 0 && better(candidate, top[i - 1])) i--;
  top.splice(i, 0, candidate);
  if (top.length > limit) top.pop();
}
