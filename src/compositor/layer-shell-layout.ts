// The geometry of zwlr_layer_surface_v1 (no protocol here): a layer surface's
// double-buffered state, the size it is configured to, where it sits within its bounds, and
// the strip of an output its exclusive zone takes.
import { ZwlrLayerSurfaceV1Anchor as Anchor } from '../generated/index.js';
import type { Rect } from './region.js';

export interface LayerState {
  width: number;
  height: number;
  anchor: number;
  zone: number;
  margin: { top: number; right: number; bottom: number; left: number };
  interactivity: number;
  layer: number;
}

export function copy(state: LayerState): LayerState {
  return { ...state, margin: { ...state.margin } };
}

export function sameState(a: LayerState, b: LayerState): boolean {
  const m = (s: LayerState) => Object.values(s.margin).join();
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.anchor === b.anchor &&
    a.zone === b.zone &&
    a.interactivity === b.interactivity &&
    a.layer === b.layer &&
    m(a) === m(b)
  );
}

/** The configure size within `bounds`: the size asked for, or on an axis left 0 (anchored
 *  to both its edges) all of the bounds less the margins on that axis. */
export function configureSize(bounds: Rect, state: LayerState): { width: number; height: number } {
  const m = state.margin;
  return {
    width: state.width || Math.max(1, bounds.width - m.left - m.right),
    height: state.height || Math.max(1, bounds.height - m.top - m.bottom),
  };
}

/** Where a surface of this size sits in `bounds`: against its anchored edges less their
 *  margins, centred on an axis anchored on both edges or neither. */
export function placeIn(bounds: Rect, state: LayerState, width: number, height: number) {
  const { anchor, margin: m } = state;
  const axis = (
    startEdge: number,
    endEdge: number,
    origin: number,
    room: number,
    before: number,
    after: number,
    size: number,
  ): number => {
    const start = (anchor & startEdge) !== 0;
    const end = (anchor & endEdge) !== 0;
    if (start && end) return origin + before + Math.floor((room - before - after - size) / 2);
    if (start) return origin + before;
    if (end) return origin + room - after - size;
    return origin + Math.floor((room - size) / 2);
  };
  return {
    x: axis(Anchor.left, Anchor.right, bounds.x, bounds.width, m.left, m.right, width),
    y: axis(Anchor.top, Anchor.bottom, bounds.y, bounds.height, m.top, m.bottom, height),
  };
}

/** The edge a positive exclusive zone applies to: anchored to one edge alone, or to one edge
 *  and both edges perpendicular to it; 0 for any other anchoring (the zone counts as 0) or
 *  a zone that is not positive. */
export function exclusiveEdge(state: LayerState): number {
  if (state.zone <= 0) return 0;
  const { top, bottom, left, right } = Anchor;
  switch (state.anchor) {
    case top:
    case top | left | right:
      return top;
    case bottom:
    case bottom | left | right:
      return bottom;
    case left:
    case left | top | bottom:
      return left;
    case right:
    case right | top | bottom:
      return right;
    default:
      return 0;
  }
}

/** The strip of `area` a surface's exclusive zone takes (zone plus the margin on its edge,
 *  as wlroots-based compositors count it) and the area left beside it; null for none. */
export function claimEdge(state: LayerState, area: Rect): { strip: Rect; rest: Rect } | null {
  const { zone, margin } = state;
  const edge = exclusiveEdge(state);
  const vertical = edge === Anchor.top || edge === Anchor.bottom;
  const extra =
    edge === Anchor.top
      ? margin.top
      : edge === Anchor.bottom
        ? margin.bottom
        : edge === Anchor.left
          ? margin.left
          : margin.right;
  const depth = Math.min(vertical ? area.height : area.width, Math.max(0, zone + extra));
  if (!edge || depth <= 0) return null;
  const strip = { ...area };
  const rest = { ...area };
  if (vertical) {
    strip.height = depth;
    rest.height -= depth;
  } else {
    strip.width = depth;
    rest.width -= depth;
  }
  if (edge === Anchor.top) rest.y += depth;
  else if (edge === Anchor.bottom) strip.y += area.height - depth;
  else if (edge === Anchor.left) rest.x += depth;
  else strip.x += area.width - depth;
  return { strip, rest };
}

export function sameRect(a: Rect | null, b: Rect | null): boolean {
  if (!a || !b) return a === b;
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
