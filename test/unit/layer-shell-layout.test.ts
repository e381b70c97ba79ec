// Layer-surface geometry: configure sizes, placement against anchors and margins, and the
// strip an exclusive zone takes; and the kiosk shell's work area when several owners
// (the built-in panel, layer surfaces) reserve parts of one output.
import { describe, expect, it } from 'vitest';
import {
  claimEdge,
  configureSize,
  exclusiveEdge,
  placeIn,
  type LayerState,
} from '../../src/compositor/layer-shell-layout.js';
import type { Output } from '../../src/compositor/output.js';
import type { Scene } from '../../src/compositor/scene.js';
import type { Seat } from '../../src/compositor/seat/seat.js';
import { KioskShell } from '../../src/compositor/shell/kiosk.js';
import { ZwlrLayerSurfaceV1Anchor as A } from '../../src/generated/index.js';

const bounds = { x: 0, y: 0, width: 800, height: 600 };
const state = (over: Partial<LayerState>): LayerState => ({
  width: 0,
  height: 0,
  anchor: 0,
  zone: 0,
  margin: { top: 0, right: 0, bottom: 0, left: 0 },
  interactivity: 0,
  layer: 2,
  ...over,
});

describe('configureSize', () => {
  it('keeps a size asked for and stretches an axis left 0 between its margins', () => {
    expect(configureSize(bounds, state({ width: 100, height: 50 }))).toEqual({
      width: 100,
      height: 50,
    });
    const margin = { top: 5, right: 20, bottom: 7, left: 10 };
    expect(configureSize(bounds, state({ height: 50, anchor: A.left | A.right, margin }))).toEqual({
      width: 770,
      height: 50,
    });
    expect(configureSize(bounds, state({ margin }))).toEqual({ width: 770, height: 588 });
  });
});

describe('placeIn', () => {
  const margin = { top: 5, right: 20, bottom: 7, left: 10 };
  it('centres without anchors, and on an axis anchored on both edges', () => {
    expect(placeIn(bounds, state({}), 100, 50)).toEqual({ x: 350, y: 275 });
    expect(placeIn(bounds, state({ anchor: A.left | A.right, margin }), 100, 50)).toEqual({
      x: 10 + (770 - 100) / 2,
      y: 275,
    });
  });
  it('sits against one anchored edge, its margin away', () => {
    expect(placeIn(bounds, state({ anchor: A.top | A.left, margin }), 100, 50)).toEqual({
      x: 10,
      y: 5,
    });
    expect(placeIn(bounds, state({ anchor: A.bottom | A.right, margin }), 100, 50)).toEqual({
      x: 800 - 20 - 100,
      y: 600 - 7 - 50,
    });
  });
  it('places within bounds that do not start at 0', () => {
    const area = { x: 0, y: 60, width: 800, height: 540 };
    expect(placeIn(area, state({ anchor: A.top }), 100, 50)).toEqual({ x: 350, y: 60 });
  });
});

describe('exclusive zones', () => {
  it('count only for one edge, or an edge and both its neighbours, with a positive zone', () => {
    expect(exclusiveEdge(state({ zone: 10, anchor: A.bottom }))).toBe(A.bottom);
    expect(exclusiveEdge(state({ zone: 10, anchor: A.bottom | A.left | A.right }))).toBe(A.bottom);
    expect(exclusiveEdge(state({ zone: 10, anchor: A.left | A.top | A.bottom }))).toBe(A.left);
    expect(exclusiveEdge(state({ zone: 10, anchor: A.top | A.left }))).toBe(0); // a corner
    expect(exclusiveEdge(state({ zone: 10, anchor: A.top | A.bottom }))).toBe(0); // parallel
    expect(exclusiveEdge(state({ zone: 10, anchor: 15 }))).toBe(0);
    expect(exclusiveEdge(state({ zone: 10 }))).toBe(0);
    expect(exclusiveEdge(state({ zone: 0, anchor: A.top }))).toBe(0);
    expect(exclusiveEdge(state({ zone: -1, anchor: A.top }))).toBe(0);
  });

  it('take their zone plus the margin on their edge, from the area left so far', () => {
    const margin = { top: 3, right: 4, bottom: 5, left: 6 };
    const bottom = claimEdge(state({ zone: 100, anchor: A.bottom, margin }), bounds);
    expect(bottom).toEqual({
      strip: { x: 0, y: 495, width: 800, height: 105 },
      rest: { x: 0, y: 0, width: 800, height: 495 },
    });
    const left = claimEdge(state({ zone: 30, anchor: A.left, margin }), bottom!.rest);
    expect(left).toEqual({
      strip: { x: 0, y: 0, width: 36, height: 495 },
      rest: { x: 36, y: 0, width: 764, height: 495 },
    });
    const top = claimEdge(state({ zone: 20, anchor: A.top }), left!.rest);
    expect(top?.rest).toEqual({ x: 36, y: 20, width: 764, height: 475 });
    const right = claimEdge(state({ zone: 1000, anchor: A.right }), top!.rest);
    expect(right?.rest.width).toBe(0); // never more than what is left
  });
});

describe('KioskShell work area', () => {
  const output = {
    x: 800,
    y: 0,
    width: 800,
    height: 600,
    bounds: () => ({ x: 0, y: 0, width: 800, height: 600 }),
  } as unknown as Output;
  const shell = () => new KioskShell({} as Scene, () => [output], {} as Seat);

  it('is the output less every owner reservation, each undone on its own', () => {
    const kiosk = shell();
    const panelOwner = { name: 'wvkbd' };
    const barOwner = { name: 'bar' };
    expect(kiosk.workArea(output)).toEqual({ x: 800, y: 0, width: 800, height: 600 });
    kiosk.setReserved(output, { x: 0, y: 420, width: 800, height: 180 }, panelOwner);
    kiosk.setReserved(output, { x: 0, y: 0, width: 800, height: 30 }, barOwner);
    expect(kiosk.workArea(output)).toEqual({ x: 800, y: 30, width: 800, height: 390 });
    // the built-in keyboard panel (the default owner) shows taller than wvkbd, then hides
    kiosk.setReserved(output, { x: 0, y: 350, width: 800, height: 250 });
    expect(kiosk.workArea(output)).toEqual({ x: 800, y: 30, width: 800, height: 320 });
    kiosk.setReserved(output, null);
    expect(kiosk.workArea(output)).toEqual({ x: 800, y: 30, width: 800, height: 390 });
    kiosk.setReserved(output, null, panelOwner);
    kiosk.setReserved(output, null, barOwner);
    expect(kiosk.workArea(output)).toEqual({ x: 800, y: 0, width: 800, height: 600 });
  });

  it('cuts a side strip on its side', () => {
    const kiosk = shell();
    kiosk.setReserved(output, { x: 740, y: 0, width: 60, height: 600 }, 'dock');
    expect(kiosk.workArea(output)).toEqual({ x: 800, y: 0, width: 740, height: 600 });
  });
});
