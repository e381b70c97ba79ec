// The keyboard's word machinery on its own: the index (completion, corrections, folding),
// the learned-words file (bounded, atomic, private), the suggester's ranking with Debian's
// en_US dictionary, and the composer's preedit flow against a recording sink.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Composer, wantsPrediction } from '../../src/keyboard/composer.js';
import { dictionaryFor, localeOf } from '../../src/keyboard/words/dictionary.js';
import { LearnedWords, MAX_WORDS, RecentList } from '../../src/keyboard/words/learning.js';
import { Lexicon, fold } from '../../src/keyboard/words/lexicon.js';
import { Suggester, matchCase } from '../../src/keyboard/words/suggester.js';
import {
  ContentHint,
  emptyContext,
  type InputMethodSink,
} from '../../src/text-input/input-method.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-words-unit-'));
process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Lexicon', () => {
  const lexicon = Lexicon.from([
    { word: 'keyboard', count: 50 },
    { word: 'keys', count: 500 },
    { word: 'key', count: 900 },
    { word: 'Tastatur', count: 0 },
    { word: 'schön', count: 0 },
    { word: 'the', count: 10000 },
  ]);

  it('completes a prefix, most used first, ignoring case and accents', () => {
    expect(lexicon.complete('ke', 2).map((c) => c.word)).toEqual(['key', 'keys']);
    expect(lexicon.complete('tast', 3).map((c) => c.word)).toEqual(['Tastatur']);
    expect(lexicon.complete('scho', 3).map((c) => c.word)).toEqual(['schön']);
    expect(fold('Ёлка')).toBe('елка');
  });

  it('corrects one swap, deletion, insertion or replacement', () => {
    expect(lexicon.corrections('teh', 3).map((c) => c.word)).toEqual(['the']);
    expect(lexicon.corrections('keybaord', 3).map((c) => c.word)).toEqual(['keyboard']);
    expect(lexicon.corrections('kes', 3).map((c) => c.word)).toContain('keys');
  });
});

describe('LearnedWords', () => {
  it('keeps counts in a private file that a restart reads back', () => {
    const file = path.join(dir, 'state', 'words-xx.tsv');
    const words = new LearnedWords(file);
    words.learn('zorblat');
    words.learn('zorblat');
    expect(new LearnedWords(file).count('zorblat')).toBe(2);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // written through a temporary file renamed over it: none is left behind
    expect(readdirSync(path.dirname(file))).toEqual(['words-xx.tsv']);
  });

  it('is bounded: the least used go first', () => {
    const file = path.join(dir, 'bounded.tsv');
    const lines = Array.from({ length: MAX_WORDS }, (_, i) => `w${i}\t${i + 2}\t${i}\n`);
    writeFileSync(file, lines.join(''));
    const words = new LearnedWords(file);
    words.learn('fresh');
    const kept = readFileSync(file, 'utf8').trim().split('\n');
    expect(kept).toHaveLength(MAX_WORDS);
    expect(words.count('fresh')).toBe(0); // one use is less than any of the others
    expect(words.count(`w${MAX_WORDS - 1}`)).toBe(MAX_WORDS + 1);
  });

  it('keeps recent emoji the same way, or only in memory when off', () => {
    const recent = new RecentList(path.join(dir, 'state', 'emoji-recent.txt'));
    recent.save(['👋🏽', '🇩🇪']);
    expect(new RecentList(recent.file).load()).toEqual(['👋🏽', '🇩🇪']);
    const off = new RecentList(null);
    off.save(['😀']);
    expect(off.load()).toEqual([]);
  });

  it('skips damaged lines and learns nothing when off', () => {
    const file = path.join(dir, 'damaged.tsv');
    writeFileSync(file, 'good\t3\t1\n\tbroken\nalso bad\tx\n');
    expect(new LearnedWords(file).count('good')).toBe(3);
    const off = new LearnedWords(null);
    off.learn('secret');
    expect(off.count('secret')).toBe(0);
  });
});

describe('Suggester with hunspell-en-us', () => {
  const dictionary = dictionaryFor('us')!;
  const learned = new LearnedWords(path.join(dir, 'state', 'words-en_US.tsv'));
  const suggester = new Suggester(dictionary, learned);

  it('finds the dictionary for a layout, and none for a language without one', () => {
    expect(localeOf('us')).toBe('en_US');
    expect(localeOf('de')).toBe('de_DE');
    expect(localeOf('ru')).toBe('ru_RU');
    expect(localeOf('jp')).toBeNull();
    expect(dictionaryFor('jp')).toBeNull();
  });

  it('completes and corrects, ranked by frequency, in the typed case', () => {
    expect(suggester.suggest('keyb', 3)).toContain('keyboard');
    expect(suggester.suggest('teh', 3)[0]).toBe('the');
    expect(suggester.suggest('recieve', 3)[0]).toBe('receive');
    expect(suggester.suggest('Keyb', 3)).toContain('Keyboard');
    expect(matchCase('keyboard', 'KEYB')).toBe('KEYBOARD');
  });

  it('offers a made-up word once it was learned twice', () => {
    suggester.learn('qwzz');
    expect(suggester.suggest('qw', 3)).not.toContain('qwzz');
    suggester.learn('qwzz');
    expect(suggester.suggest('qw', 3)[0]).toBe('qwzz');
  });
});

describe('Composer', () => {
  const calls: string[] = [];
  const sink: InputMethodSink = {
    commitString: (s) => calls.push(`commit ${s}`),
    preeditString: (s) => calls.push(`preedit ${s}`),
    deleteSurroundingText: (b, a) => calls.push(`delete ${b} ${a}`),
    keysym: () => {},
    language: () => {},
    hidePanel: () => {},
  };
  const suggester = new Suggester(dictionaryFor('us')!, new LearnedWords(null));
  const make = (autocorrect = false) =>
    new Composer({ sink: () => sink, suggester: () => suggester, autocorrect });
  const field = { ...emptyContext(), hints: ContentHint.completion | ContentHint.spellcheck };

  it('composes only where the field asks for prediction and holds no secret', () => {
    expect(wantsPrediction(field)).toBe(true);
    expect(wantsPrediction(emptyContext())).toBe(false);
    expect(wantsPrediction({ ...field, purpose: 'email' })).toBe(false);
    expect(wantsPrediction({ ...field, purpose: 'pin' })).toBe(false);
    expect(wantsPrediction({ ...field, hints: field.hints | ContentHint.sensitiveData })).toBe(
      false,
    );
  });

  it('letters go to the preedit, a candidate commits with a space, Backspace edits', () => {
    const composer = make();
    composer.fieldChanged(field, 'us');
    calls.length = 0;
    for (const ch of 'keyb') composer.type(ch);
    expect(calls).toEqual(['preedit k', 'preedit ke', 'preedit key', 'preedit keyb']);
    expect(composer.candidates[0]).toBe('keyb');
    composer.backspace();
    expect(calls.at(-1)).toBe('preedit key');
    composer.type('b');
    composer.pick(composer.candidates.indexOf('keyboard'));
    expect(calls.at(-1)).toBe('commit keyboard ');
    composer.type('a');
    composer.type(',');
    expect(calls.at(-1)).toBe('commit a,');
    composer.type('4'); // a number is not a word to complete
    expect(calls.at(-1)).toBe('commit 4');
  });

  it("after a word and a space it predicts the next from presage's pairs", () => {
    const composer = make();
    composer.fieldChanged(field, 'us');
    for (const ch of 'thank ') composer.type(ch);
    expect(composer.candidates[0]).toBe('');
    expect(composer.candidates).toContain('you');
    composer.pick(composer.candidates.indexOf('you'));
    expect(calls.at(-1)).toBe('commit you ');
    composer.type(',');
    expect(composer.candidates).toEqual(['', '', '', '']); // punctuation ends the phrase
  });

  it('autocorrect puts the best candidate on a space; Backspace right after undoes it', () => {
    const composer = make(true);
    composer.fieldChanged(field, 'us');
    calls.length = 0;
    for (const ch of 'teh ') composer.type(ch);
    expect(calls.at(-1)).toBe('commit the ');
    composer.backspace();
    expect(calls.slice(-2)).toEqual(['delete 4 0', 'commit teh ']);
  });
});
