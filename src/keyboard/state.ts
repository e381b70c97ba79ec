// The keyboard's state machine: page, shift (off / once / locked), the key held by each touch
// point or the pointer, long-press alternates, and the actions sent to the text field. It
// draws nothing and knows no compositor: points come in panel-local pixels, text goes out
// through InputMethodSink. Idle means no timers: the long-press timer runs only while a key
// that has alternates is held.
import { native } from '../native.js';
import {
  ContentHint,
  isSensitive,
  type ContentPurpose,
  type InputMethodSink,
  type TextFieldContext,
} from '../text-input/input-method.js';
import { Composer } from './composer.js';
import { addRecent } from './emoji.js';
import { lastGrapheme } from './graphemes.js';
import { contains, placeKeys, type PlacedKey } from './geometry.js';
import { keyOutput, type Key, type PageName } from './layout.js';
import { buildPage, loadLayout, startPage, type Layout, type Page } from './pages.js';
import { openStrip, stripIndex, upperCase, type AlternatesStrip } from './strip.js';
import { labelSlots, placeSuggestions } from './suggestion-strip.js';
import type { Suggester } from './words/suggester.js';

export type ShiftState = 'off' | 'once' | 'locked';

/** Time, injectable so tests can step it. */
export interface Timers {
  set(ms: number, run: () => void): unknown;
  clear(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  set: (ms, run) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => performance.now(),
};

export interface KeyboardStateOptions {
  /** XKB layout names; the language key cycles them */
  layouts: string[];
  longPressMs: number;
  sink(): InputMethodSink | null;
  context(): TextFieldContext | null;
  /** the language key switched to layouts[index] */
  layoutChanged(index: number): void;
  /** something visible changed outside a press/move/release call (long press) */
  changed(): void;
  timers?: Timers;
  /** the suggester for a layout's language, or null (no strip, no preedit) */
  suggester?(layout: string): Suggester | null;
  /** a space or punctuation after an unknown word puts the best candidate */
  autocorrect?: boolean;
  /** where recently used emoji are kept (none: in memory only) */
  recentEmoji?: { load(): string[]; save(list: readonly string[]): void };
}

export interface Press {
  key: PlacedKey | null;
  /** the point is inside the key the press began in: a release there is a tap */
  inside: boolean;
  timer: unknown | null;
  strip: AlternatesStrip | null;
}

/** two taps on shift within this time lock capitals */
export const DOUBLE_TAP_MS = 400;

export class KeyboardState {
  page: PageName = 'letters';
  shift: ShiftState = 'off';
  layoutIndex = 0;
  purpose: ContentPurpose = 'normal';
  /** password or sensitive data: no pop-ups, nothing remembered */
  sensitive = false;
  private hints = 0;
  private layout: Layout;
  private keys: PlacedKey[] = [];
  private width = 0;
  private height = 0;
  private readonly presses = new Map<number, Press>();
  /** the text before the cursor as far as our own typing tells (auto-capitalization); null: unknown */
  private textBefore: string | null = '';
  private lastShiftTap = -Infinity;
  private field: {
    context: TextFieldContext;
    purpose: ContentPurpose;
    hints: number;
    generation?: number;
  } | null = null;
  private readonly timers: Timers;
  /** the preedit and the suggestion strip's words */
  readonly composer: Composer;
  /** the suggestion strip's slots (empty unless composing) and the words they were made for */
  private strip: PlacedKey[] = [];
  private stripWords: string[] = [];
  /** emoji typed lately, most recent first (never from secret fields) */
  private recentEmoji: string[] = [];

  constructor(private readonly options: KeyboardStateOptions) {
    if (options.layouts.length === 0) throw new Error('the keyboard needs at least one layout');
    this.layout = loadLayout(options.layouts[0]);
    this.timers = options.timers ?? realTimers;
    this.recentEmoji = options.recentEmoji?.load() ?? [];
    this.composer = new Composer({
      sink: () => options.sink(),
      suggester: (layout) => options.suggester?.(layout) ?? null,
      autocorrect: options.autocorrect ?? false,
    });
  }

  /** the XKB layout name, e.g. "de" */
  get layoutName(): string {
    return this.layout.name;
  }

  /** the suggestion strip's slots, then the current page's keys, panel-local */
  get placed(): readonly PlacedKey[] {
    if (this.stripWords !== this.composer.candidates) {
      this.stripWords = this.composer.candidates;
      this.strip = labelSlots(this.strip, this.stripWords);
    }
    return this.strip.length ? [...this.strip, ...this.keys] : this.keys;
  }

  get activePresses(): readonly Press[] {
    return [...this.presses.values()];
  }

  resize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.relayout();
  }

  /** the keys of any page for the current field and layout */
  pageKeys(page: PageName): Page {
    return buildPage(this.layout, page, {
      purpose: this.purpose,
      multilingual: this.options.layouts.length > 1,
      recentEmoji: this.recentEmoji,
    });
  }

  /** what a key types now (text keys and space), '' for the others */
  output(key: Key): string {
    return keyOutput(key, this.shift !== 'off');
  }

  label(key: Key): string {
    if (key.action === 'text') return this.output(key);
    if (key.action === 'shift') return this.shift === 'locked' ? '⇪' : '⇧';
    return key.label;
  }

  /** Re-reads the text field. A new field (or a new purpose or hints) picks the page and
   *  shift; later updates of the same field do not: they echo our own commits and would
   *  race with the next tap. */
  contextChanged(): void {
    const context = this.options.context();
    if (!context) return;
    this.sensitive = isSensitive(context);
    if (this.isCurrentField(context)) {
      // the text changed by the user's hand (text-input-v3: a tap moved the cursor): the
      // client has dealt with its preedit, the word under composition is no more
      if (context.changeCause === 'other') this.composer.fieldChanged(context, this.layout.name);
      return;
    }
    this.field = {
      context,
      purpose: context.purpose,
      hints: context.hints,
      generation: context.generation,
    };
    this.purpose = context.purpose;
    this.hints = context.hints;
    this.textBefore = this.sensitive ? null : textBeforeCursor(context);
    this.composer.fieldChanged(context, this.layout.name);
    this.page = startPage(this.purpose);
    this.lastShiftTap = -Infinity;
    const hasShift = this.pageKeys(this.page).some((row) =>
      row.some((key) => key.action === 'shift'),
    );
    const upper = (this.hints & ContentHint.uppercase) !== 0 && !this.sensitive;
    this.shift = !hasShift ? 'off' : upper ? 'locked' : this.autoShift() ? 'once' : 'off';
    this.relayout();
  }

  private isCurrentField(context: TextFieldContext): boolean {
    const field = this.field;
    return (
      field !== null &&
      field.context === context &&
      field.purpose === context.purpose &&
      field.hints === context.hints &&
      field.generation === context.generation
    );
  }

  /** the panel went away: presses end, and the next field starts afresh */
  reset(): void {
    this.cancelPresses();
    this.field = null;
    this.composer.fieldChanged(null, this.layout.name);
  }

  keyAt(x: number, y: number): PlacedKey | null {
    return this.placed.find((placed) => contains(placed.rect, x, y)) ?? null;
  }

  press(id: number, x: number, y: number): void {
    this.endPress(id);
    const key = this.keyAt(x, y);
    const press: Press = { key, inside: key !== null, timer: null, strip: null };
    this.presses.set(id, press);
    if (key?.key.alternates?.length) {
      press.timer = this.timers.set(this.options.longPressMs, () => this.openStrip(press, x, y));
    }
  }

  move(id: number, x: number, y: number): void {
    const press = this.presses.get(id);
    if (!press?.key) return;
    if (press.strip) {
      press.strip.selected = stripIndex(press.strip, press.key.rect, x, y);
      return;
    }
    press.inside = contains(press.key.rect, x, y);
    if (!press.inside) this.stopTimer(press); // sliding off a key is not a long press
  }

  release(id: number): void {
    const press = this.endPress(id);
    if (!press?.key) return;
    if (press.strip) {
      const item = press.strip.items[press.strip.selected];
      if (item && press.key.key.action === 'emoji') this.typeEmoji(item.text, press.key.key);
      else if (item) this.commit(item.text, press.key.key);
    } else if (press.inside) {
      this.activate(press.key.key);
    }
  }

  private endPress(id: number): Press | undefined {
    const press = this.presses.get(id);
    if (press) this.stopTimer(press);
    this.presses.delete(id);
    return press;
  }

  private stopTimer(press: Press): void {
    if (press.timer !== null) this.timers.clear(press.timer);
    press.timer = null;
  }

  private cancelPresses(): void {
    for (const press of this.presses.values()) this.stopTimer(press);
    this.presses.clear();
  }

  /** lays out the current page; presses on the old keys end without typing */
  private relayout(): void {
    this.cancelPresses();
    const { band, slots } = placeSuggestions(this.composer.active, this.width, this.height);
    this.strip = slots;
    this.stripWords = [];
    this.keys = placeKeys(this.pageKeys(this.page), this.width, this.height - band);
    for (const placed of this.keys) placed.rect.y += band;
  }

  private openStrip(press: Press, x: number, y: number): void {
    press.timer = null;
    if (!press.key || ![...this.presses.values()].includes(press)) return;
    const { key, rect } = press.key;
    const shifted = this.shift !== 'off';
    const alternates = (key.alternates ?? []).map((text) => (shifted ? upperCase(text) : text));
    press.strip = openStrip(rect, [this.output(key), ...alternates], this.width, x, y);
    this.options.changed();
  }

  private activate(key: Key): void {
    if (key.action !== 'shift') this.lastShiftTap = -Infinity; // a double tap is two shift taps in a row
    switch (key.action) {
      case 'text':
        return this.commit(this.output(key), key);
      case 'space':
        return this.commit(' ', key);
      case 'emoji':
        return this.typeEmoji(this.output(key), key);
      case 'shift':
        return this.tapShift();
      case 'backspace':
        return this.backspace(key.keysym ?? 'BackSpace');
      case 'suggestion':
        this.edited(this.composer.pick(this.composer.candidates.indexOf(key.text ?? '')));
        return this.autoShiftAfterTyping(key);
      case 'enter':
        this.composer.flush();
        this.sendKeysym(key.keysym ?? 'Return');
        if (this.hints & ContentHint.multiline) this.remember('\n');
        else this.textBefore = null;
        return this.autoShiftAfterTyping(key);
      case 'left':
      case 'right':
        this.composer.flush();
        this.textBefore = null; // the cursor moved somewhere we do not know
        return this.sendKeysym(key.keysym ?? (key.action === 'left' ? 'Left' : 'Right'));
      case 'hide':
        this.composer.flush();
        return this.options.sink()?.hidePanel();
      case 'language':
        return this.nextLayout();
      default:
        this.page = key.action.slice('page:'.length);
        return this.relayout();
    }
  }

  private commit(text: string, key: Key): void {
    if (this.composer.type(text) === null) this.options.sink()?.commitString(text);
    this.remember(text);
    this.autoShiftAfterTyping(key);
  }

  /** types an emoji and puts it first among the recent ones (the keys stay where they are
   *  until the page is shown again) */
  private typeEmoji(text: string, key: Key): void {
    this.commit(text, key);
    if (this.sensitive) return;
    this.recentEmoji = addRecent(this.recentEmoji, text);
    this.options.recentEmoji?.save(this.recentEmoji);
  }

  private remember(text: string): void {
    if (this.textBefore === null || this.sensitive) return;
    this.textBefore = (this.textBefore + text).slice(-32);
  }

  /** shift once lasts one letter; auto-capitalization brings it back at a sentence start */
  private autoShiftAfterTyping(key: Key): void {
    if (this.shift === 'once' && key.shifted) this.shift = 'off';
    if (this.shift === 'off' && this.autoShift()) this.shift = 'once';
  }

  private autoShift(): boolean {
    const before = this.textBefore;
    if (before === null || this.sensitive || this.hints & ContentHint.lowercase) return false;
    if (this.hints & ContentHint.titlecase && (before === '' || /\s$/.test(before))) return true;
    if (!(this.hints & ContentHint.autoCapitalization)) return false;
    return before.trim() === '' || /[.!?]\s+$/.test(before) || /\n\s*$/.test(before);
  }

  private tapShift(): void {
    const now = this.timers.now();
    const doubleTap = now - this.lastShiftTap < DOUBLE_TAP_MS;
    if (this.shift === 'locked') {
      this.shift = 'off';
      this.lastShiftTap = -Infinity;
    } else if (doubleTap) {
      this.shift = 'locked';
      this.lastShiftTap = -Infinity;
    } else {
      this.shift = this.shift === 'off' ? 'once' : 'off';
      this.lastShiftTap = now;
    }
  }

  /** delete_surrounding_text when the field told us its text, else a BackSpace key */
  private backspace(keysym: string): void {
    const context = this.options.context();
    const text = context?.surroundingText;
    const composed = this.composer.backspace();
    if (composed) {
      this.edited(composed);
    } else if (context && text && context.cursor > 0 && context.cursor === context.anchor) {
      const before = Buffer.from(text).subarray(0, context.cursor).toString();
      this.options.sink()?.deleteSurroundingText(Buffer.byteLength(lastGrapheme(before)), 0);
    } else {
      this.sendKeysym(keysym); // also what deletes a selection
    }
    if (this.textBefore && !composed) {
      this.textBefore = this.textBefore.slice(0, -lastGrapheme(this.textBefore).length);
    }
    // deleting back to (or away from) a sentence start moves the automatic shift with it
    const automatic = this.hints & (ContentHint.autoCapitalization | ContentHint.titlecase);
    if (automatic && this.shift !== 'locked') this.shift = this.autoShift() ? 'once' : 'off';
  }

  /** the composer replaced `removed` before the cursor with `added` */
  private edited(change: { removed: string; added: string } | null): void {
    if (!change || this.textBefore === null) return;
    const kept = this.textBefore.slice(0, this.textBefore.length - change.removed.length);
    this.textBefore = (kept + change.added).slice(-32);
  }

  private sendKeysym(name: string): void {
    const sink = this.options.sink();
    const keysym = native.keysymFromName(name);
    sink?.keysym(keysym, true);
    sink?.keysym(keysym, false);
  }

  private nextLayout(): void {
    const layouts = this.options.layouts;
    if (layouts.length < 2) return;
    this.composer.flush();
    this.layoutIndex = (this.layoutIndex + 1) % layouts.length;
    this.layout = loadLayout(layouts[this.layoutIndex]);
    this.options.layoutChanged(this.layoutIndex);
    this.options.sink()?.language(this.layout.name);
    this.composer.fieldChanged(this.field?.context ?? null, this.layout.name);
    this.relayout();
  }
}

function textBeforeCursor(context: TextFieldContext): string {
  if (context.surroundingText === null) return ''; // not told: treat as an empty field
  return Buffer.from(context.surroundingText).subarray(0, context.cursor).toString().slice(-32);
}
