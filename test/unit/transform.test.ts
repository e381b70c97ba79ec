// Output and buffer transforms: the geometry (hand-computed corners for each of the eight
// wl_output.transform values) and the addon drawing through a layer's matrix.
import { describe, expect, it } from 'vitest';
import { native } from '../../src/native.js';
import {
  apply,
  compose,
  invert,
  layersToPanel,
  panelToLayout,
  surfaceToBuffer,
  transformMatrix,
  transformRect,
  transformSize,
  untransformRect,
} from '../../src/compositor/transform.js';
import { packLayers } from '../../src/compositor/render-list.js';

// A 4×2 logical area: where its top-left (0,0) and top-right (4,0) corners land in the
// transformed space of each transform (weston's weston_transformed_coord table).
const W = 4;
const H = 2;
const CORNERS: [number, [number, number], [number, number]][] = [
  [0, [0, 0], [4, 0]],
  [1, [0, 4], [0, 0]], // 90: top-left at the bottom-left, turned a quarter
  [2, [4, 2], [0, 2]],
  [3, [2, 0], [2, 4]],
  [4, [4, 0], [0, 0]], // flipped: mirrored around the vertical axis
  [5, [0, 0], [0, 4]],
  [6, [0, 2], [4, 2]],
  [7, [2, 4], [2, 0]],
];

describe('transformMatrix', () => {
  it.each(CORNERS)('transform %i puts the corners where weston does', (t, topLeft, topRight) => {
    const m = transformMatrix(t, W, H);
    expect(apply(m, 0, 0)).toEqual({ x: topLeft[0], y: topLeft[1] });
    expect(apply(m, 4, 0)).toEqual({ x: topRight[0], y: topRight[1] });
    // the whole area maps onto the whole transformed area
    expect(transformRect(t, W, H, { x: 0, y: 0, width: W, height: H })).toEqual({
      x: 0,
      y: 0,
      ...transformSize(t, W, H),
    });
  });

  it('inverts and composes back to the identity', () => {
    for (let t = 0; t < 8; t++) {
      const m = transformMatrix(t, 7, 3);
      const back = compose(invert(m), m);
      const p = apply(back, 5, 1);
      expect(p.x).toBeCloseTo(5);
      expect(p.y).toBeCloseTo(1);
      const r = { x: 1, y: 0, width: 2, height: 3 };
      expect(untransformRect(t, 7, 3, transformRect(t, 7, 3, r))).toEqual(r);
    }
  });
});

describe('panelToLayout', () => {
  // a 1280×720 panel mounted turned: a 720×1280 layout, the output placed at x=100
  const output = { x: 100, y: 0, width: 720, height: 1280, transform: 1 };
  it('un-rotates a panel point into the layout', () => {
    // the panel's top-left pixel shows the layout's top-right corner (rotate-90)
    expect(panelToLayout(output, 0, 0)).toEqual({ x: 100 + 720, y: 0 });
    // the panel's bottom-left shows the layout's top-left
    expect(panelToLayout(output, 0, 720)).toEqual({ x: 100, y: 0 });
    expect(panelToLayout(output, 1280, 720)).toEqual({ x: 100, y: 1280 });
    expect(panelToLayout(output, 10, 700)).toEqual({ x: 100 + 20, y: 10 });
  });

  it('is a translation for a normal output', () => {
    expect(panelToLayout({ ...output, width: 1280, height: 720, transform: 0 }, 5, 6)).toEqual({
      x: 105,
      y: 6,
    });
  });
});

describe('surfaceToBuffer', () => {
  it('a 200×100 buffer with transform 90 is a 100×200 surface', () => {
    const m = surfaceToBuffer(1, 1, 200, 100, 100, 200, null);
    // surface top-left shows the buffer's bottom-left; surface top-right the buffer's top-left
    expect(apply(m, 0, 0)).toEqual({ x: 0, y: 100 });
    expect(apply(m, 100, 0)).toEqual({ x: 0, y: 0 });
    expect(apply(m, 100, 200)).toEqual({ x: 200, y: 0 });
  });

  it('applies the scale and the viewport crop', () => {
    // buffer 400×200 at scale 2 turned 180: logical 200×100; crop (50,25) 100×50 shown 200×100
    const m = surfaceToBuffer(2, 2, 400, 200, 200, 100, { x: 50, y: 25, width: 100, height: 50 });
    expect(apply(m, 0, 0)).toEqual({ x: (200 - 50) * 2, y: (100 - 25) * 2 });
    expect(apply(m, 200, 100)).toEqual({ x: (200 - 150) * 2, y: (100 - 75) * 2 });
  });
});

describe('drawing through a matrix', () => {
  const RED = [255, 0, 0, 255];
  const GREEN = [0, 255, 0, 255];
  const BLUE = [0, 0, 255, 255];
  const WHITE = [255, 255, 255, 255];

  /** a 2×2 texture: red green / blue white */
  function quadrants(): number {
    const texture = native.textureCreate();
    native.textureUploadRGBA(
      texture,
      2,
      2,
      new Uint8Array([...RED, ...GREEN, ...BLUE, ...WHITE]),
      null,
    );
    return texture;
  }

  function draw(transform: number, panel: { width: number; height: number }): number[][] {
    const texture = quadrants();
    const framebuffer = native.framebufferCreate(panel.width, panel.height);
    const logical = transformSize(transform, panel.width, panel.height);
    const layers = layersToPanel(
      [{ texture, x: 0, y: 0, width: 2, height: 2, src: { x: 0, y: 0, width: 2, height: 2 } }],
      transform,
      logical.width,
      logical.height,
    );
    native.render(
      framebuffer,
      0,
      packLayers(layers),
      new Int32Array([0, 0, panel.width, panel.height]),
    );
    const pixels = native.readPixels(framebuffer, 0, 0, panel.width, panel.height);
    native.textureDestroy(texture);
    native.textureDestroy(framebuffer);
    const out: number[][] = [];
    for (let i = 0; i < pixels.length; i += 4) out.push([...pixels.subarray(i, i + 4)]);
    return out;
  }

  it('a normal output shows the texture as it is', () => {
    expect(draw(0, { width: 2, height: 2 })).toEqual([RED, GREEN, BLUE, WHITE]);
  });

  it('rotate-90: the layout turned a quarter onto the panel', () => {
    // logical (0,0) red → panel (0, 1): the bottom-left; logical (1,0) green → panel (0,0)
    expect(draw(1, { width: 2, height: 2 })).toEqual([GREEN, WHITE, RED, BLUE]);
  });

  it('rotate-180 and flipped', () => {
    expect(draw(2, { width: 2, height: 2 })).toEqual([WHITE, BLUE, GREEN, RED]);
    expect(draw(4, { width: 2, height: 2 })).toEqual([GREEN, RED, WHITE, BLUE]);
  });

  it('rotate-270 on a non-square panel (4×2): the 2×4 layout, texture at its top-left', () => {
    const black = [0, 0, 0, 255];
    // layout (x, y) → panel (4 - y, x): layout pixel (0,0), red, is panel pixel (3,0)
    // prettier-ignore
    expect(draw(3, { width: 4, height: 2 })).toEqual([
      black, black, BLUE, RED,
      black, black, WHITE, GREEN,
    ]);
  });
});
