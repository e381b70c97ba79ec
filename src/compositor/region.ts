// wl_region: a set of rectangles built by add/subtract, kept as the list of operations so
// that a point test replays them in order (regions are small: a few rectangles).
import type { WlRegionRequests, WlRegionResource } from '../generated/index.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Operation extends Rect {
  add: boolean;
}

const regions = new WeakMap<WlRegionResource, Region>();

/** add/subtract steps one region may hold: toolkits use a few; every point test replays them */
export const MAX_REGION_OPERATIONS = 1024;

export class Region implements WlRegionRequests {
  private operations: Operation[] = [];

  static of(resource: WlRegionResource): Region {
    return regions.get(resource) ?? new Region();
  }

  static implement(resource: WlRegionResource): Region {
    const region = new Region();
    regions.set(resource, region);
    resource.implement(region);
    return region;
  }

  copy(): Region {
    const region = new Region();
    region.operations = [...this.operations];
    return region;
  }

  contains(x: number, y: number): boolean {
    let inside = false;
    for (const op of this.operations) {
      if (x >= op.x && y >= op.y && x < op.x + op.width && y < op.y + op.height) inside = op.add;
    }
    return inside;
  }

  destroy(resource: WlRegionResource): void {
    resource.destroy();
  }

  add(r: WlRegionResource, x: number, y: number, width: number, height: number): void {
    this.record(r, { x, y, width, height, add: true });
  }

  subtract(r: WlRegionResource, x: number, y: number, width: number, height: number): void {
    this.record(r, { x, y, width, height, add: false });
  }

  private record(r: WlRegionResource, operation: Operation): void {
    if (this.operations.length >= MAX_REGION_OPERATIONS) return r.postNoMemory();
    this.operations.push(operation);
  }
}

/** the smallest rectangle holding all of them (rects must not be empty) */
export function boundingBox(rects: Rect[]): Rect {
  // a plain loop: this runs for every frame (spreading rects into Math.min did not)
  let x = Infinity;
  let y = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const r of rects) {
    if (r.x < x) x = r.x;
    if (r.y < y) y = r.y;
    if (r.x + r.width > right) right = r.x + r.width;
    if (r.y + r.height > bottom) bottom = r.y + r.height;
  }
  return { x, y, width: right - x, height: bottom - y };
}

/** the overlap of two rectangles (empty: zero width or height) */
export function intersection(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
