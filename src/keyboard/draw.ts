// Drawing the panel with @napi-rs/canvas: rounded keys on a dark panel, large labels, an
// accent for Enter and an active Shift, a pressed highlight, and a pop-up label above a
// pressed text key. Every call returns the rectangle it changed, so only that is uploaded.
import { GlobalFonts, createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Rect } from '../compositor/region.js';
import type { KeyboardConfig } from './config.js';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
let fontsRegistered = false;

export type KeyLook = 'letter' | 'special' | 'accent';

export interface KeyPaint {
  rect: Rect;
  label: string;
  look: KeyLook;
  pressed: boolean;
  /** shift once/locked: drawn in the accent colour */
  active?: boolean;
}

export class Painter {
  readonly canvas: Canvas;
  private readonly ctx: SKRSContext2D;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly config: KeyboardConfig,
  ) {
    if (!fontsRegistered) {
      GlobalFonts.loadFontsFromDir(FONT_DIR);
      fontsRegistered = true;
    }
    this.canvas = createCanvas(width, height);
    this.ctx = this.canvas.getContext('2d');
  }

  /** the panel background over an area (before keys are drawn on it again) */
  clear(rect: Rect): Rect {
    this.ctx.fillStyle = this.config.colors.panel;
    this.ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
    return rect;
  }

  key(paint: KeyPaint): Rect {
    const { ctx, config } = this;
    const r = paint.rect;
    this.clear(r);
    const inset = 3;
    const colour = paint.pressed
      ? config.colors.pressed
      : paint.look === 'accent' || paint.active
        ? config.colors.accent
        : paint.look === 'special'
          ? config.colors.special
          : config.colors.key;
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.roundRect(r.x + inset, r.y + inset, r.width - 2 * inset, r.height - 2 * inset, Math.min(10, r.height / 6));
    ctx.fill();
    const size = Math.round(Math.min(r.height * (paint.look === 'letter' ? 0.42 : 0.36), r.width * 0.5));
    this.label(paint.label, r.x + r.width / 2, r.y + r.height / 2, size);
    return r;
  }

  /** a bigger copy of a pressed key's label above it (not for sensitive fields) */
  popup(key: Rect, label: string): Rect {
    const width = Math.round(key.width * 1.3);
    const height = Math.round(key.height * 1.2);
    const r = {
      x: Math.max(0, Math.min(this.width - width, Math.round(key.x + key.width / 2 - width / 2))),
      y: Math.max(0, key.y - height),
      width,
      height,
    };
    this.ctx.fillStyle = this.config.colors.popup;
    this.ctx.beginPath();
    this.ctx.roundRect(r.x + 2, r.y + 2, r.width - 4, r.height - 4, 12);
    this.ctx.fill();
    this.label(label, r.x + r.width / 2, r.y + r.height / 2, Math.round(r.height * 0.5));
    return r;
  }

  /** the long-press strip of alternates; `chosen` is highlighted */
  alternates(rects: Rect[], labels: string[], chosen: number): Rect {
    labels.forEach((label, i) => this.key({ rect: rects[i], label, look: 'letter', pressed: i === chosen }));
    const x = Math.min(...rects.map((r) => r.x));
    const right = Math.max(...rects.map((r) => r.x + r.width));
    return { x, y: rects[0].y, width: right - x, height: rects[0].height };
  }

  private label(text: string, cx: number, cy: number, size: number): void {
    this.ctx.fillStyle = this.config.colors.text;
    this.ctx.font = `${size}px "${this.config.font}"`;
    this.ctx.textAlign = 'center';
    this.ctx.textBaseline = 'middle';
    this.ctx.fillText(text, cx, cy);
  }

  /** straight RGBA pixels of the whole panel, for the texture upload */
  pixels(): Uint8Array {
    return this.ctx.getImageData(0, 0, this.width, this.height).data as unknown as Uint8Array;
  }
}
