// The facade between an input method (the built-in keyboard, or later an external one over
// input-method-v2) and the per-seat text-input model. Protocol-neutral: the v1/v2/v3
// adapters translate to and from it.

/** Content purpose, named as in text-input-v3 (v2's numbers are mapped by its adapter). */
export type ContentPurpose =
  | 'normal'
  | 'alpha'
  | 'digits'
  | 'number'
  | 'phone'
  | 'url'
  | 'email'
  | 'name'
  | 'password'
  | 'pin'
  | 'date'
  | 'time'
  | 'datetime'
  | 'terminal';

/** The purposes in text-input-v3's numbering. */
export const CONTENT_PURPOSES: readonly ContentPurpose[] = [
  'normal',
  'alpha',
  'digits',
  'number',
  'phone',
  'url',
  'email',
  'name',
  'password',
  'pin',
  'date',
  'time',
  'datetime',
  'terminal',
];

/** The purposes in text-input-v1's and v2's numbering (no `pin`). */
export const V1_V2_PURPOSES: readonly ContentPurpose[] = CONTENT_PURPOSES.filter(
  (p) => p !== 'pin',
);

/** Content hints: the bit values shared by text-input v1, v2 and v3. */
export const ContentHint = {
  completion: 0x1,
  spellcheck: 0x2,
  autoCapitalization: 0x4,
  lowercase: 0x8,
  uppercase: 0x10,
  titlecase: 0x20,
  hiddenText: 0x40,
  sensitiveData: 0x80,
  latin: 0x100,
  multiline: 0x200,
} as const;

/** What the input method may know of the focused text field. */
export interface TextFieldContext {
  purpose: ContentPurpose;
  /** bit set of ContentHint */
  hints: number;
  /** text around the cursor, or null when the client does not say */
  surroundingText: string | null;
  /** cursor and anchor as UTF-8 byte offsets into surroundingText (as the protocols send) */
  cursor: number;
  anchor: number;
  /** why the text last changed, where the protocol says (text-input-v3) */
  changeCause?: 'input-method' | 'other';
  /** bumped when the client starts the field over (v2 update_state enter/full/reset, v1
   *  reset): its preedit is gone, and an input method composing a word drops it */
  generation?: number;
}

/** What an input method does to the focused text field. */
export interface InputMethodSink {
  commitString(text: string): void;
  /** text shown under composition; '' clears it. The cursor (or selection, up to
   *  cursorEndBytes) in UTF-8 bytes into it; -1 hides it; default: at its end */
  preeditString(text: string, cursorBytes?: number, cursorEndBytes?: number): void;
  /** delete around the cursor, lengths in UTF-8 bytes */
  deleteSurroundingText(beforeBytes: number, afterBytes: number): void;
  /** a key with an xkb keysym, e.g. BackSpace, Return, Left */
  keysym(keysym: number, pressed: boolean): void;
  /** the language the input method now types (a BCP-47 tag, e.g. "de") */
  language(tag: string): void;
  /** the user asked the panel to go away (the hide key) */
  hidePanel(): void;
  /** the calls `edits` makes reach the field as one update (text-input-v3: one `done`),
   *  as input-method-v2's commit requires; adapters without batches just run them */
  batch?(edits: () => void): void;
}

/** a field the client has told nothing about yet */
export function emptyContext(): TextFieldContext {
  return { purpose: 'normal', hints: 0, surroundingText: null, cursor: 0, anchor: 0 };
}

export function isSensitive(context: TextFieldContext): boolean {
  return (
    context.purpose === 'password' ||
    context.purpose === 'pin' ||
    (context.hints & (ContentHint.sensitiveData | ContentHint.hiddenText)) !== 0
  );
}
