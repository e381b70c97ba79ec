// The panel's picture as straight RGBA pixels for the texture upload. Each render compares
// the new view with the last one and recomposes only the keys and floats that differ,
// returning those rectangles; nothing outside them is touched. Keys and floats come from
// the sprite cache (drawn once with Skia) and are composed here: keys by copying rows,
// floats by blending. Composing ourselves avoids reading pixels back from Skia, which is
// slow and jittery, and makes a repainted area match its first drawing exactly.
import { intersection, type Rect } from '../compositor/region.js';
import type { KeyboardConfig } from './config.js';
import { clampRect, overlaps } from './geometry.js';
import { SpriteCache, type Sprite } from './sprites.js';
import type { KeyboardView } from './view.js';

export class KeyboardPainter {
  /** straight RGBA pixels of the whole panel, up to date inside every returned rectangle */
  readonly rgba: Uint8Array;
  private readonly sprites: SpriteCache;
  private previous: KeyboardView | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    config: KeyboardConfig,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    this.sprites = new SpriteCache(config);
  }

  /** forget what is drawn: the next render repaints everything */
  invalidate(): void {
    this.previous = null;
  }

  /** Brings the picture up to date with `view`; returns the rectangles it repainted. */
  render(view: KeyboardView): Rect[] {
    const damage = this.damageBetween(this.previous, view);
    this.previous = view;
    for (const rect of damage) this.compose(view, rect);
    return damage;
  }

  private damageBetween(before: KeyboardView | null, after: KeyboardView): Rect[] {
    const whole = { x: 0, y: 0, width: this.width, height: this.height };
    const sameKeys =
      before !== null &&
      before.keys.length === after.keys.length &&
      before.keys.every((key, i) => sameRect(key.rect, after.keys[i].rect));
    if (!sameKeys) return [whole]; // another page, layout or size
    const rects: Rect[] = [];
    after.keys.forEach((key, i) => {
      if (JSON.stringify(key) !== JSON.stringify(before.keys[i])) rects.push(key.rect);
    });
    const oldFloats = new Set(before.floats.map((f) => JSON.stringify(f)));
    const newFloats = new Set(after.floats.map((f) => JSON.stringify(f)));
    for (const f of before.floats) if (!newFloats.has(JSON.stringify(f))) rects.push(f.area);
    for (const f of after.floats) if (!oldFloats.has(JSON.stringify(f))) rects.push(f.area);
    const unique = new Map<string, Rect>();
    for (const r of rects.map((r) => clampRect(r, this.width, this.height))) {
      if (r.width > 0 && r.height > 0) unique.set(`${r.x},${r.y},${r.width},${r.height}`, r);
    }
    return [...unique.values()];
  }

  /** the panel colour, then the keys, then the floats, inside `clip` only */
  private compose(view: KeyboardView, clip: Rect): void {
    const panel = this.sprites.panelColor();
    const row = new Uint8Array(clip.width * 4);
    for (let i = 0; i < row.length; i += 4) row.set(panel, i);
    for (let y = clip.y; y < clip.y + clip.height; y++) {
      this.rgba.set(row, (y * this.width + clip.x) * 4);
    }
    for (const key of view.keys) {
      if (overlaps(clip, key.rect)) this.copy(this.sprites.key(key), key.rect, clip);
    }
    for (const float of view.floats) {
      if (overlaps(clip, float.area)) this.blend(this.sprites.float(float), float.area, clip);
    }
  }

  /** copies the part of an opaque sprite placed at `at` that lies inside `clip` */
  private copy(sprite: Sprite, at: Rect, clip: Rect): void {
    const part = intersection(at, clip);
    for (let y = part.y; y < part.y + part.height; y++) {
      const from = ((y - at.y) * sprite.width + (part.x - at.x)) * 4;
      this.rgba.set(
        sprite.pixels.subarray(from, from + part.width * 4),
        (y * this.width + part.x) * 4,
      );
    }
  }

  /** draws a sprite with transparency over what is there ("source over", straight alpha) */
  private blend(sprite: Sprite, at: Rect, clip: Rect): void {
    const part = intersection(at, clip);
    const src = sprite.pixels;
    const dst = this.rgba;
    for (let y = part.y; y < part.y + part.height; y++) {
      let s = ((y - at.y) * sprite.width + (part.x - at.x)) * 4;
      let d = (y * this.width + part.x) * 4;
      for (let x = 0; x < part.width; x++, s += 4, d += 4) {
        const sa = src[s + 3];
        if (sa === 0) continue;
        if (sa === 255) {
          dst[d] = src[s];
          dst[d + 1] = src[s + 1];
          dst[d + 2] = src[s + 2];
          dst[d + 3] = 255;
          continue;
        }
        const da = (dst[d + 3] * (255 - sa)) / 255;
        const out = sa + da;
        for (let c = 0; c < 3; c++) {
          dst[d + c] = Math.round((src[s + c] * sa + dst[d + c] * da) / out);
        }
        dst[d + 3] = Math.round(out);
      }
    }
  }
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
