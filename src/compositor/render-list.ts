// The layers of a frame packed for the addon: one fixed-size record of numbers per layer in
// one Float64Array, so compositing a frame costs the addon no property lookups (it read ten
// or so per layer before, each a string made and looked up in C). The record's order is
// native/addon.h's kLayerStride comment.
import type { RenderLayer } from '../native.js';
import type { Rect } from './region.js';

const STRIDE = 21;
const FLAG_SRC = 1;
const FLAG_CLIP = 2;
const FLAG_MATRIX = 4;

let packed = new Float64Array(STRIDE * 16);

function putRect(at: number, r: Rect): void {
  packed[at] = r.x;
  packed[at + 1] = r.y;
  packed[at + 2] = r.width;
  packed[at + 3] = r.height;
}

/** the layers packed in order; a view valid until the next call */
export function packLayers(layers: readonly RenderLayer[]): Float64Array {
  if (packed.length < layers.length * STRIDE)
    packed = new Float64Array(Math.max(packed.length * 2, layers.length * STRIDE));
  let n = 0;
  for (const layer of layers) {
    const o = n++ * STRIDE;
    packed[o] = layer.texture;
    packed[o + 1] = layer.x;
    packed[o + 2] = layer.y;
    packed[o + 3] = layer.width ?? NaN;
    packed[o + 4] = layer.height ?? NaN;
    let flags = 0;
    if (layer.src) {
      flags |= FLAG_SRC;
      putRect(o + 7, layer.src);
    }
    if (layer.clip) {
      flags |= FLAG_CLIP;
      putRect(o + 11, layer.clip);
    }
    if (layer.matrix) {
      flags |= FLAG_MATRIX;
      for (let k = 0; k < 6; k++) packed[o + 15 + k] = layer.matrix[k] ?? NaN;
    }
    packed[o + 5] = flags;
    packed[o + 6] = layer.opacity ?? 1;
  }
  return packed.subarray(0, n * STRIDE);
}
