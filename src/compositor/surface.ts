// wl_surface: double-buffered state (pending → current on commit), the texture holding its
// pixels, frame callbacks, and the role (xdg toplevel/popup, subsurface, cursor) it plays.
import { native } from '../native.js';
import {
  WlSurfaceError,
  type WlBufferResource,
  type WlCallbackResource,
  type WlRegionResource,
  type WlSurfaceRequests,
  type WlSurfaceResource,
} from '../generated/index.js';
import { type Rect, Region } from './region.js';
import {
  addDamage,
  emptyState,
  mergeStates,
  MAX_PENDING_FRAME_CALLBACKS,
  toInt32,
  type SurfaceState,
} from './surface-state.js';
import { uploadShmBuffer } from './shm.js';
import { mapRect, invert, surfaceToBuffer, transformSize, type Matrix } from './transform.js';
import { runEach } from './wayland/resource.js';

/** where the addon writes the bounding box of the pixels an upload changed (x, y, w, h) */
const changed = new Int32Array(4);

/** What a role (xdg_toplevel, subsurface...) needs to hear from its surface. */
export interface SurfaceRole {
  readonly name: string;
  /** called on every commit after the new state is current */
  committed?(surface: Surface): void;
  /** may this commit apply now? (sync subsurfaces cache their state instead) */
  cachesState?(): boolean;
}

/** Hooks the compositor gives every surface: damage to repaint, callbacks to fire. */
export interface SurfaceHost {
  surfaceCommitted(surface: Surface, damage: Rect[]): void;
  surfaceDestroyed(surface: Surface): void;
  frameRequested(surface: Surface, callbacks: WlCallbackResource[]): void;
  /** the buffer's pixels are copied: it may go back to the client (wl_buffer.release) */
  bufferCopied(buffer: WlBufferResource): void;
}

/** Deepest chain of parents (subsurfaces, popups) a client may build. Toolkits nest a few
 *  levels; the limit keeps every walk over the tree short and its recursion shallow. */
export const MAX_SURFACE_DEPTH = 32;

let nextSurfaceId = 1;
const surfaces = new WeakMap<WlSurfaceResource, Surface>();

export class Surface implements WlSurfaceRequests {
  readonly id = nextSurfaceId++;
  readonly texture = native.textureCreate();
  role: SurfaceRole | null = null;
  /** surface-local size of the current content; 0×0 when no buffer */
  width = 0;
  height = 0;
  hasBuffer = false;
  /** size of the attached buffer in buffer pixels */
  bufferWidth = 0;
  bufferHeight = 0;
  /** wp_viewport state, current */
  source: Rect | null = null;
  destination: { width: number; height: number } | null = null;
  /** reports a viewport that does not fit the buffer (set by wp_viewport) */
  viewportError: ((code: 'bad_size' | 'out_of_buffer', message: string) => void) | null = null;
  inputRegion: Region | null = null;
  scale = 1;
  /** wl_surface.set_buffer_transform, current (a wl_output.transform value) */
  bufferTransform = 0;
  /** position relative to the parent surface (subsurface, popup) or the layout (roots) */
  x = 0;
  y = 0;
  parent: Surface | null = null;
  /** outputs this surface was told it entered (wl_surface.enter) */
  outputs = new Set<import('./output.js').Output>();
  /** children in stacking order; `this` stands among them where the parent draws */
  readonly stack: Surface[] = [this];
  destroyed = false;
  private pending = emptyState();
  /** state a sync subsurface holds until its parent commits */
  private cached: SurfaceState | null = null;
  private readonly commitListeners: (() => void)[] = [];
  private onceListeners: (() => void)[] = [];
  private readonly destroyListeners: (() => void)[] = [];

  constructor(
    readonly resource: WlSurfaceResource,
    private readonly host: SurfaceHost,
  ) {
    resource.implement(this);
    resource.onDestroy(() => this.teardown());
    surfaces.set(resource, this);
  }

  /** a buffer attached and not yet committed */
  get hasPendingBuffer(): boolean {
    return !!this.pending.buffer;
  }

  static from(resource: WlSurfaceResource): Surface | undefined {
    return surfaces.get(resource);
  }

  get client() {
    return this.resource.client;
  }

  /** Set the role once; a surface keeps one role for its life (protocol rule). */
  setRole(
    role: SurfaceRole,
    errorResource: { postError(code: number, msg: string): void },
    errorCode: number,
  ): boolean {
    if (this.role && this.role.name !== role.name) {
      errorResource.postError(
        errorCode,
        `wl_surface@${this.resource.id} already has role ${this.role.name}`,
      );
      return false;
    }
    this.role = role;
    return true;
  }

  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  /** runs at the next commit that applies (presentation feedback is per commit) */
  onCommitOnce(listener: () => void): void {
    this.onceListeners.push(listener);
  }

  onDestroy(listener: () => void): void {
    this.destroyListeners.push(listener);
  }

  /** is `candidate` this surface or one of its parents? (parent chains never cycle: each
   *  link is checked with this before it is made) */
  hasAncestor(candidate: Surface): boolean {
    for (let s: Surface | null = this; s; s = s.parent) if (s === candidate) return true;
    return false;
  }

  /** Why `parent` cannot become this surface's parent (a cycle, or a tree too deep), or
   *  null when it can. */
  parentProblem(parent: Surface): string | null {
    if (parent.hasAncestor(this)) return 'a surface cannot be its own ancestor';
    let depth = 0;
    for (let s: Surface | null = parent; s; s = s.parent) depth++;
    if (depth + this.subtreeHeight() > MAX_SURFACE_DEPTH)
      return `surfaces nest deeper than ${MAX_SURFACE_DEPTH} levels`;
    return null;
  }

  /** levels of subsurfaces below this one (0 without children) */
  private subtreeHeight(): number {
    let height = 0;
    for (const child of this.stack)
      if (child !== this) height = Math.max(height, 1 + child.subtreeHeight());
    return height;
  }

  /** is (x, y), in surface-local coordinates, inside the content and the input region? */
  acceptsInput(x: number, y: number): boolean {
    if (!this.hasBuffer || x < 0 || y < 0 || x >= this.width || y >= this.height) return false;
    return this.inputRegion ? this.inputRegion.contains(x, y) : true;
  }

  destroy(resource: WlSurfaceResource): void {
    resource.destroy();
  }

  attach(_r: WlSurfaceResource, buffer: WlBufferResource | null, x: number, y: number): void {
    if ((x !== 0 || y !== 0) && this.resource.version >= 5) {
      this.resource.postError(
        WlSurfaceError.invalidOffset,
        'attach with a non-zero offset (use offset)',
      );
      return;
    }
    this.pending.buffer = buffer;
    this.pending.dx = x;
    this.pending.dy = y;
  }

  damage(_r: WlSurfaceResource, x: number, y: number, width: number, height: number): void {
    addDamage(this.pending.damage, { x, y, width, height });
  }

  damageBuffer(_r: WlSurfaceResource, x: number, y: number, width: number, height: number): void {
    addDamage(this.pending.bufferDamage, { x, y, width, height });
  }

  frame(r: WlSurfaceResource, callback: WlCallbackResource): void {
    const waiting = this.pending.frameCallbacks.length + (this.cached?.frameCallbacks.length ?? 0);
    if (waiting >= MAX_PENDING_FRAME_CALLBACKS) return r.postNoMemory();
    this.pending.frameCallbacks.push(callback);
  }

  setOpaqueRegion(_r: WlSurfaceResource, region: WlRegionResource | null): void {
    this.pending.opaqueRegion = region ? Region.of(region).copy() : null;
  }

  setInputRegion(_r: WlSurfaceResource, region: WlRegionResource | null): void {
    this.pending.inputRegion = region ? Region.of(region).copy() : null;
  }

  setBufferTransform(_r: WlSurfaceResource, transform: number): void {
    if (transform < 0 || transform > 7) {
      this.resource.postError(
        WlSurfaceError.invalidTransform,
        `buffer transform ${transform} is not a wl_output.transform`,
      );
      return;
    }
    this.pending.transform = transform;
  }

  setBufferScale(_r: WlSurfaceResource, scale: number): void {
    if (scale < 1) {
      this.resource.postError(WlSurfaceError.invalidScale, `buffer scale ${scale} is not positive`);
      return;
    }
    this.pending.scale = scale;
  }

  setViewport(
    source: Rect | null | undefined,
    destination: { width: number; height: number } | null | undefined,
  ): void {
    if (source !== undefined) this.pending.source = source;
    if (destination !== undefined) this.pending.destination = destination;
  }

  offset(_r: WlSurfaceResource, x: number, y: number): void {
    this.pending.dx = x;
    this.pending.dy = y;
  }

  commit(): void {
    const state = this.pending;
    this.pending = emptyState();
    if (this.role?.cachesState?.()) {
      this.cached = this.cached ? mergeStates(this.cached, state) : state;
      return;
    }
    if (this.cached) {
      this.apply(mergeStates(this.cached, state));
      this.cached = null;
    } else {
      this.apply(state);
    }
  }

  /** A sync subsurface's parent committed: its cached state applies now. */
  applyCached(): void {
    if (!this.cached || this.destroyed) return;
    const state = this.cached;
    this.cached = null;
    this.apply(state);
  }

  private apply(state: SurfaceState): void {
    const oldWidth = this.width;
    const oldHeight = this.height;
    if (state.scale > 0) this.scale = state.scale;
    const turned = state.transform >= 0 && state.transform !== this.bufferTransform;
    if (state.transform >= 0) this.bufferTransform = state.transform;
    let damage = state.damage;
    const copied = state.buffer && !state.buffer.destroyed ? state.buffer : null;
    if (state.buffer !== undefined) {
      damage = this.takeBuffer(state.buffer, state.bufferDamage, damage);
      this.x += state.dx;
      this.y += state.dy;
    }
    if (state.source !== undefined) this.source = state.source;
    if (state.destination !== undefined) this.destination = state.destination;
    this.updateSize();
    if (state.inputRegion !== undefined) this.inputRegion = state.inputRegion;
    if (this.width !== oldWidth || this.height !== oldHeight || state.dx || state.dy || turned) {
      // geometry changed: old and new areas both need repaint
      damage = [
        {
          x: 0,
          y: 0,
          width: Math.max(oldWidth, this.width),
          height: Math.max(oldHeight, this.height),
        },
      ];
    }
    this.host.surfaceCommitted(this, damage);
    if (state.frameCallbacks.length) this.host.frameRequested(this, state.frameCallbacks);
    // after the damage asked for a frame: the release can then go out with that frame
    if (copied) this.host.bufferCopied(copied);
    this.role?.committed?.(this);
    for (let i = 0; i < this.commitListeners.length; i++) this.commitListeners[i]();
    if (this.onceListeners.length) {
      const once = this.onceListeners;
      this.onceListeners = [];
      for (let i = 0; i < once.length; i++) once[i]();
    }
  }

  /** Copy the buffer's damaged pixels into our texture (apply() hands it back). */
  private takeBuffer(
    buffer: WlBufferResource | null,
    bufferDamage: Rect[],
    damage: Rect[],
  ): Rect[] {
    if (!buffer || buffer.destroyed) {
      this.hasBuffer = false;
      this.bufferWidth = this.bufferHeight = 0;
      this.width = this.height = 0;
      return damage;
    }
    const scale = this.scale;
    // the buffer damage and the surface damage scaled to buffer pixels
    let rects = bufferDamage;
    if (damage.length) {
      rects = bufferDamage.slice();
      for (let i = 0; i < damage.length; i++) {
        const r = damage[i];
        rects.push({
          x: r.x * scale,
          y: r.y * scale,
          width: r.width * scale,
          height: r.height * scale,
        });
      }
    }
    // surface damage of a transformed buffer: the whole buffer (its new size is not known yet)
    const first = !this.hasBuffer || (this.bufferTransform !== 0 && damage.length > 0);
    const size = uploadShmBuffer(this.texture, buffer, first ? null : toInt32(rects), changed);
    if (!size) return damage; // the client got a protocol error instead (see uploadShmBuffer)
    // what really changed inside the damage: Qt damages its whole window to blink a cursor
    rects =
      changed[2] > 0
        ? [{ x: changed[0], y: changed[1], width: changed[2], height: changed[3] }]
        : [];
    this.hasBuffer = true;
    this.bufferWidth = size.width;
    this.bufferHeight = size.height;
    this.updateSize();
    if (this.bufferTransform !== 0 && !first) {
      const toSurface = invert(this.surfaceToBuffer(false));
      return rects.map((r) => mapRect(toSurface, r));
    }
    const surfaceDamage = rects.map((r) => ({
      x: Math.floor(r.x / scale),
      y: Math.floor(r.y / scale),
      width: Math.ceil(r.width / scale) + 1,
      height: Math.ceil(r.height / scale) + 1,
    }));
    return first ? [{ x: 0, y: 0, width: this.width, height: this.height }] : surfaceDamage;
  }

  /** surface size: the viewport destination, else the source size, else buffer / scale */
  private updateSize(): void {
    if (!this.hasBuffer) return;
    const turned = transformSize(this.bufferTransform, this.bufferWidth, this.bufferHeight);
    const unscaledWidth = Math.ceil(turned.width / this.scale);
    const unscaledHeight = Math.ceil(turned.height / this.scale);
    const src = this.source;
    if (src && (src.x + src.width > unscaledWidth || src.y + src.height > unscaledHeight)) {
      this.viewportError?.('out_of_buffer', 'viewport source rectangle extends outside the buffer');
    }
    if (this.destination) {
      this.width = this.destination.width;
      this.height = this.destination.height;
    } else if (src) {
      if (!Number.isInteger(src.width) || !Number.isInteger(src.height)) {
        this.viewportError?.(
          'bad_size',
          'viewport source size is not integer and no destination is set',
        );
      }
      this.width = Math.ceil(src.width);
      this.height = Math.ceil(src.height);
    } else {
      this.width = unscaledWidth;
      this.height = unscaledHeight;
    }
  }

  /** the buffer area drawn, in buffer pixels (the viewport source scaled) */
  bufferSource(): Rect | undefined {
    const src = this.source;
    if (!src) return undefined;
    const s = this.scale;
    return {
      x: Math.round(src.x * s),
      y: Math.round(src.y * s),
      width: Math.round(src.width * s),
      height: Math.round(src.height * s),
    };
  }

  /** surface-local coordinates → buffer pixels (buffer transform, scale, and the viewport
   *  unless `withViewport` is false) */
  surfaceToBuffer(withViewport = true): Matrix {
    const source = withViewport ? this.source : null;
    const { bufferTransform, scale, bufferWidth, bufferHeight, width, height } = this;
    return surfaceToBuffer(
      bufferTransform,
      scale,
      bufferWidth,
      bufferHeight,
      width,
      height,
      source,
    );
  }

  /** every step runs whatever another throws; the texture is freed last, always */
  private teardown(): void {
    this.destroyed = true;
    const callbacks = [...this.pending.frameCallbacks, ...(this.cached?.frameCallbacks ?? [])];
    runEach(
      [
        ...callbacks.map((callback) => () => callback.destroy()),
        () => this.host.surfaceDestroyed(this),
        ...this.destroyListeners.splice(0),
        () => native.textureDestroy(this.texture),
      ],
      'wl_surface teardown',
    );
  }
}

export { toInt32 };
