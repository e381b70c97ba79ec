// xdg_surface window geometry: a set geometry is clamped to the box of the surface and its
// subsurfaces (xdg-shell's set_window_geometry). Qt 5 under a slow compositor shrinks its
// buffer to a configure without setting the geometry again; the window is the smaller one.
import { describe, expect, it } from 'vitest';
import type { XdgSurfaceResource } from '../../src/generated/index.js';
import type { Surface } from '../../src/compositor/surface.js';
import { XdgSurface } from '../../src/compositor/xdg-shell/xdg-surface.js';

interface FakeSurface {
  width: number;
  height: number;
  x: number;
  y: number;
  stack: FakeSurface[];
}

function surface(width: number, height: number, x = 0, y = 0): FakeSurface {
  const s: FakeSurface = { width, height, x, y, stack: [] };
  s.stack.push(s);
  return s;
}

function xdgOn(s: FakeSurface): XdgSurface {
  const resource = { implement() {}, onDestroy() {} } as unknown as XdgSurfaceResource;
  const wl = Object.assign(s, { onCommit() {}, onDestroy() {} }) as unknown as Surface;
  return new XdgSurface(resource, wl, { create: () => null } as never, () => 1);
}

describe('window geometry', () => {
  it('is the surface size when none is set', () => {
    expect(xdgOn(surface(300, 200)).windowGeometry).toEqual({
      x: 0,
      y: 0,
      width: 300,
      height: 200,
    });
  });

  it('is the set geometry inside the surface', () => {
    const xdg = xdgOn(surface(300, 200));
    xdg.geometry = { x: 10, y: 10, width: 280, height: 180 };
    expect(xdg.windowGeometry).toEqual({ x: 10, y: 10, width: 280, height: 180 });
  });

  it('is clamped to a surface that shrank under it', () => {
    const xdg = xdgOn(surface(1280, 446));
    xdg.geometry = { x: 0, y: 0, width: 1280, height: 720 };
    expect(xdg.windowGeometry).toEqual({ x: 0, y: 0, width: 1280, height: 446 });
  });

  it('may extend over subsurfaces, nested ones too, and no further', () => {
    const root = surface(100, 100);
    const child = surface(50, 50, 80, 0);
    const grandchild = surface(20, 20, 0, 90);
    child.stack.push(grandchild);
    root.stack.push(child);
    const xdg = xdgOn(root);
    xdg.geometry = { x: -10, y: -10, width: 300, height: 300 };
    expect(xdg.windowGeometry).toEqual({ x: 0, y: 0, width: 130, height: 110 });
  });
});
