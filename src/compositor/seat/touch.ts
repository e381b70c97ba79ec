// wl_touch: each touch point belongs to the surface it went down on, until it goes up;
// coordinates are local to that surface.
import type { WlTouchResource } from '../../generated/index.js';
import type { Surface } from '../surface.js';
import type { Display } from '../wayland/display.js';

interface TouchPoint {
  surface: Surface;
  originX: number;
  originY: number;
}

export class Touch {
  readonly resources = new Set<WlTouchResource>();
  readonly points = new Map<number, TouchPoint>();
  /** the surface of the most recent touch point */
  focus: Surface | null = null;

  constructor(
    private readonly display: Display,
    private readonly time: () => number,
  ) {}

  addResource(resource: WlTouchResource): void {
    this.resources.add(resource);
    resource.onDestroy(() => this.resources.delete(resource));
    resource.implement({ release: (r) => r.destroy() });
  }

  private resourcesOf(surface: Surface): WlTouchResource[] {
    return [...this.resources].filter((r) => r.client === surface.client);
  }

  /** origin: the surface's layout position, so x/y become surface-local */
  down(id: number, surface: Surface, origin: { x: number; y: number }, x: number, y: number): void {
    if (this.points.has(id)) this.up(id);
    this.points.set(id, { surface, originX: origin.x, originY: origin.y });
    this.focus = surface;
    const serial = this.display.nextSerial();
    for (const r of this.resourcesOf(surface)) {
      r.sendDown(serial, this.time(), surface.resource, id, x - origin.x, y - origin.y);
      r.sendFrame();
    }
  }

  motion(id: number, x: number, y: number): void {
    const point = this.points.get(id);
    if (!point) return;
    for (const r of this.resourcesOf(point.surface)) {
      r.sendMotion(this.time(), id, x - point.originX, y - point.originY);
      r.sendFrame();
    }
  }

  up(id: number): void {
    const point = this.points.get(id);
    if (!point) return;
    this.points.delete(id);
    if (point.surface.client.destroyed) return; // the whole client is going away
    const serial = this.display.nextSerial();
    for (const r of this.resourcesOf(point.surface)) {
      r.sendUp(serial, this.time(), id);
      r.sendFrame();
    }
  }

  /** a touched surface went away: its client still hears the touch end */
  surfaceGone(surface: Surface): void {
    for (const [id, point] of this.points) if (point.surface === surface) this.up(id);
    if (this.focus === surface) this.focus = null;
  }
}
