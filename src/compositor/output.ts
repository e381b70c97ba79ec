// wl_output: one global per output, with geometry, mode, scale, name and description, and
// the output's framebuffer, damage and repaint counter.
import { native } from '../native.js';
import {
  WlOutputMode,
  WlOutputResource,
  WlOutputSubpixel,
  WlOutputTransform,
} from '../generated/index.js';
import type { Display, Global } from './wayland/display.js';
import type { Client } from './wayland/resource.js';
import { boundingBox, type Rect } from './region.js';

const MAX_DAMAGE_RECTS = 64;

export class Output {
  readonly framebuffer: number;
  readonly resources = new Set<WlOutputResource>();
  private readonly global: Global;
  /** output-local rectangles to repaint */
  damage: Rect[] = [];
  repaints = 0;
  private readonly bindListeners: ((resource: WlOutputResource) => void)[] = [];

  constructor(
    display: Display,
    readonly name: string,
    readonly x: number,
    readonly y: number,
    readonly width: number,
    readonly height: number,
    readonly refreshMhz: number,
  ) {
    this.framebuffer = native.framebufferCreate(width, height);
    this.damage.push(this.bounds());
    this.global = display.createGlobal(WlOutputResource, 4, (resource) => this.bind(resource));
  }

  /** the output's area in layout coordinates */
  get rect(): Rect {
    return { x: this.x, y: this.y, width: this.width, height: this.height };
  }

  bounds(): Rect {
    return { x: 0, y: 0, width: this.width, height: this.height };
  }

  get description(): string {
    return `wayboard ${this.name} ${this.width}x${this.height}@${this.refreshMhz / 1000}`;
  }

  resourcesOf(client: Client): WlOutputResource[] {
    return [...this.resources].filter((r) => r.client === client);
  }

  onBind(listener: (resource: WlOutputResource) => void): void {
    this.bindListeners.push(listener);
  }

  private bind(resource: WlOutputResource): void {
    this.resources.add(resource);
    resource.onDestroy(() => this.resources.delete(resource));
    resource.implement({ release: (r) => r.destroy() });
    // a virtual panel of 96 dpi: physical size in millimetres
    const mm = (px: number) => Math.round((px * 25.4) / 96);
    resource.sendGeometry(
      this.x,
      this.y,
      mm(this.width),
      mm(this.height),
      WlOutputSubpixel.unknown,
      'wayboard',
      'headless',
      WlOutputTransform.normal,
    );
    resource.sendMode(
      WlOutputMode.current | WlOutputMode.preferred,
      this.width,
      this.height,
      this.refreshMhz,
    );
    resource.sendScale(1);
    resource.sendName(this.name);
    resource.sendDescription(this.description);
    for (const listener of this.bindListeners) listener(resource);
    resource.sendDone();
  }

  addDamage(rect: Rect): void {
    const x1 = Math.max(0, rect.x);
    const y1 = Math.max(0, rect.y);
    const x2 = Math.min(this.width, rect.x + rect.width);
    const y2 = Math.min(this.height, rect.y + rect.height);
    if (x2 > x1 && y2 > y1) this.damage.push({ x: x1, y: y1, width: x2 - x1, height: y2 - y1 });
    // many commits between two frames: past a few dozen rectangles one box repaints as fast
    if (this.damage.length > MAX_DAMAGE_RECTS) this.damage = [boundingBox(this.damage)];
  }

  destroy(): void {
    this.global.destroy();
    native.textureDestroy(this.framebuffer);
  }
}
