// Which pixels to copy into a dumb buffer before it is shown. The renderer composites into
// one framebuffer per output in ordinary memory (a shadow, as weston's pixman renderer uses
// on DRM: dumb buffers are often uncached or write-combined, and blending reads what it
// writes, so compositing straight into them is slow; the shadow is also what screenshots
// read). Each frame copies into the back buffer what changed since that buffer was last
// shown: with two buffers, this frame's damage and the previous frame's.
import type { Rect } from '../backend.js';
import { boundingBox } from '../../compositor/region.js';

/** past this many rectangles a buffer's debt merges into one box (more copying, never less) */
const MAX_RECTS = 32;

export class BufferDamage {
  /** per buffer: the rectangles it lacks */
  private readonly owed: Rect[][];

  constructor(
    private readonly width: number,
    private readonly height: number,
    buffers = 2,
  ) {
    this.owed = Array.from({ length: buffers }, () => [this.whole()]);
  }

  private whole(): Rect {
    return { x: 0, y: 0, width: this.width, height: this.height };
  }

  /** a frame changed `damage` (framebuffer pixels): every buffer lacks it; returns the
   *  rectangles to copy into `buffer` now, which then lacks nothing */
  take(buffer: number, damage: readonly Rect[]): Rect[] {
    const clipped = damage.map((r) => this.clip(r)).filter((r) => r.width > 0 && r.height > 0);
    const whole = clipped.some((r) => this.isWhole(r));
    for (const owed of this.owed) {
      if (whole) owed.splice(0, owed.length, this.whole());
      else if (!owed.some((r) => this.isWhole(r))) owed.push(...clipped); // else: owes all
      if (owed.length > MAX_RECTS) owed.splice(0, owed.length, boundingBox(owed));
    }
    return this.owed[buffer]!.splice(0);
  }

  /** every buffer lacks everything (a new mode, the seat given back after a VT switch) */
  reset(): void {
    for (const owed of this.owed) owed.splice(0, owed.length, this.whole());
  }

  private isWhole(r: Rect): boolean {
    return r.x === 0 && r.y === 0 && r.width === this.width && r.height === this.height;
  }

  private clip(r: Rect): Rect {
    const x = Math.max(0, r.x);
    const y = Math.max(0, r.y);
    const x2 = Math.min(this.width, r.x + r.width);
    const y2 = Math.min(this.height, r.y + r.height);
    return { x, y, width: x2 - x, height: y2 - y };
  }
}
