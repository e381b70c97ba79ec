// Words the user committed, per language, kept private: one small file per locale under
// $XDG_STATE_HOME/wayboard (mode 0600), at most MAX_WORDS words (the least used and oldest
// go first), written to a temporary file and renamed over the old one so a crash mid-write
// leaves the old file whole. The keyboard never learns from fields that ask for no
// prediction or hold secrets (it does not compose there at all).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fold, insertTop, type Candidate } from './lexicon.js';

export const MAX_WORDS = 2000;
const MAX_LENGTH = 40;

interface Entry {
  count: number;
  /** when last committed, ms since the epoch */
  last: number;
  /** the word folded (lexicon.ts), kept: matching runs on every key */
  key: string;
}

export function stateDir(): string {
  const base = process.env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state');
  return path.join(base, 'wayboard');
}

/** Recently used emoji, kept like the words (one a line, most recent first), or in memory
 *  only when learning is off. */
export class RecentList {
  constructor(readonly file: string | null) {}

  static emoji(enabled: boolean): RecentList {
    return new RecentList(enabled ? path.join(stateDir(), 'emoji-recent.txt') : null);
  }

  load(): string[] {
    if (!this.file) return [];
    try {
      return readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }

  save(list: readonly string[]): void {
    if (this.file) writeAtomically(this.file, list.map((e) => `${e}\n`).join(''));
  }
}

/** a temporary file renamed over the old one: a crash mid-write leaves the old one whole */
function writeAtomically(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (error) {
    process.stderr.write(`wayboard: cannot save ${file}: ${String(error)}\n`);
  }
}

export class LearnedWords {
  private readonly words = new Map<string, Entry>();

  /** `file` null: nothing is read or written (learning is off) */
  constructor(readonly file: string | null) {
    if (file) this.load(file);
  }

  static forLocale(locale: string, enabled: boolean): LearnedWords {
    return new LearnedWords(enabled ? path.join(stateDir(), `words-${locale}.tsv`) : null);
  }

  count(word: string): number {
    return this.words.get(word)?.count ?? 0;
  }

  /** learned words whose folded form starts with `prefix`'s, most used first */
  matching(prefix: string, limit: number): Candidate[] {
    const key = fold(prefix);
    const top: Candidate[] = [];
    for (const [word, entry] of this.words) {
      if (entry.key.startsWith(key)) insertTop(top, { word, count: entry.count }, limit);
    }
    return top;
  }

  /** remembers one use of `word` and saves at once (a commit is rare: one per word typed) */
  learn(word: string): void {
    if (!this.file || [...word].length > MAX_LENGTH) return;
    const entry = this.words.get(word) ?? { count: 0, last: 0, key: fold(word) };
    entry.count++;
    entry.last = Date.now();
    this.words.set(word, entry);
    if (this.words.size > MAX_WORDS) this.trim();
    this.save(this.file);
  }

  /** drops the least used (and of those the oldest) down to MAX_WORDS */
  private trim(): void {
    const order = [...this.words].sort((a, b) => a[1].count - b[1].count || a[1].last - b[1].last);
    for (const [word] of order.slice(0, this.words.size - MAX_WORDS)) this.words.delete(word);
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // nothing learned yet
    }
    for (const line of text.split('\n')) {
      const [word, count, last] = line.split('\t');
      if (!word || !(Number(count) > 0)) continue; // a damaged line is skipped, not fatal
      this.words.set(word, { count: Number(count), last: Number(last) || 0, key: fold(word) });
    }
    if (this.words.size > MAX_WORDS) this.trim();
  }

  private save(file: string): void {
    writeAtomically(
      file,
      [...this.words].map(([w, e]) => `${w}\t${e.count}\t${e.last}\n`).join(''),
    );
  }
}
