// The built-in keyboard panel: state (page, shift, pressed keys, long-press alternates),
// hit-testing of touches and pointer presses, the actions sent to the focused text field,
// and redrawing only the keys that change. It knows nothing of Wayland: it talks to the
// compositor through PanelHost and to the text field through InputMethodSink.
import { native } from '../native.js';
import type { Rect } from '../compositor/region.js';
import type { Overlay } from '../compositor/scene.js';
import type { OverlayInput } from '../compositor/input.js';
import { ContentHint, isSensitive, type InputMethodSink, type TextFieldContext, type ContentPurpose } from '../text-input/input-method.js';
import type { KeyboardConfig } from './config.js';
import { Painter, type KeyLook } from './draw.js';
import { digitsPage, letterRows, lettersPage, startPage, symbolsPage, type KeyDef, type Page, type PageName } from './layout.js';
import { layoutKeys, type PlacedKey } from './geometry.js';

export interface PanelOutput {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PanelHost {
  addOverlay(overlay: Overlay, input: OverlayInput): void;
  damage(overlay: Overlay, rect?: Rect): void;
  sink(): InputMethodSink | null;
  context(): TextFieldContext | null;
  panelChanged(output: PanelOutput, rect: Rect | null): void;
  layoutChanged(index: number): void;
}

type Shift = 'off' | 'once' | 'locked';
const DOUBLE_TAP_MS = 400;
const KEYSYMS: Partial<Record<string, string>> = { backspace: 'BackSpace', enter: 'Return', left: 'Left', right: 'Right' };

interface Press {
  key: PlacedKey | null;
  x: number;
  y: number;
  timer: NodeJS.Timeout | null;
  alternates: PlacedKey[] | null;
  popup: Rect | null;
}

export class KeyboardPanel implements OverlayInput {
  readonly overlay: Overlay = { texture: native.textureCreate(), x: 0, y: 0, width: 0, height: 0, visible: false, opaqueToInput: true };
  page: PageName = 'letters';
  shift: Shift = 'off';
  layoutIndex = 0;
  private output: PanelOutput | null = null;
  private painter: Painter | null = null;
  private keys: PlacedKey[] = [];
  private readonly presses = new Map<number, Press>();
  private letters: KeyDef[][];
  private purpose: ContentPurpose = 'normal';
  private field: TextFieldContext | null = null;
  private lastShiftTap = 0;
  /** the last characters we typed, for auto-capitalization after ". " */
  private typedTail = '';
  private dirty: Rect[] = [];

  constructor(
    private readonly host: PanelHost,
    private readonly options: { layouts: string[]; config: KeyboardConfig },
  ) {
    this.letters = letterRows(options.layouts[0] ?? 'us');
    host.addOverlay(this.overlay, this);
  }

  get visible(): boolean {
    return this.overlay.visible;
  }

  private get sensitive(): boolean {
    const context = this.host.context();
    return !!context && isSensitive(context);
  }

  show(output: PanelOutput): void {
    if (this.visible && this.output?.name === output.name) return;
    this.output = output;
    const height = Math.round(output.height * this.options.config.height);
    Object.assign(this.overlay, { x: output.x, y: output.y + output.height - height, width: output.width, height, visible: true });
    this.painter = new Painter(output.width, height, this.options.config);
    this.relayout();
    this.host.panelChanged(output, { x: this.overlay.x, y: this.overlay.y, width: output.width, height });
  }

  hide(): void {
    if (!this.visible) return;
    for (const press of this.presses.values()) if (press.timer) clearTimeout(press.timer);
    this.presses.clear();
    this.host.damage(this.overlay);
    this.overlay.visible = false;
    this.field = null;
    this.host.panelChanged(this.output!, null);
  }

  /** the text field changed: a new field or purpose picks the page, and shift at a sentence
   *  start. Later updates of the same field do not touch page or shift: they arrive after
   *  our own commits and would race with the next tap. */
  contextChanged(): void {
    const context = this.host.context();
    if (!context || (context === this.field && context.purpose === this.purpose)) return;
    this.field = context;
    this.purpose = context.purpose;
    this.page = startPage(context.purpose);
    this.shift = this.page === 'letters' && atSentenceStart(context) ? 'once' : 'off';
    this.typedTail = '';
    if (this.visible) this.relayout();
  }

  private currentPage(): Page {
    const layouts = this.options.layouts.length;
    if (this.page === 'symbols') return symbolsPage(this.purpose, layouts);
    if (this.page === 'digits') return digitsPage(this.purpose);
    return lettersPage(this.letters, this.purpose, layouts);
  }

  private relayout(): void {
    if (!this.painter) return;
    this.keys = layoutKeys(this.currentPage(), this.overlay.width, this.overlay.height, this.page === 'digits');
    this.dirty.push(this.painter.clear({ x: 0, y: 0, width: this.overlay.width, height: this.overlay.height }));
    for (const key of this.keys) this.drawKey(key);
    this.flush();
  }

  private label(def: KeyDef): string {
    if (def.action === 'language') return (this.options.layouts[this.layoutIndex] ?? '').toUpperCase();
    if (def.action === 'text') return this.output_(def);
    return def.label ?? '';
  }

  /** what a text key types now */
  private output_(def: KeyDef): string {
    return this.shift !== 'off' && def.shifted ? def.shifted : def.text ?? '';
  }

  private drawKey(key: PlacedKey, pressed = false): void {
    const look: KeyLook = key.def.action === 'enter' ? 'accent' : key.def.action === 'text' && key.def.text!.length === 1 ? 'letter' : 'special';
    const active = key.def.action === 'shift' && this.shift !== 'off';
    this.dirty.push(this.painter!.key({ rect: key.rect, label: this.label(key.def), look, pressed, active }));
  }

  /** upload the changed pixels and tell the compositor what to repaint */
  private flush(): void {
    if (!this.painter || !this.dirty.length) return;
    const rects = new Int32Array(this.dirty.flatMap((r) => [r.x, r.y, r.width, r.height]));
    native.textureUploadRGBA(this.overlay.texture, this.overlay.width, this.overlay.height, this.painter.pixels(), rects);
    for (const r of this.dirty) this.host.damage(this.overlay, r);
    this.dirty = [];
  }

  private hit(x: number, y: number, keys = this.keys): PlacedKey | null {
    const px = x - this.overlay.x;
    const py = y - this.overlay.y;
    return keys.find((k) => px >= k.rect.x && py >= k.rect.y && px < k.rect.x + k.rect.width && py < k.rect.y + k.rect.height) ?? null;
  }

  press(id: number, x: number, y: number): void {
    const key = this.hit(x, y);
    const press: Press = { key, x, y, timer: null, alternates: null, popup: null };
    this.presses.set(id, press);
    if (!key) return;
    this.drawKey(key, true);
    if (key.def.action === 'text' && !this.sensitive) press.popup = this.painter!.popup(key.rect, this.label(key.def));
    if (press.popup) this.dirty.push(press.popup);
    if (key.def.alternates && !this.sensitive) {
      press.timer = setTimeout(() => this.showAlternates(press), this.options.config.longPressMs);
    }
    this.flush();
  }

  move(id: number, x: number, y: number): void {
    const press = this.presses.get(id);
    if (!press) return;
    press.x = x;
    press.y = y;
    if (press.alternates) {
      const chosen = this.hit(x, y, press.alternates);
      this.dirty.push(this.painter!.alternates(press.alternates.map((k) => k.rect), press.alternates.map((k) => k.def.text!), chosen ? press.alternates.indexOf(chosen) : -1));
      this.flush();
    }
  }

  release(id: number): void {
    const press = this.presses.get(id);
    this.presses.delete(id);
    if (!press || !press.key) return;
    if (press.timer) clearTimeout(press.timer);
    const chosen = press.alternates && this.hit(press.x, press.y, press.alternates);
    const inside = this.hit(press.x, press.y) === press.key;
    this.redrawAround(press);
    if (chosen) this.commit(chosen.def.text!);
    else if (inside && !press.alternates) this.activate(press.key.def);
    this.flush();
  }

  private showAlternates(press: Press): void {
    press.timer = null;
    if (!press.key || !this.painter) return;
    const { rect } = press.key;
    const alternates = press.key.def.alternates!.map((text, i) => ({
      def: { action: 'text' as const, text: this.shift !== 'off' ? text.toUpperCase() : text, width: 1 },
      rect: { x: Math.min(this.overlay.width - rect.width, rect.x + i * rect.width), y: Math.max(0, rect.y - rect.height), width: rect.width, height: rect.height },
    }));
    press.alternates = alternates;
    this.dirty.push(this.painter.alternates(alternates.map((k) => k.rect), alternates.map((k) => k.def.text), -1));
    this.flush();
  }

  /** repaint the pressed key and whatever its pop-up or alternates covered */
  private redrawAround(press: Press): void {
    const covered = [press.popup, ...(press.alternates ?? []).map((k) => k.rect)].filter((r): r is Rect => !!r);
    for (const area of covered) this.dirty.push(this.painter!.clear(area));
    for (const key of this.keys) {
      if (key === press.key || covered.some((c) => overlaps(c, key.rect))) this.drawKey(key);
    }
  }

  private commit(text: string): void {
    this.host.sink()?.commitString(text);
    this.typedTail = (this.typedTail + text).slice(-3);
    const context = this.host.context();
    const autoCapitalize = context && context.hints & ContentHint.autoCapitalization && !isSensitive(context);
    if (autoCapitalize && this.shift === 'off' && /[.!?] $/.test(this.typedTail)) this.setShift('once');
    else if (this.shift === 'once') this.setShift('off');
  }

  private keysym(name: string): void {
    const sink = this.host.sink();
    const sym = native.keysymFromName(name);
    sink?.keysym(sym, true);
    sink?.keysym(sym, false);
  }

  private activate(def: KeyDef): void {
    const action = def.action;
    if (action === 'text') return this.commit(this.output_(def));
    if (action === 'space') return this.commit(' ');
    if (action === 'backspace') return this.backspace();
    if (action === 'hide') return this.host.sink()?.hidePanel();
    if (action === 'language') return this.nextLayout();
    if (action === 'shift') {
      // two shift taps in a row, quickly: caps lock; any tap on a locked shift: off
      const now = Date.now();
      const doubleTap = now - this.lastShiftTap < DOUBLE_TAP_MS;
      this.lastShiftTap = now;
      return this.setShift(this.shift === 'locked' ? 'off' : this.shift === 'once' ? (doubleTap ? 'locked' : 'off') : 'once');
    }
    this.lastShiftTap = 0;
    if (action.startsWith('page:')) {
      this.page = action.slice(5) as PageName;
      return this.relayout();
    }
    const sym = KEYSYMS[action];
    if (sym) this.keysym(sym);
  }

  private backspace(): void {
    const context = this.host.context();
    const text = context?.surroundingText;
    if (text && context.cursor > 0) {
      const before = Buffer.from(text).subarray(0, context.cursor).toString();
      const last = [...before].pop() ?? '';
      this.host.sink()?.deleteSurroundingText(Buffer.byteLength(last), 0);
    } else {
      this.keysym('BackSpace');
    }
  }

  private setShift(shift: Shift): void {
    if (shift === this.shift) return;
    this.shift = shift;
    if (this.page === 'letters') for (const key of this.keys) if (key.def.action === 'text' || key.def.action === 'shift') this.drawKey(key);
  }

  private nextLayout(): void {
    const layouts = this.options.layouts;
    this.layoutIndex = (this.layoutIndex + 1) % layouts.length;
    this.letters = letterRows(layouts[this.layoutIndex]);
    this.host.layoutChanged(this.layoutIndex);
    this.host.sink()?.language(layouts[this.layoutIndex]);
    this.relayout();
  }

  /** `wayboard ctl keys`: what is on screen, rectangles in layout coordinates */
  describe() {
    return {
      visible: this.visible,
      output: this.visible ? this.output?.name ?? null : null,
      page: this.page,
      shift: this.shift,
      layout: this.options.layouts[this.layoutIndex],
      keys: this.visible
        ? this.keys.map((k) => ({
            label: this.label(k.def),
            action: k.def.action,
            ...(k.def.action === 'text' || k.def.action === 'space' ? { text: k.def.action === 'space' ? ' ' : this.output_(k.def) } : {}),
            ...(KEYSYMS[k.def.action] ? { keysym: KEYSYMS[k.def.action] } : {}),
            x: this.overlay.x + k.rect.x,
            y: this.overlay.y + k.rect.y,
            width: k.rect.width,
            height: k.rect.height,
          }))
        : [],
    };
  }

  /** `wayboard ctl type`: tap keys as a person would, switching page and shift as needed */
  async type(text: string, tap: (x: number, y: number) => Promise<void>): Promise<void> {
    if (!this.visible) throw new Error('the keyboard is not shown (focus a text field first)');
    const layout = this.options.layouts[this.layoutIndex];
    const where = (ch: string) => this.whereIs(ch);
    for (const ch of text) if (!where(ch)) throw new Error(`cannot type "${ch}" with layout ${layout}`);
    const tapKey = (k: PlacedKey) => tap(this.overlay.x + k.rect.x + Math.floor(k.rect.width / 2), this.overlay.y + k.rect.y + Math.floor(k.rect.height / 2));
    for (const ch of text) {
      for (let step = 0; step < 4; step++) {
        const direct = this.keys.find((k) => (k.def.action === 'text' || k.def.action === 'space') && (k.def.action === 'space' ? ' ' : this.output_(k.def)) === ch);
        if (direct) {
          await tapKey(direct);
          break;
        }
        const target = where(ch)!;
        const next =
          target.page !== this.page
            ? this.keys.find((k) => k.def.action === `page:${target.page}`) ?? this.keys.find((k) => k.def.action.startsWith('page:'))
            : this.keys.find((k) => k.def.action === 'shift');
        if (!next || step === 3) throw new Error(`cannot reach "${ch}" from page ${this.page}`);
        await tapKey(next);
      }
    }
  }

  /** which page (and shift) types a character, for the current field */
  private whereIs(ch: string): { page: PageName; shifted: boolean } | null {
    if (ch === ' ') return { page: this.page, shifted: false };
    const layouts = this.options.layouts.length;
    const pages: [PageName, Page][] = [
      ['letters', lettersPage(this.letters, this.purpose, layouts)],
      ['symbols', symbolsPage(this.purpose, layouts)],
      ['digits', digitsPage(this.purpose)],
    ];
    // prefer the page on screen: digits typed in a PIN field stay on the pad
    pages.sort(([a], [b]) => Number(b === this.page) - Number(a === this.page));
    for (const [page, rows] of pages) {
      for (const def of rows.flat()) {
        if (def.action !== 'text') continue;
        if (def.text === ch) return { page, shifted: false };
        if (def.shifted === ch) return { page, shifted: true };
      }
    }
    return null;
  }
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** auto-capitalization: an empty field, or the cursor after a sentence's end */
function atSentenceStart(context: TextFieldContext): boolean {
  if (!(context.hints & ContentHint.autoCapitalization) || isSensitive(context)) return false;
  const before = Buffer.from(context.surroundingText ?? '').subarray(0, context.cursor).toString();
  return before.trim() === '' || /[.!?]\s+$/.test(before);
}
