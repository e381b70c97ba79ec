// wl_output: one global per output the backend announces, with geometry, mode, scale, name
// and description, and the output's framebuffer (what the renderer composites into and the
// backend presents from), damage and repaint counter.
import { native } from '../native.js';
import { WlOutputMode, WlOutputResource, WlOutputSubpixel } from '../generated/index.js';
import type { BackendOutput } from '../backends/backend.js';
import type { Display, Global } from './wayland/display.js';
import type { Client } from './wayland/resource.js';
import { boundingBox, type Rect } from './region.js';

const MAX_DAMAGE_RECTS = 64;

export class Output {
  framebuffer: number;
  readonly resources = new Set<WlOutputResource>();
  private readonly global: Global;
  /** output-local rectangles to repaint */
  damage: Rect[] = [];
  /** rectangles repainted since the backend last presented (a screenshot paints early) */
  unpresented: Rect[] = [];
  repaints = 0;
  width: number;
  height: number;
  private readonly bindListeners: ((resource: WlOutputResource) => void)[] = [];

  constructor(
    display: Display,
    /** what shows this output: the renderer asks it for frames and presents to it */
    readonly backendOutput: BackendOutput,
    public x: number,
    readonly y: number,
  ) {
    const { mode } = backendOutput.info;
    this.width = mode.width;
    this.height = mode.height;
    this.framebuffer = native.framebufferCreate(this.width, this.height);
    this.damage.push(this.bounds());
    this.global = display.createGlobal(WlOutputResource, 4, (resource) => this.bind(resource));
  }

  get name(): string {
    return this.backendOutput.info.name;
  }

  get refreshMhz(): number {
    return this.backendOutput.info.mode.refreshMhz;
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
    this.describeTo(resource);
    resource.sendScale(this.backendOutput.info.scale);
    resource.sendName(this.name); // once per wl_output: names never change
    resource.sendDescription(this.description);
    for (const listener of this.bindListeners) listener(resource);
    resource.sendDone();
  }

  private describeTo(resource: WlOutputResource): void {
    const { info } = this.backendOutput;
    resource.sendGeometry(
      this.x,
      this.y,
      info.physicalSizeMm.width,
      info.physicalSizeMm.height,
      WlOutputSubpixel.unknown,
      info.make,
      info.model,
      info.transform,
    );
    resource.sendMode(
      WlOutputMode.current | WlOutputMode.preferred,
      this.width,
      this.height,
      this.refreshMhz,
    );
  }

  /** the backend changed the mode (a nested window resized): a new framebuffer, all of it
   *  damaged, and bound clients told (geometry, mode, done) */
  modeChanged(): void {
    const { mode } = this.backendOutput.info;
    if (mode.width !== this.width || mode.height !== this.height) {
      native.textureDestroy(this.framebuffer);
      this.width = mode.width;
      this.height = mode.height;
      this.framebuffer = native.framebufferCreate(this.width, this.height);
    }
    this.damage = [this.bounds()];
    this.unpresented = [];
    for (const resource of this.resources) {
      this.describeTo(resource);
      resource.sendDone();
    }
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
