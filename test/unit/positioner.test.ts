// xdg_positioner placement: anchor and gravity, then flip, slide and resize to stay inside.
import { describe, expect, it } from 'vitest';
import { placePopup, type PositionerRules } from '../../src/compositor/xdg-shell/positioner.js';
import {
  XdgPositionerAnchor as Anchor,
  XdgPositionerConstraintAdjustment as Adjust,
  XdgPositionerGravity as Gravity,
} from '../../src/generated/index.js';

const bounds = { x: 0, y: 0, width: 800, height: 600 };
const rules = (over: Partial<PositionerRules>): PositionerRules => ({
  width: 100,
  height: 50,
  anchorRect: { x: 10, y: 10, width: 20, height: 20 },
  anchor: Anchor.bottomLeft,
  gravity: Gravity.bottomRight,
  adjustment: 0,
  offsetX: 0,
  offsetY: 0,
  reactive: false,
  ...over,
});

describe('placePopup', () => {
  it('puts a menu below the anchor rectangle', () => {
    expect(placePopup(rules({}), bounds)).toEqual({ x: 10, y: 30, width: 100, height: 50 });
  });

  it('centres on the anchor point when anchor and gravity are none', () => {
    expect(placePopup(rules({ anchor: Anchor.none, gravity: Gravity.none }), bounds)).toEqual({
      x: -30,
      y: -5,
      width: 100,
      height: 50,
    });
  });

  it('applies the offset', () => {
    expect(placePopup(rules({ offsetX: 5, offsetY: -3 }), bounds)).toMatchObject({ x: 15, y: 27 });
  });

  it('flips above when there is no room below', () => {
    const r = rules({
      anchorRect: { x: 10, y: 570, width: 20, height: 20 },
      adjustment: Adjust.flipY,
    });
    expect(placePopup(r, bounds)).toMatchObject({ y: 520 });
  });

  it('flips to the left at the right edge', () => {
    const r = rules({
      anchorRect: { x: 750, y: 10, width: 20, height: 20 },
      anchor: Anchor.bottomRight,
      adjustment: Adjust.flipX,
    });
    expect(placePopup(r, bounds)).toMatchObject({ x: 650 });
  });

  it('slides back inside when flipping does not help', () => {
    const r = rules({
      width: 300,
      anchorRect: { x: 700, y: 10, width: 20, height: 20 },
      adjustment: Adjust.slideX,
    });
    expect(placePopup(r, bounds)).toMatchObject({ x: 500, width: 300 });
  });

  it('resizes as a last resort', () => {
    const r = rules({ height: 700, adjustment: Adjust.resizeY });
    expect(placePopup(r, bounds)).toMatchObject({ y: 30, height: 570 });
  });

  it('leaves an unconstrained popup outside when no adjustment is allowed', () => {
    const r = rules({ anchorRect: { x: 750, y: 10, width: 20, height: 20 } });
    expect(placePopup(r, bounds)).toMatchObject({ x: 750 });
  });
});
