// Draws one key or one float (pop-up, alternates strip) with @napi-rs/canvas into a small
// image of its own and keeps its pixels, cached by look: a key going back to a look it had
// before (pressed → released) costs nothing to draw. The look: a dark panel, rounded keys
// with a soft shadow and large labels, an accent for Enter and an active shift, a distinct
// pressed colour, and a pop-up bubble above a held key.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rect } from '../compositor/region.js';
import type { KeyboardConfig } from './config.js';
import { keyInset } from './geometry.js';
import { graphemes } from './graphemes.js';
import { drawIcon } from './icons.js';
import type { FloatVisual, KeyVisual } from './view.js';

/** straight RGBA pixels, `width * height * 4` bytes */
export interface Sprite {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

const FONT_FILES = [
  ...['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => `/usr/share/fonts/truetype/dejavu/${f}`),
  // colour emoji (fonts-noto-color-emoji) for the emoji pages
  '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
];
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const SHADOW = 'rgba(0, 0, 0, 0.45)';
/** a few pages' worth of keys in their looks */
const MAX_SPRITES = 400;

type Canvas = typeof import('@napi-rs/canvas');
let canvasModule: Canvas | null = null;

/**
 * @napi-rs/canvas, loaded when the first key is drawn: Skia, its fonts and its thread pool
 * cost ~16 MB of RSS and two threads, which a kiosk whose app never asks for the keyboard
 * (or one served by an external keyboard) never needs. DejaVu Sans covers Latin, Cyrillic
 * and Greek; Skia gets it even without fontconfig.
 */
function skia(): Canvas {
  if (canvasModule) return canvasModule;
  const canvas = createRequire(import.meta.url)('@napi-rs/canvas') as Canvas;
  const { GlobalFonts } = canvas;
  if (!GlobalFonts.has('DejaVu Sans') || !GlobalFonts.has('Noto Color Emoji'))
    for (const file of FONT_FILES) if (existsSync(file)) GlobalFonts.registerFromPath(file);
  return (canvasModule = canvas);
}

export class SpriteCache {
  private readonly sprites = new Map<string, Sprite>();

  constructor(private readonly config: KeyboardConfig) {}

  /** a key on the panel colour, the size of its cell: opaque when the panel is */
  key(key: KeyVisual): Sprite {
    return this.cached(key.rect, key, true, (ctx) => this.drawKey(ctx, key));
  }

  /** a float on transparency, the size of its area */
  float(float: FloatVisual): Sprite {
    return this.cached(float.area, float, false, (ctx) => this.drawFloat(ctx, float));
  }

  /** the panel colour as straight RGBA */
  panelColor(): Uint8ClampedArray {
    return this.cached({ x: 0, y: 0, width: 1, height: 1 }, 'panel', true, () => {}).pixels;
  }

  private cached(
    area: Rect,
    look: unknown,
    onPanel: boolean,
    draw: (ctx: SKRSContext2D) => void,
  ): Sprite {
    const id = JSON.stringify(look);
    const known = this.sprites.get(id);
    if (known) return known;
    if (this.sprites.size >= MAX_SPRITES) this.sprites.clear();
    const canvas = skia().createCanvas(area.width, area.height);
    const ctx = canvas.getContext('2d');
    if (onPanel) {
      ctx.fillStyle = this.config.colors.panel;
      ctx.fillRect(0, 0, area.width, area.height);
    }
    ctx.translate(-area.x, -area.y); // draw in panel coordinates
    draw(ctx);
    const sprite = {
      width: area.width,
      height: area.height,
      pixels: ctx.getImageData(0, 0, area.width, area.height).data,
    };
    this.sprites.set(id, sprite);
    return sprite;
  }

  private drawKey(ctx: SKRSContext2D, key: KeyVisual): void {
    const { colors } = this.config;
    const inset = keyInset(key.rect);
    const body = {
      x: key.rect.x + inset,
      y: key.rect.y + inset,
      width: key.rect.width - 2 * inset,
      height: key.rect.height - 2 * inset,
    };
    if (key.style === 'suggestion') {
      // a word on the strip: flat on the panel, a box only while pressed
      if (key.pressed) this.roundedBox(ctx, body, colors.pressed, false);
      const size = Math.round(body.height * 0.55);
      this.label(
        ctx,
        key.label,
        body.x + body.width / 2,
        body.y + body.height / 2,
        size,
        body.width * 0.92,
      );
      return;
    }
    const fill = key.pressed
      ? colors.pressed
      : key.style === 'accent'
        ? colors.accent
        : key.style === 'function'
          ? colors.special
          : colors.key;
    this.roundedBox(ctx, body, fill, true);
    const cx = body.x + body.width / 2;
    const cy = body.y + body.height / 2;
    if (key.icon) {
      drawIcon(
        ctx,
        key.icon,
        cx,
        cy,
        Math.min(body.height * 0.42, body.width * 0.5),
        colors.text,
        key.shift,
      );
    } else {
      this.label(
        ctx,
        key.label,
        cx,
        cy,
        this.labelSize(key.label, key.rect.height),
        body.width * 0.86,
      );
    }
  }

  private drawFloat(ctx: SKRSContext2D, float: FloatVisual): void {
    const { colors } = this.config;
    if (float.kind === 'popup') {
      this.roundedBox(ctx, float.bubble, colors.popup, true);
      ctx.fillStyle = colors.popup;
      ctx.fillRect(float.neck.x, float.neck.y, float.neck.width, float.neck.height);
      const { bubble } = float;
      this.label(
        ctx,
        float.label,
        bubble.x + bubble.width / 2,
        bubble.y + bubble.height / 2,
        Math.round(bubble.height * 0.55),
        bubble.width * 0.9,
      );
      return;
    }
    // the shadow must stay inside the area, which is all that is repainted when it goes
    this.roundedBox(ctx, { ...float.area, height: float.area.height - 2 }, colors.popup, true);
    for (const item of float.items) {
      const inset = keyInset(item.rect);
      const box = {
        x: item.rect.x + inset,
        y: item.rect.y + inset,
        width: item.rect.width - 2 * inset,
        height: item.rect.height - 2 * inset,
      };
      if (item.selected) this.roundedBox(ctx, box, colors.accent, false);
      this.label(
        ctx,
        item.label,
        box.x + box.width / 2,
        box.y + box.height / 2,
        this.labelSize(item.label, item.rect.height),
        box.width * 0.9,
      );
    }
  }

  /** letters large; words such as "?123" or the space bar's layout name smaller */
  private labelSize(label: string, rowHeight: number): number {
    const size =
      this.config.fontSize === 'auto' ? Math.round(rowHeight * 0.42) : this.config.fontSize;
    // one character (a letter, or an emoji of several code points) large, words smaller
    return graphemes(label).length === 1 ? size : Math.round(size * 0.6);
  }

  /** a rounded rectangle, with a soft shadow under it for depth */
  private roundedBox(ctx: SKRSContext2D, r: Rect, fill: string, shadow: boolean): void {
    const radius = Math.min(10, r.height / 5, r.width / 4);
    if (shadow) {
      ctx.fillStyle = SHADOW;
      ctx.beginPath();
      ctx.roundRect(r.x, r.y + 2, r.width, r.height, radius);
      ctx.fill();
    }
    ctx.fillStyle = fill;
    ctx.beginPath();
    ctx.roundRect(r.x, r.y, r.width, r.height, radius);
    ctx.fill();
  }

  /** centred text, made smaller when it would not fit the width */
  private label(
    ctx: SKRSContext2D,
    text: string,
    cx: number,
    cy: number,
    size: number,
    maxWidth: number,
  ): void {
    if (!text) return;
    // DejaVu Sans has outline glyphs for some emoji: emoji take the colour font first
    const families = EMOJI.test(text)
      ? `"Noto Color Emoji", "${this.config.font}"`
      : `"${this.config.font}", "DejaVu Sans", "Noto Color Emoji"`;
    const font = (px: number) => `${px}px ${families}`;
    ctx.font = font(size);
    const measured = ctx.measureText(text).width;
    if (measured > maxWidth) ctx.font = font(Math.max(8, Math.floor((size * maxWidth) / measured)));
    ctx.fillStyle = this.config.colors.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, cx, cy);
  }
}
