// wl_output.transform geometry, for output transforms (a rotated panel) and buffer
// transforms (wl_surface.set_buffer_transform) alike. Both relate a "transformed" space
// (a panel's framebuffer, a client's buffer) to the upright logical space it shows: the
// logical point (x, y) of a W×H logical area is at transformedPoint(t, W, H, x, y) in the
// transformed space, the same relation weston uses for buffers and outputs. So with
// `rotate-90` a 1280×720 panel shows a 720×1280 layout whose top-left is at the panel's
// bottom-left, and a buffer drawn with transform 90 is shown turned a quarter clockwise.
import type { RenderLayer } from '../native.js';
import type { Rect } from './region.js';

/** wl_output.transform values by the names `--output` accepts */
export const TRANSFORM_NAMES = [
  'normal',
  'rotate-90',
  'rotate-180',
  'rotate-270',
  'flipped',
  'flipped-90',
  'flipped-180',
  'flipped-270',
] as const;

/** the name of a wl_output.transform value (0..7) */
export function transformName(transform: number): string {
  return TRANSFORM_NAMES[transform] ?? `transform-${transform}`;
}

/** 90 and 270 (flipped or not) exchange width and height */
export function swapsAxes(transform: number): boolean {
  return (transform & 1) === 1;
}

/** the size of the other space: logical → transformed and back alike */
export function transformSize(
  transform: number,
  width: number,
  height: number,
): { width: number; height: number } {
  return swapsAxes(transform) ? { width: height, height: width } : { width, height };
}

/** An affine map x' = a·x + b·y + c, y' = d·x + e·y + f, as [a, b, c, d, e, f]. */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 0, 1, 0];

/** logical W×H space → transformed space (weston_transformed_coord's cases) */
export function transformMatrix(transform: number, width: number, height: number): Matrix {
  const w = width;
  const h = height;
  switch (transform) {
    case 1: // 90
      return [0, 1, 0, -1, 0, w];
    case 2: // 180
      return [-1, 0, w, 0, -1, h];
    case 3: // 270
      return [0, -1, h, 1, 0, 0];
    case 4: // flipped
      return [-1, 0, w, 0, 1, 0];
    case 5: // flipped-90
      return [0, 1, 0, 1, 0, 0];
    case 6: // flipped-180
      return [1, 0, 0, 0, -1, h];
    case 7: // flipped-270
      return [0, -1, h, -1, 0, w];
    default:
      return [...IDENTITY];
  }
}

/** first `second`, then `first`: (first ∘ second)(p) = first(second(p)) */
export function compose(first: Matrix, second: Matrix): Matrix {
  const [a, b, c, d, e, f] = first;
  const [A, B, C, D, E, F] = second;
  return [
    a * A + b * D,
    a * B + b * E,
    a * C + b * F + c,
    d * A + e * D,
    d * B + e * E,
    d * C + e * F + f,
  ];
}

export function invert(m: Matrix): Matrix {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (det === 0) throw new Error('transform matrix is not invertible');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

export function apply(m: Matrix, x: number, y: number): { x: number; y: number } {
  return { x: m[0] * x + m[1] * y + m[2], y: m[3] * x + m[4] * y + m[5] };
}

export function translate(dx: number, dy: number): Matrix {
  return [1, 0, dx, 0, 1, dy];
}

export function scaleMatrix(sx: number, sy: number): Matrix {
  return [sx, 0, 0, 0, sy, 0];
}

/** the bounding box of a rectangle's image (exact for quarter turns and integer scales) */
export function mapRect(m: Matrix, r: Rect): Rect {
  const corners = [
    apply(m, r.x, r.y),
    apply(m, r.x + r.width, r.y),
    apply(m, r.x, r.y + r.height),
    apply(m, r.x + r.width, r.y + r.height),
  ];
  const x1 = Math.floor(Math.min(...corners.map((p) => p.x)));
  const y1 = Math.floor(Math.min(...corners.map((p) => p.y)));
  const x2 = Math.ceil(Math.max(...corners.map((p) => p.x)));
  const y2 = Math.ceil(Math.max(...corners.map((p) => p.y)));
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** a rectangle of a logical W×H area in the transformed space */
export function transformRect(transform: number, width: number, height: number, r: Rect): Rect {
  return transform === 0 ? r : mapRect(transformMatrix(transform, width, height), r);
}

/** a rectangle of the transformed space in the logical W×H area */
export function untransformRect(transform: number, width: number, height: number, r: Rect): Rect {
  return transform === 0 ? r : mapRect(invert(transformMatrix(transform, width, height)), r);
}

/** What an output needs for the mapping: its layout position, logical size and transform. */
export interface OutputGeometry {
  x: number;
  y: number;
  /** logical (layout) size */
  width: number;
  height: number;
  transform: number;
}

/**
 * A point in a panel's own pixels (a touch screen's or a nested window's coordinates, the
 * framebuffer's orientation) → layout coordinates. Backends call this for every absolute
 * position they deliver; `ctl` coordinates are layout coordinates already.
 */
export function panelToLayout(
  output: OutputGeometry,
  px: number,
  py: number,
): { x: number; y: number } {
  const m = invert(transformMatrix(output.transform, output.width, output.height));
  const p = apply(m, px, py);
  return { x: p.x + output.x, y: p.y + output.y };
}

/**
 * A surface's local coordinates → its buffer's pixels: the viewport (source crop in the
 * transformed-and-scaled buffer's coordinates, stretched to the surface size), then the
 * buffer transform over the buffer's logical size, then the buffer scale.
 */
export function surfaceToBuffer(
  transform: number,
  scale: number,
  bufferWidth: number,
  bufferHeight: number,
  surfaceWidth: number,
  surfaceHeight: number,
  source: Rect | null,
): Matrix {
  const logical = transformSize(transform, bufferWidth / scale, bufferHeight / scale);
  let m = compose(
    scaleMatrix(scale, scale),
    transformMatrix(transform, logical.width, logical.height),
  );
  if (source && surfaceWidth > 0 && surfaceHeight > 0) {
    const crop: Matrix = [
      source.width / surfaceWidth,
      0,
      source.x,
      0,
      source.height / surfaceHeight,
      source.y,
    ];
    m = compose(m, crop);
  }
  return m;
}

/** a layer's map from its destination coordinates to texture pixels */
function layerMatrix(layer: RenderLayer): Matrix {
  if (layer.matrix) return layer.matrix as Matrix;
  const width = layer.width ?? layer.src?.width ?? 0;
  const height = layer.height ?? layer.src?.height ?? 0;
  // no source crop: the texture is drawn at its own size
  const src = layer.src ?? { x: 0, y: 0, width, height };
  const sx = width ? src.width / width : 1;
  const sy = height ? src.height / height : 1;
  return [sx, 0, src.x - layer.x * sx, 0, sy, src.y - layer.y * sy];
}

/**
 * The render list of a transformed output, from its logical output-local coordinates to its
 * framebuffer's (the panel's pixels): each layer gets the matrix the addon samples with.
 */
export function layersToPanel(
  layers: RenderLayer[],
  transform: number,
  width: number,
  height: number,
): RenderLayer[] {
  if (transform === 0) return layers;
  const toPanel = transformMatrix(transform, width, height);
  const toLogical = invert(toPanel);
  return layers.map((layer) => {
    const box = mapRect(toPanel, {
      x: layer.x,
      y: layer.y,
      width: layer.width ?? layer.src?.width ?? 0,
      height: layer.height ?? layer.src?.height ?? 0,
    });
    return {
      texture: layer.texture,
      ...box,
      opacity: layer.opacity,
      ...(layer.clip && { clip: mapRect(toPanel, layer.clip) }),
      matrix: compose(layerMatrix(layer), toLogical),
    };
  });
}
