// Suggestions per key with full dictionaries: for each language, the time to load its data
// (from the word cache, as every start after the first does), the memory it adds (measured
// in a fresh process per language), and the work one key costs (spell check of the typed
// word + candidates for the strip) over every prefix of 400 words, a quarter of them with
// two letters swapped, with MAX_WORDS learned words. Also hunspell's own suggest() on the
// misspelt words, which is why the keyboard does not call it per key.
// Times are wall clock per key (p50, p99, max) and, as "cpu p99", the CPU time of the same
// calls: on a busy machine the wall-clock tail is mostly other processes' time slices.
// Run: npx tsx bench/suggestions.ts   (prints a table and one JSON line)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dictionaryFor } from '../src/keyboard/words/dictionary.js';
import { LearnedWords, MAX_WORDS } from '../src/keyboard/words/learning.js';
import type { Lexicon } from '../src/keyboard/words/lexicon.js';
import { Suggester } from '../src/keyboard/words/suggester.js';

const WORDS = 400;
const LANGUAGES = ['us', 'de', 'ru'];

/** a small deterministic generator, so every run types the same words */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** as many learned words as the file keeps (MAX_WORDS): the worst case of the scan over
 *  learned words each key makes */
function fullLearnedWords(lexicon: Lexicon): LearnedWords {
  const next = random(7);
  const entries = [...lexicon.entries()];
  const lines: string[] = [];
  for (let i = 0; i < MAX_WORDS; i++) {
    lines.push(`${entries[Math.floor(next() * entries.length)][1]}\t${1 + (i % 5)}\t${i}\n`);
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wayboard-bench-learned-')), 'w.tsv');
  writeFileSync(file, lines.join(''));
  const learned = new LearnedWords(file);
  rmSync(path.dirname(file), { recursive: true, force: true });
  return learned;
}

/** one language in this (fresh) process: load, memory, per-key times */
function measure(layout: string) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const memory = () => {
    gc();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed + m.external };
  };
  const before = memory();
  const started = performance.now();
  const dictionary = dictionaryFor(layout)!;
  new Suggester(dictionary, new LearnedWords(null)); // what a session loads (and warms)
  const loadMs = performance.now() - started;
  const after = memory();
  const suggester = new Suggester(dictionary, fullLearnedWords(dictionary.lexicon));
  const next = random(42);
  const entries = [...dictionary.lexicon.entries()].filter(([, w]) => /^\p{Ll}{3,}$/u.test(w));
  const perKey: number[] = [];
  const cpuPerKey: number[] = [];
  const typos: string[] = [];
  for (let n = 0; n < WORDS; n++) {
    let word = entries[Math.floor(next() * entries.length)][1];
    if (n % 4 === 3) {
      const i = 1 + Math.floor(next() * (word.length - 2));
      word = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      typos.push(word);
    }
    for (let end = 1; end <= word.length; end++) {
      const prefix = word.slice(0, end);
      const cpu = process.cpuUsage();
      const t = performance.now();
      suggester.isKnown(prefix);
      suggester.suggest(prefix, 3);
      perKey.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      cpuPerKey.push((used.user + used.system) / 1000);
    }
  }
  perKey.sort((a, b) => a - b);
  cpuPerKey.sort((a, b) => a - b);
  const hunspell: number[] = [];
  for (const typo of typos.slice(0, 40)) {
    const t = performance.now();
    dictionary.suggest(typo);
    hunspell.push(performance.now() - t);
  }
  hunspell.sort((a, b) => a - b);
  return {
    layout,
    locale: dictionary.locale,
    words: dictionary.lexicon.size,
    load_ms: Math.round(loadMs),
    added_rss_mb: mb(after.rss - before.rss),
    added_heap_mb: mb(after.heap - before.heap),
    keys: perKey.length,
    per_key_p50_ms: +percentile(perKey, 50).toFixed(3),
    per_key_p99_ms: +percentile(perKey, 99).toFixed(3),
    per_key_max_ms: +perKey[perKey.length - 1].toFixed(3),
    // CPU time of the same calls: what a key costs without other processes' preemption
    cpu_per_key_p99_ms: +percentile(cpuPerKey, 99).toFixed(3),
    hunspell_suggest_p50_ms: +percentile(hunspell, 50).toFixed(1),
  };
}

const one = process.argv.indexOf('--one');
if (one > 0) {
  console.log(JSON.stringify(measure(process.argv[one + 1])));
} else {
  const cache = mkdtempSync(path.join(tmpdir(), 'wayboard-bench-words-'));
  process.env.XDG_CACHE_HOME = cache;
  const buildMs: Record<string, number> = {};
  for (const layout of LANGUAGES) {
    const t = performance.now();
    dictionaryFor(layout); // the first use builds the word cache
    buildMs[layout] = Math.round(performance.now() - t);
  }
  const script = fileURLToPath(import.meta.url);
  const results = LANGUAGES.map((layout) => ({
    ...JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, script, '--one', layout], {
        encoding: 'utf8',
      }),
    ),
    first_use_ms: buildMs[layout],
  }));
  rmSync(cache, { recursive: true, force: true });
  console.log(
    'layout locale    words first use  load  +rss MB +heap MB  keys  p50 ms  p99 ms  max ms  cpu p99  hunspell.suggest p50',
  );
  for (const r of results) {
    console.log(
      [
        r.layout.padEnd(6),
        r.locale.padEnd(6),
        String(r.words).padStart(8),
        `${r.first_use_ms} ms`.padStart(9),
        `${r.load_ms} ms`.padStart(6),
        String(r.added_rss_mb).padStart(8),
        String(r.added_heap_mb).padStart(8),
        String(r.keys).padStart(5),
        r.per_key_p50_ms.toFixed(3).padStart(7),
        r.per_key_p99_ms.toFixed(3).padStart(7),
        r.per_key_max_ms.toFixed(3).padStart(7),
        r.cpu_per_key_p99_ms.toFixed(3).padStart(8),
        `${r.hunspell_suggest_p50_ms} ms`.padStart(10),
      ].join(' '),
    );
  }
  console.log(JSON.stringify({ bench: 'suggestions', results }));
}
