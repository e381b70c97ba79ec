// xdg_positioner: the placement rules of a popup, and the pure function that turns them
// into a rectangle, flipping, sliding or resizing it to stay inside a bounding box.
import {
  XdgPositionerAnchor as Anchor,
  XdgPositionerConstraintAdjustment as Adjust,
  XdgPositionerError,
  XdgPositionerGravity as Gravity,
  type XdgPositionerRequests,
  type XdgPositionerResource,
} from '../../generated/index.js';
import type { Rect } from '../region.js';

export interface PositionerRules {
  width: number;
  height: number;
  anchorRect: Rect;
  anchor: number;
  gravity: number;
  adjustment: number;
  offsetX: number;
  offsetY: number;
  reactive: boolean;
}

const rulesOf = new WeakMap<XdgPositionerResource, PositionerRules>();

export function positionerRules(resource: XdgPositionerResource): PositionerRules | undefined {
  const rules = rulesOf.get(resource);
  return rules && { ...rules, anchorRect: { ...rules.anchorRect } };
}

export function implementPositioner(resource: XdgPositionerResource): void {
  const rules: PositionerRules = {
    width: 0,
    height: 0,
    anchorRect: { x: 0, y: 0, width: 0, height: 0 },
    anchor: Anchor.none,
    gravity: Gravity.none,
    adjustment: 0,
    offsetX: 0,
    offsetY: 0,
    reactive: false,
  };
  rulesOf.set(resource, rules);
  const handler: XdgPositionerRequests = {
    destroy: (r) => r.destroy(),
    setSize: (r, width, height) => {
      if (width < 1 || height < 1)
        return r.postError(XdgPositionerError.invalidInput, 'popup size must be positive');
      rules.width = width;
      rules.height = height;
    },
    setAnchorRect: (r, x, y, width, height) => {
      if (width < 0 || height < 0)
        return r.postError(XdgPositionerError.invalidInput, 'anchor rect size is negative');
      rules.anchorRect = { x, y, width, height };
    },
    setAnchor: (r, anchor) => {
      if (anchor > Anchor.bottomRight)
        return r.postError(XdgPositionerError.invalidInput, `bad anchor ${anchor}`);
      rules.anchor = anchor;
    },
    setGravity: (r, gravity) => {
      if (gravity > Gravity.bottomRight)
        return r.postError(XdgPositionerError.invalidInput, `bad gravity ${gravity}`);
      rules.gravity = gravity;
    },
    setConstraintAdjustment: (_r, adjustment) => {
      rules.adjustment = adjustment;
    },
    setOffset: (_r, x, y) => {
      rules.offsetX = x;
      rules.offsetY = y;
    },
    setReactive: () => {
      rules.reactive = true;
    },
    setParentSize: () => {},
    setParentConfigure: () => {},
  };
  resource.implement(handler);
}

const hasLeft = (v: number) => v === Anchor.left || v === Anchor.topLeft || v === Anchor.bottomLeft;
const hasRight = (v: number) =>
  v === Anchor.right || v === Anchor.topRight || v === Anchor.bottomRight;
const hasTop = (v: number) => v === Anchor.top || v === Anchor.topLeft || v === Anchor.topRight;
const hasBottom = (v: number) =>
  v === Anchor.bottom || v === Anchor.bottomLeft || v === Anchor.bottomRight;
// anchor and gravity share values: none, top, bottom, left, right, top_left, bottom_left,
// top_right, bottom_right; these tables mirror one along an axis
const FLIP_X = [0, 1, 2, 4, 3, 7, 8, 5, 6];
const FLIP_Y = [0, 2, 1, 3, 4, 6, 5, 8, 7];
const flipXValue = (v: number): number => FLIP_X[v] ?? v;
const flipYValue = (v: number): number => FLIP_Y[v] ?? v;

/** The popup rectangle relative to the parent's window geometry, before constraints. */
function place(rules: PositionerRules, anchor: number, gravity: number): Rect {
  const a = rules.anchorRect;
  let x = hasLeft(anchor) ? a.x : hasRight(anchor) ? a.x + a.width : a.x + Math.floor(a.width / 2);
  let y = hasTop(anchor)
    ? a.y
    : hasBottom(anchor)
      ? a.y + a.height
      : a.y + Math.floor(a.height / 2);
  x += rules.offsetX;
  y += rules.offsetY;
  if (hasLeft(gravity)) x -= rules.width;
  else if (!hasRight(gravity)) x -= Math.floor(rules.width / 2);
  if (hasTop(gravity)) y -= rules.height;
  else if (!hasBottom(gravity)) y -= Math.floor(rules.height / 2);
  return { x, y, width: rules.width, height: rules.height };
}

/** Place a popup; `bounds` (the output, relative to the parent's geometry) constrains it. */
export function placePopup(rules: PositionerRules, bounds: Rect): Rect {
  let rect = place(rules, rules.anchor, rules.gravity);
  const outX = (r: Rect) => r.x < bounds.x || r.x + r.width > bounds.x + bounds.width;
  const outY = (r: Rect) => r.y < bounds.y || r.y + r.height > bounds.y + bounds.height;
  if (outX(rect) && rules.adjustment & Adjust.flipX) {
    const flipped = place(rules, flipXValue(rules.anchor), flipXValue(rules.gravity));
    if (!outX(flipped)) rect = { ...rect, x: flipped.x };
  }
  if (outY(rect) && rules.adjustment & Adjust.flipY) {
    const flipped = place(rules, flipYValue(rules.anchor), flipYValue(rules.gravity));
    if (!outY(flipped)) rect = { ...rect, y: flipped.y };
  }
  if (outX(rect) && rules.adjustment & Adjust.slideX) {
    if (rect.x + rect.width > bounds.x + bounds.width)
      rect.x = bounds.x + bounds.width - rect.width;
    if (rect.x < bounds.x) rect.x = bounds.x;
  }
  if (outY(rect) && rules.adjustment & Adjust.slideY) {
    if (rect.y + rect.height > bounds.y + bounds.height)
      rect.y = bounds.y + bounds.height - rect.height;
    if (rect.y < bounds.y) rect.y = bounds.y;
  }
  if (outX(rect) && rules.adjustment & Adjust.resizeX) {
    const x1 = Math.max(rect.x, bounds.x);
    const x2 = Math.min(rect.x + rect.width, bounds.x + bounds.width);
    if (x2 > x1) rect = { ...rect, x: x1, width: x2 - x1 };
  }
  if (outY(rect) && rules.adjustment & Adjust.resizeY) {
    const y1 = Math.max(rect.y, bounds.y);
    const y2 = Math.min(rect.y + rect.height, bounds.y + bounds.height);
    if (y2 > y1) rect = { ...rect, y: y1, height: y2 - y1 };
  }
  return rect;
}
