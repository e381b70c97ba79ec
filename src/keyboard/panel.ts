// The built-in keyboard panel: an overlay at the bottom of an output that the compositor
// draws above every surface. It ties the state machine (state.ts) to the compositor: input
// arrives in layout coordinates through OverlayInput, the picture is redrawn where it
// changed (draw.ts) and only those rectangles are uploaded and damaged. It knows nothing of
// Wayland: the compositor is a PanelHost, the text field an InputMethodSink.
import type { Rect } from '../compositor/region.js';
import type { Overlay } from '../compositor/scene.js';
import type { OverlayInput } from '../compositor/input.js';
import { native } from '../native.js';
import type { InputMethodSink, TextFieldContext } from '../text-input/input-method.js';
import type { KeyboardConfig } from './config.js';
import { KeyboardPainter } from './draw.js';
import type { PlacedKey } from './geometry.js';
import { KeyboardState, type KeyboardStateOptions, type ShiftState, type Timers } from './state.js';
import { canType, nextTap, producesNow } from './typing.js';
import { graphemes } from './graphemes.js';
import { keyboardView } from './view.js';
import type { Suggester } from './words/suggester.js';

export interface PanelOutput {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PanelHost {
  /** called once, in the constructor */
  addOverlay(overlay: Overlay, input: OverlayInput): void;
  /** a panel-local rectangle changed; the whole panel when omitted */
  damage(overlay: Overlay, rect?: Rect): void;
  /** the focused text field, or null */
  sink(): InputMethodSink | null;
  context(): TextFieldContext | null;
  /** the panel's visible area (layout coordinates) on `output`, or null when hidden */
  panelChanged(output: PanelOutput, rect: Rect | null): void;
  /** the language key switched to layout group `index` */
  layoutChanged(index: number): void;
}

export interface PanelOptions {
  /** XKB layout names, e.g. ["de", "ru"]; the language key cycles them */
  layouts: string[];
  config: KeyboardConfig;
  /** for tests: a stepped clock for long press and double taps */
  timers?: Timers;
  /** the suggester for a layout's language (null: none); without it the keyboard never composes */
  suggester?(layout: string): Suggester | null;
  /** where recently used emoji are kept (none: in memory only) */
  recentEmoji?: KeyboardStateOptions['recentEmoji'];
}

/** One key of `wayboard ctl keys`, in layout coordinates. */
export interface DescribedKey {
  label: string;
  action: string;
  text?: string;
  keysym?: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PanelDescription {
  visible: boolean;
  output: string | null;
  page: string;
  shift: ShiftState;
  /** the XKB layout the letters come from */
  layout: string;
  keys: DescribedKey[];
}

/** Taps made by `type()` get at most this many steps (page and shift keys) per character. */
const MAX_TAPS_PER_CHARACTER = 6;

export class KeyboardPanel {
  private readonly overlay: Overlay;
  private readonly state: KeyboardState;
  private painter: KeyboardPainter | null = null;
  private output: PanelOutput | null = null;

  constructor(
    private readonly host: PanelHost,
    private readonly options: PanelOptions,
  ) {
    this.overlay = {
      texture: native.textureCreate(),
      x: 0,
      y: 0,
      width: 0,
      height: 0,
      visible: false,
      opaqueToInput: true,
    };
    this.state = new KeyboardState({
      layouts: options.layouts.length ? options.layouts : ['us'],
      longPressMs: options.config.longPressMs,
      sink: () => host.sink(),
      context: () => host.context(),
      layoutChanged: (index) => host.layoutChanged(index),
      changed: () => this.redraw(),
      timers: options.timers,
      suggester: options.config.suggestions ? options.suggester : undefined,
      autocorrect: options.config.autocorrect,
      recentEmoji: options.recentEmoji,
    });
    const local = (x: number, y: number) => [x - this.overlay.x, y - this.overlay.y] as const;
    host.addOverlay(this.overlay, {
      press: (id, x, y) => this.afterInput(() => this.state.press(id, ...local(x, y))),
      move: (id, x, y) => this.afterInput(() => this.state.move(id, ...local(x, y))),
      release: (id) => this.afterInput(() => this.state.release(id)),
      pressedElsewhere: () => this.finishWord(),
    });
  }

  get visible(): boolean {
    return this.overlay.visible;
  }

  get page(): string {
    return this.state.page;
  }

  get shift(): ShiftState {
    return this.state.shift;
  }

  /** Shows the panel across the bottom of `output`; a no-op when it is already there. */
  show(output: PanelOutput): void {
    const height = Math.round(output.height * this.options.config.height);
    const area = { x: output.x, y: output.y + output.height - height, width: output.width, height };
    const o = this.overlay;
    const same =
      o.x === area.x && o.y === area.y && o.width === area.width && o.height === area.height;
    if (this.visible && same && this.output?.name === output.name) return;
    if (this.visible) this.host.damage(o); // leaving its old place
    Object.assign(o, area, { visible: true });
    this.output = output;
    if (this.painter?.width !== area.width || this.painter.height !== area.height) {
      this.painter = new KeyboardPainter(area.width, area.height, this.options.config);
    }
    this.painter.invalidate();
    this.state.resize(area.width, area.height);
    this.redraw();
    this.host.panelChanged(output, { ...area });
  }

  hide(): void {
    if (!this.visible) return;
    this.state.reset();
    this.host.damage(this.overlay);
    this.overlay.visible = false;
    this.host.panelChanged(this.output!, null);
  }

  /** Focus is leaving the field, or a press landed outside the panel (it may move focus
   *  within the client, and GTK drops a preedit then): the word under composition goes in. */
  finishWord(): void {
    this.afterInput(() => this.state.composer.flush());
  }

  /** The text field changed: a new field's purpose and hints pick the page and shift. */
  contextChanged(): void {
    this.afterInput(() => this.state.contextChanged());
  }

  /** `wayboard ctl keys`: what is on screen, rectangles in layout coordinates. */
  describe(): PanelDescription {
    // the strip's empty slots are not keys anyone would tap
    const shown = this.state.placed.filter((p) => p.key.action !== 'suggestion' || p.key.text);
    const keys = this.visible ? shown.map((placed) => this.describeKey(placed)) : [];
    return {
      visible: this.visible,
      output: this.visible ? (this.output?.name ?? null) : null,
      page: this.state.page,
      shift: this.state.shift,
      layout: this.state.layoutName,
      keys,
    };
  }

  /** `wayboard ctl type`: taps keys at their centres through `tap` (the compositor's touch
   *  path, which comes back into this panel), switching page and shift as a person would. */
  async type(text: string, tap: (x: number, y: number) => Promise<void>): Promise<void> {
    if (!this.visible) throw new Error('the keyboard is not shown (focus a text field first)');
    // by grapheme: a flag or a skin-toned emoji is one key of several code points
    const characters = graphemes(text);
    const impossible = characters.find((ch) => !canType(this.state, ch));
    if (impossible !== undefined) {
      throw new Error(
        `cannot type ${JSON.stringify(impossible)} with layout ${this.state.layoutName}`,
      );
    }
    for (const ch of characters) {
      for (let taps = 0; ; taps++) {
        const key = nextTap(this.state, ch);
        if (!key || taps === MAX_TAPS_PER_CHARACTER) {
          throw new Error(`cannot reach ${JSON.stringify(ch)} from page ${this.state.page}`);
        }
        const done = producesNow(this.state, key, ch);
        const { x, y, width, height } = this.describeKey(key);
        await tap(x + Math.floor(width / 2), y + Math.floor(height / 2));
        if (done) break;
      }
    }
  }

  private describeKey(placed: PlacedKey): DescribedKey {
    const { key, rect } = placed;
    const text = key.action === 'suggestion' ? key.text : this.state.output(key);
    return {
      label: this.state.label(key),
      action: key.action,
      ...(text ? { text } : {}),
      ...(key.keysym ? { keysym: key.keysym } : {}),
      x: this.overlay.x + rect.x,
      y: this.overlay.y + rect.y,
      width: rect.width,
      height: rect.height,
    };
  }

  private afterInput(change: () => void): void {
    change();
    this.redraw();
  }

  /** repaints what changed, uploads only those pixels and damages only those rectangles */
  private redraw(): void {
    const painter = this.painter;
    if (!this.visible || !painter) return;
    const damage = painter.render(keyboardView(this.state, painter.width, painter.height));
    if (damage.length === 0) return;
    const rects = new Int32Array(damage.flatMap((r) => [r.x, r.y, r.width, r.height]));
    native.textureUploadRGBA(
      this.overlay.texture,
      painter.width,
      painter.height,
      painter.rgba,
      rects,
    );
    for (const rect of damage) this.host.damage(this.overlay, rect);
  }
}
