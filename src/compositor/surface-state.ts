// A wl_surface's double-buffered state (what a commit applies) and the damage helpers that
// keep it bounded whatever a client sends.
import type { WlBufferResource, WlCallbackResource } from '../generated/index.js';
import { boundingBox, type Rect, type Region } from './region.js';

export interface SurfaceState {
  /** undefined: no attach since the last commit */
  buffer: WlBufferResource | null | undefined;
  dx: number;
  dy: number;
  damage: Rect[];
  bufferDamage: Rect[];
  frameCallbacks: WlCallbackResource[];
  inputRegion: Region | null | undefined;
  opaqueRegion: Region | null | undefined;
  scale: number;
  transform: number;
  /** wp_viewport: crop (surface coordinates before scaling) and target size */
  source: Rect | null | undefined;
  destination: { width: number; height: number } | null | undefined;
}

export function emptyState(): SurfaceState {
  return {
    buffer: undefined,
    dx: 0,
    dy: 0,
    damage: [],
    bufferDamage: [],
    frameCallbacks: [],
    inputRegion: undefined,
    opaqueRegion: undefined,
    scale: 0,
    transform: -1,
    source: undefined,
    destination: undefined,
  };
}

/** Damage rectangles kept per state: past this they merge into their bounding box (more
 *  damage is always correct), so a damage flood costs no memory. */
const MAX_DAMAGE_RECTS = 32;
/** frame callbacks a surface may have waiting for a commit (or a sync parent's commit): a
 *  client asks for one per frame */
export const MAX_PENDING_FRAME_CALLBACKS = 64;

export function addDamage(list: Rect[], ...rects: Rect[]): Rect[] {
  list.push(...rects);
  if (list.length > MAX_DAMAGE_RECTS) list.splice(0, list.length, boundingBox(list));
  return list;
}

export function mergeStates(older: SurfaceState, newer: SurfaceState): SurfaceState {
  return {
    buffer: newer.buffer !== undefined ? newer.buffer : older.buffer,
    dx: older.dx + newer.dx,
    dy: older.dy + newer.dy,
    damage: addDamage([...older.damage], ...newer.damage),
    bufferDamage: addDamage([...older.bufferDamage], ...newer.bufferDamage),
    frameCallbacks: [...older.frameCallbacks, ...newer.frameCallbacks],
    inputRegion: newer.inputRegion !== undefined ? newer.inputRegion : older.inputRegion,
    opaqueRegion: newer.opaqueRegion !== undefined ? newer.opaqueRegion : older.opaqueRegion,
    scale: newer.scale || older.scale,
    transform: newer.transform >= 0 ? newer.transform : older.transform,
    source: newer.source !== undefined ? newer.source : older.source,
    destination: newer.destination !== undefined ? newer.destination : older.destination,
  };
}

let scratch = new Int32Array(4 * 32);

/** the rectangles as (x, y, width, height) for the addon: a view valid until the next call
 *  (a fresh Int32Array each time cost an ArrayBuffer allocation, several a frame) */
export function toInt32(rects: readonly Rect[]): Int32Array {
  if (scratch.length < rects.length * 4) scratch = new Int32Array(rects.length * 8);
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i];
    scratch[i * 4] = r.x;
    scratch[i * 4 + 1] = r.y;
    scratch[i * 4 + 2] = r.width;
    scratch[i * 4 + 3] = r.height;
  }
  return scratch.subarray(0, rects.length * 4);
}
