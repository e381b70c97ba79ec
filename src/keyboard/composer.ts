// The word being typed, shown in the field as preedit, and the candidates for it on the
// suggestion strip. Letters go into the preedit; a space, punctuation, Enter, an arrow, the
// hide key or leaving the field commits it; Backspace edits it; tapping a candidate commits
// the candidate and a space. Only fields that ask for prediction compose (the completion
// or spellcheck hint, a plain-text purpose, nothing secret) and only where the layout's
// language has a dictionary: everywhere else every key commits at once, as before.
// With autocorrect on, a space or punctuation after an unknown word puts the best
// candidate instead, and an immediate Backspace puts the typed word back. After a word and
// a space, before the next letter, the strip offers the words that usually follow.
import {
  ContentHint,
  isSensitive,
  type InputMethodSink,
  type TextFieldContext,
} from '../text-input/input-method.js';
import { lastGrapheme } from './graphemes.js';
import type { Suggester } from './words/suggester.js';

/** slots on the strip: the typed word as it is, then the best candidates */
export const STRIP_SLOTS = 4;

const PREDICTING_PURPOSES = ['normal', 'alpha', 'name'];
/** what may continue a word: letters, marks, digits, apostrophes and hyphens */
const WORD_PART = /^[\p{L}\p{M}\p{N}'’-]+$/u;

/** a field that asks for suggestions (and so may be learned from) */
export function wantsPrediction(context: TextFieldContext): boolean {
  return (
    !isSensitive(context) &&
    PREDICTING_PURPOSES.includes(context.purpose) &&
    (context.hints & (ContentHint.completion | ContentHint.spellcheck)) !== 0
  );
}

export interface ComposerOptions {
  sink(): InputMethodSink | null;
  /** the suggester for a layout, or null when its language has no data */
  suggester(layout: string): Suggester | null;
  autocorrect: boolean;
}

export class Composer {
  /** the preedit: the word typed so far, not yet in the field's text */
  word = '';
  /** what the strip offers now: the typed word first, then candidates ('' for empty slots) */
  candidates: string[] = [];
  /** index of the candidate a separator would put (autocorrect), or -1 */
  autocorrectIndex = -1;
  private suggester: Suggester | null = null;
  private predicting = false;
  /** the word just committed with a space: the strip predicts what follows it */
  private previous = '';
  /** what autocorrect just put (with its separator) and what was typed, for an immediate
   *  Backspace to undo (the typed word and the separator come back, as on Android) */
  private undo: { typed: string; put: string } | null = null;

  constructor(private readonly options: ComposerOptions) {}

  /** composing in this field: the strip shows */
  get active(): boolean {
    return this.predicting && this.suggester !== null;
  }

  /** a new field or layout: forget the old word (the old field keeps or drops its preedit) */
  fieldChanged(context: TextFieldContext | null, layout: string): void {
    this.word = '';
    this.undo = null;
    this.previous = '';
    this.predicting = context !== null && wantsPrediction(context);
    this.suggester = this.predicting ? this.options.suggester(layout) : null;
    this.refresh();
  }

  /** Text a key types. Returns the text that went into the field (for the caller's record
   *  of the text before the cursor), or null when not composing: the caller commits it. */
  type(text: string): string | null {
    if (!this.active) return null;
    this.undo = null;
    // a word starts with a letter: digits and apostrophes only continue one
    if (WORD_PART.test(text) && (this.word !== '' || /^\p{L}/u.test(text))) {
      this.word += text;
      this.sink()?.preeditString(this.word);
      this.refresh();
      return text;
    }
    const typed = this.word;
    const put = this.autocorrectIndex > 0 ? this.candidates[this.autocorrectIndex] : typed;
    this.previous = text === ' ' ? put : '';
    this.commit(put + text, put);
    if (put !== typed) this.undo = { typed: typed + text, put: put + text };
    return text;
  }

  /** Backspace: shortens the preedit, or undoes an autocorrection just made. Returns the
   *  text removed before the cursor (and what came back), or null when the caller should
   *  delete as usual. */
  backspace(): { removed: string; added: string } | null {
    if (!this.active) return null;
    const undo = this.undo;
    this.undo = null;
    this.previous = '';
    if (undo) {
      const sink = this.sink();
      sink?.deleteSurroundingText(Buffer.byteLength(undo.put), 0);
      sink?.commitString(undo.typed);
      this.refresh();
      return { removed: undo.put, added: undo.typed };
    }
    if (!this.word) {
      this.refresh(); // the predictions were for a word Backspace now takes apart
      return null;
    }
    const last = lastGrapheme(this.word);
    this.word = this.word.slice(0, -last.length);
    this.sink()?.preeditString(this.word);
    this.refresh();
    return { removed: last, added: '' };
  }

  /** commits the preedit as it is (Enter, arrows, hide, leaving the field) */
  flush(): void {
    this.undo = null;
    this.previous = '';
    if (this.word) this.commit(this.word, this.word);
  }

  /** a tap on strip slot `index`: its word and a space replace the preedit */
  pick(index: number): { removed: string; added: string } | null {
    const word = this.candidates[index];
    if (!this.active || !word) return null;
    const removed = this.word;
    this.undo = null;
    this.previous = word;
    this.commit(`${word} `, word);
    return { removed, added: `${word} ` };
  }

  /** the field gets `text` (which replaces the preedit); `word` is learned */
  private commit(text: string, word: string): void {
    this.word = '';
    this.sink()?.commitString(text);
    if (word) this.suggester?.learn(word);
    this.refresh();
  }

  private sink(): InputMethodSink | null {
    return this.options.sink();
  }

  private refresh(): void {
    this.autocorrectIndex = -1;
    const suggester = this.suggester;
    if (!this.active || !suggester || !this.word) {
      // nothing typed yet: after a word and a space, what usually follows it
      const next = this.active && suggester && this.previous;
      this.candidates = ['', ...(next ? suggester.predict(this.previous, STRIP_SLOTS - 1) : [])];
      while (this.candidates.length < STRIP_SLOTS) this.candidates.push('');
      return;
    }
    const found = suggester.suggest(this.word, STRIP_SLOTS - 1);
    this.candidates = [this.word, ...found];
    while (this.candidates.length < STRIP_SLOTS) this.candidates.push('');
    if (this.options.autocorrect && found.length && !suggester.isKnown(this.word)) {
      this.autocorrectIndex = 1;
    }
  }
}
