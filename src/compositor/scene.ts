// The scene: what is drawn where, in layers (layer-shell background and bottom, apps,
// popups, layer-shell top and overlay each with their popups, then the compositor's own
// overlays such as the on-screen keyboard), with damage in layout coordinates and
// hit-testing for input.
import type { RenderLayer } from '../native.js';
import { intersects, type Rect } from './region.js';
import type { Surface } from './surface.js';
import { compose, translate } from './transform.js';

/** An image the compositor draws itself (the keyboard panel), above every surface. */
export interface Overlay {
  texture: number;
  x: number;
  y: number;
  width: number;
  height: number;
  visible: boolean;
  opacity?: number;
  /** takes input where it is drawn: touches on it never reach the surfaces below */
  opaqueToInput: boolean;
}

/** Root surface layers, bottom to top. Layer-shell `top` and `overlay` sit above popups
 *  too: a panel keyboard must stay visible over an app's menus. A panel's own popups sit
 *  just above its layer; those of background and bottom surfaces with the apps' popups. */
export const SCENE_LAYERS = [
  'background',
  'bottom',
  'apps',
  'popups',
  'top',
  'top-popups',
  'overlay',
  'overlay-popups',
] as const;
export type SceneLayer = (typeof SCENE_LAYERS)[number];
const POPUP_LAYERS = ['popups', 'top-popups', 'overlay-popups'] as const;

export interface Hit {
  surface: Surface;
  /** surface-local coordinates */
  sx: number;
  sy: number;
}

export class Scene {
  /** mapped root surfaces per layer, each list bottom to top */
  readonly layers: Record<SceneLayer, Surface[]> = {
    background: [],
    bottom: [],
    apps: [],
    popups: [],
    top: [],
    'top-popups': [],
    overlay: [],
    'overlay-popups': [],
  };
  readonly overlays: Overlay[] = [];
  /** the layer of each mapped root surface (isVisible asks several times a frame) */
  private readonly layerBySurface = new Map<Surface, SceneLayer>();

  /** called after a root surface was added or removed (pointer focus follows) */
  changed: () => void = () => {};

  constructor(private readonly damageLayout: (rect: Rect) => void) {}

  /** put a mapped root surface on top of its layer */
  add(surface: Surface, layer: SceneLayer): void {
    this.remove(surface);
    this.layers[layer].push(surface);
    this.layerBySurface.set(surface, layer);
    this.damageTree(surface);
    this.changed();
  }

  remove(surface: Surface): void {
    const layer = this.layerBySurface.get(surface);
    if (!layer) return;
    this.damageTree(surface);
    const list = this.layers[layer];
    list.splice(list.indexOf(surface), 1);
    this.layerBySurface.delete(surface);
    this.changed();
  }

  get apps(): readonly Surface[] {
    return this.layers.apps;
  }

  /** mapped popups, bottom to top */
  get popups(): readonly Surface[] {
    return POPUP_LAYERS.flatMap((layer) => this.layers[layer]);
  }

  /** the layer for a popup whose root surface is `root`: above the root's own layer */
  popupLayerFor(root: Surface): SceneLayer {
    const layer = this.layerOf(root);
    return layer === 'top' || layer === 'overlay' ? `${layer}-popups` : 'popups';
  }

  /** the layer a mapped root surface is in, if any */
  layerOf(surface: Surface): SceneLayer | undefined {
    return this.layerBySurface.get(surface);
  }

  contains(surface: Surface): boolean {
    return this.layerOf(surface) !== undefined;
  }

  /** the root's position in the layout: the sum of positions up the parent chain */
  position(surface: Surface): { x: number; y: number } {
    let x = 0;
    let y = 0;
    for (let s: Surface | null = surface; s; s = s.parent) {
      x += s.x;
      y += s.y;
    }
    return { x, y };
  }

  /** is this surface drawn? (mapped root, or a subsurface/popup of a drawn one) */
  isVisible(surface: Surface): boolean {
    if (!surface.hasBuffer) return false;
    if (this.contains(surface)) return true;
    const parent = surface.parent;
    return !!parent && parent.stack.includes(surface) && this.isVisible(parent);
  }

  damageSurface(surface: Surface, rects: Rect[]): void {
    if (!this.isVisible(surface)) return;
    const origin = this.position(surface);
    for (const r of rects)
      this.damageLayout({ x: r.x + origin.x, y: r.y + origin.y, width: r.width, height: r.height });
  }

  /** damage the whole area of a surface and the subsurfaces drawn with it */
  damageTree(surface: Surface): void {
    this.forEachInTree(surface, (s, x, y) =>
      this.damageLayout({ x, y, width: s.width, height: s.height }),
    );
  }

  damageOverlay(overlay: Overlay, rect?: Rect): void {
    const r = rect ?? { x: 0, y: 0, width: overlay.width, height: overlay.height };
    this.damageLayout({ x: overlay.x + r.x, y: overlay.y + r.y, width: r.width, height: r.height });
  }

  /** the render list for an output area, bottom to top, in output-local coordinates; only
   *  what touches `within` (layout coordinates, default the whole area: the damage, so that
   *  a frame's cost follows what changed, not how many surfaces there are) */
  renderLayers(area: Rect, within: Rect = area): RenderLayer[] {
    const layers: RenderLayer[] = [];
    // indexed loops: for-of made an iterator and a result object per step, and this runs each
    // frame in code V8 leaves unoptimised for tens of seconds
    for (let l = 0; l < SCENE_LAYERS.length; l++) {
      const roots = this.layers[SCENE_LAYERS[l]];
      for (let r = 0; r < roots.length; r++) {
        this.forEachInTree(roots[r], (s, x, y) => {
          // what lies outside the area is not drawn (nor handed to pixman with coordinates
          // a client may have pushed near the int32 limits)
          const box = { x, y, width: s.width, height: s.height };
          if (s.hasBuffer && intersects(box, area) && intersects(box, within))
            layers.push({
              texture: s.texture,
              x: x - area.x,
              y: y - area.y,
              width: s.width,
              height: s.height,
              src: s.bufferSource() ?? { x: 0, y: 0, width: s.bufferWidth, height: s.bufferHeight },
              // a buffer transform: the map from these coordinates to the buffer's pixels
              matrix:
                s.bufferTransform !== 0
                  ? compose(s.surfaceToBuffer(), translate(area.x - x, area.y - y))
                  : undefined,
            });
        });
      }
    }
    for (let i = 0; i < this.overlays.length; i++) {
      const o = this.overlays[i];
      if (o.visible)
        layers.push({
          texture: o.texture,
          x: o.x - area.x,
          y: o.y - area.y,
          width: o.width,
          height: o.height,
          opacity: o.opacity,
        });
    }
    return layers;
  }

  /** the overlay under a layout point, if one takes input there */
  overlayAt(x: number, y: number): Overlay | null {
    for (let i = this.overlays.length - 1; i >= 0; i--) {
      const o = this.overlays[i];
      if (
        o.visible &&
        o.opaqueToInput &&
        x >= o.x &&
        y >= o.y &&
        x < o.x + o.width &&
        y < o.y + o.height
      )
        return o;
    }
    return null;
  }

  /** the topmost surface accepting input at a layout point */
  surfaceAt(x: number, y: number): Hit | null {
    for (let l = SCENE_LAYERS.length - 1; l >= 0; l--) {
      const list = this.layers[SCENE_LAYERS[l]];
      for (let i = list.length - 1; i >= 0; i--) {
        let hit: Hit | null = null;
        this.forEachInTree(list[i], (s, sx, sy) => {
          if (s.acceptsInput(x - sx, y - sy)) hit = { surface: s, sx: x - sx, sy: y - sy };
        });
        if (hit) return hit;
      }
    }
    return null;
  }

  /** visits a surface and its subsurfaces bottom to top with their layout positions */
  forEachInTree(surface: Surface, visit: (s: Surface, x: number, y: number) => void): void {
    const origin = this.position(surface);
    this.walk(surface, origin.x, origin.y, visit);
  }

  private walk(
    surface: Surface,
    x: number,
    y: number,
    visit: (s: Surface, x: number, y: number) => void,
  ): void {
    for (let i = 0; i < surface.stack.length; i++) {
      const s = surface.stack[i];
      if (s === surface) visit(s, x, y);
      else if (s.hasBuffer) this.walk(s, x + s.x, y + s.y, visit);
    }
  }
}
