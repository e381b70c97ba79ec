// wl_output: one global per output the backend announces, with geometry, mode, scale, name
// and description, and the output's framebuffer (what the renderer composites into and the
// backend presents from), damage and repaint counter. A transformed output (a panel mounted
// turned) has a logical size, the layout's (what clients, the shell and input see), and the
// mode's size, the panel's (its framebuffer, what wl_output's mode says): they differ for
// 90° and 270° (src/compositor/transform.ts).
import { native } from '../native.js';
import { WlOutputMode, WlOutputResource, WlOutputSubpixel } from '../generated/index.js';
import type { BackendOutput } from '../backends/backend.js';
import type { Display, Global } from './wayland/display.js';
import type { Client } from './wayland/resource.js';
import { boundingBox, intersects, type Rect } from './region.js';
import { transformName, transformSize } from './transform.js';

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
  /** logical size, in layout pixels */
  width: number;
  height: number;
  /** the framebuffer's size: the mode, before the transform */
  panel: { width: number; height: number };
  private readonly bindListeners: ((resource: WlOutputResource) => void)[] = [];
  private readonly changeListeners: ((resource: WlOutputResource) => void)[] = [];

  constructor(
    display: Display,
    /** what shows this output: the renderer asks it for frames and presents to it */
    readonly backendOutput: BackendOutput,
    public x: number,
    readonly y: number,
  ) {
    const { mode, transform } = backendOutput.info;
    this.panel = { width: mode.width, height: mode.height };
    ({ width: this.width, height: this.height } = transformSize(
      transform,
      mode.width,
      mode.height,
    ));
    this.framebuffer = native.framebufferCreate(mode.width, mode.height);
    this.damage.push(this.bounds());
    this.global = display.createGlobal(WlOutputResource, 4, (resource) => this.bind(resource));
  }

  get name(): string {
    return this.backendOutput.info.name;
  }

  get refreshMhz(): number {
    return this.backendOutput.info.mode.refreshMhz;
  }

  /** a wl_output.transform value: how what is drawn turns onto the panel */
  get transform(): number {
    return this.backendOutput.info.transform;
  }

  /** the output's area in layout coordinates */
  get rect(): Rect {
    return { x: this.x, y: this.y, width: this.width, height: this.height };
  }

  /** does a rectangle in layout coordinates touch this output? (the output is its own Rect:
   *  `rect` would make one per call, and this is asked for several surfaces each frame) */
  touches(r: Rect): boolean {
    return intersects(r, this);
  }

  bounds(): Rect {
    return { x: 0, y: 0, width: this.width, height: this.height };
  }

  get description(): string {
    const { width, height } = this.panel;
    const turned = this.transform ? ` ${transformName(this.transform)}` : '';
    return `wayboard ${this.name} ${width}x${height}@${this.refreshMhz / 1000}${turned}`;
  }

  resourcesOf(client: Client): WlOutputResource[] {
    return [...this.resources].filter((r) => r.client === client);
  }

  onBind(listener: (resource: WlOutputResource) => void): void {
    this.bindListeners.push(listener);
  }

  /** the output changed size or place: called per bound wl_output before its done (for
   *  the xdg_output of that wl_output) */
  onChange(listener: (resource: WlOutputResource) => void): void {
    this.changeListeners.push(listener);
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
    // the mode is the panel's, before the transform (the logical size is xdg-output's)
    resource.sendMode(
      WlOutputMode.current | WlOutputMode.preferred,
      this.panel.width,
      this.panel.height,
      this.refreshMhz,
    );
  }

  /** the backend changed the mode (a nested window resized): a new framebuffer, all of it
   *  damaged, and bound clients told (geometry, mode, done) */
  modeChanged(): void {
    const { mode, transform } = this.backendOutput.info;
    if (mode.width !== this.panel.width || mode.height !== this.panel.height) {
      native.textureDestroy(this.framebuffer);
      this.panel = { width: mode.width, height: mode.height };
      this.framebuffer = native.framebufferCreate(mode.width, mode.height);
    }
    ({ width: this.width, height: this.height } = transformSize(
      transform,
      mode.width,
      mode.height,
    ));
    this.damage = [this.bounds()];
    this.unpresented = [];
    for (const resource of this.resources) {
      this.describeTo(resource);
      for (const listener of this.changeListeners) listener(resource);
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
