// Next-word prediction from presage's n-gram data (Debian's libpresage-data: English,
// Spanish and Italian, the databases KWin's Maliit uses): after a word and a space the strip
// offers the words that most often followed it. The pairs (bigrams seen more than once) are
// read once with the sqlite3 program and cached beside the word list; no data, or no
// sqlite3, means no prediction, not an error. presage's English data is small (one novel's
// 9,600 repeated pairs), so this helps with common phrases, not with everything.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { insertTop, type Candidate } from './lexicon.js';

export const PRESAGE_DIR = '/usr/share/presage';
const CACHE_FORMAT = 'next-2';
const PER_WORD = 8;

export class NextWords {
  constructor(private readonly after: Map<string, Candidate[]>) {}

  /** the words that most often follow `previous` (any case), most frequent first */
  predict(previous: string, limit: number): string[] {
    return (this.after.get(previous.toLowerCase()) ?? []).slice(0, limit).map((c) => c.word);
  }
}

/** presage's pairs for a hunspell locale ("en_US" → database_en.db), or null */
export function loadNextWords(
  locale: string,
  cacheDir: string,
  spell: (word: string) => boolean,
): NextWords | null {
  const db = path.join(PRESAGE_DIR, `database_${locale.slice(0, 2)}.db`);
  if (!existsSync(db)) return null;
  const stamp = `# ${CACHE_FORMAT} ${db}:${statSync(db).size}:${statSync(db).mtimeMs}`;
  const file = path.join(cacheDir, `next-${locale}.tsv`);
  let text: string | null = null;
  try {
    const cached = readFileSync(file, 'utf8');
    if (cached.startsWith(`${stamp}\n`)) text = cached.slice(stamp.length + 1);
  } catch {
    // not cached yet
  }
  if (text === null) {
    text = readPairs(db, spell);
    if (text === null) return null;
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${stamp}\n${text}`);
      renameSync(tmp, file);
    } catch {
      // a read-only home: read the database again next time
    }
  }
  const after = new Map<string, Candidate[]>();
  for (const line of text.split('\n')) {
    const [previous, word, count] = line.split('\t');
    if (count === undefined) continue;
    let list = after.get(previous);
    if (!list) after.set(previous, (list = []));
    insertTop(list, { word, count: Number(count) }, PER_WORD);
  }
  return new NextWords(after);
}

/** "previous\tword\tcount" lines of the pairs seen more than once whose words are words,
 *  or null without sqlite3 */
function readPairs(db: string, spell: (word: string) => boolean): string | null {
  const query = (sql: string) =>
    execFileSync('sqlite3', ['-readonly', '-separator', '\t', db, sql], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).split('\n');
  let pairs: string[];
  let stems: Set<string>;
  try {
    pairs = query('SELECT word_1, word, count FROM _2_gram WHERE count > 1');
    // presage splits "don't" into "don" and "t": words mostly followed by "t" are such halves
    const halves = `SELECT word_1 FROM _2_gram GROUP BY word_1
      HAVING 2 * SUM(CASE WHEN word = 't' THEN count ELSE 0 END) >= SUM(count)`;
    stems = new Set(query(halves));
  } catch {
    return null;
  }
  const lines: string[] = [];
  for (const line of pairs) {
    const [previous, word, count] = line.split('\t');
    if (!count || stems.has(word) || stems.has(previous)) continue;
    if (!/^\p{L}+$/u.test(word) || !/^\p{L}+$/u.test(previous)) continue;
    // presage keeps words in lower case: "i" is "I"
    const capital = word[0].toUpperCase() + word.slice(1);
    const spelled = spell(word) ? word : spell(capital) ? capital : null;
    if (spelled) lines.push(`${previous}\t${spelled}\t${count}`);
  }
  return lines.join('\n');
}
