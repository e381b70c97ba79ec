// wl_subcompositor and wl_subsurface: child surfaces positioned relative to their parent,
// stacked among its children, in synchronized (cached until the parent commits) or
// desynchronized mode.
import {
  WlSubcompositorError,
  WlSubcompositorResource,
  WlSubsurfaceError,
  type WlSubsurfaceRequests,
  type WlSubsurfaceResource,
  type WlSurfaceResource,
} from '../generated/index.js';
import { Surface, type SurfaceRole } from './surface.js';
import type { Display } from './wayland/display.js';

class Subsurface implements WlSubsurfaceRequests, SurfaceRole {
  readonly name = 'wl_subsurface';
  private synchronized = true;
  private pendingPosition: { x: number; y: number } | null = null;
  /** stacking order change, applied on the parent's next commit */
  private pendingStack: Surface[] | null = null;

  constructor(
    readonly resource: WlSubsurfaceResource,
    readonly surface: Surface,
    readonly parent: Surface,
    private readonly damage: (surface: Surface) => void,
    private readonly changed: () => void,
  ) {
    resource.implement(this);
    surface.parent = parent;
    parent.stack.push(surface); // new subsurfaces go on top of their siblings
    parent.onCommit(() => this.parentCommitted());
    resource.onDestroy(() => this.detach());
    surface.onDestroy(() => this.detach());
    parent.onDestroy(() => this.detach());
  }

  /** sync mode holds state while the surface or any ancestor is synchronized */
  cachesState(): boolean {
    if (this.synchronized) return true;
    const parentRole = this.parent.role as Subsurface | null;
    return parentRole instanceof Subsurface && parentRole.cachesState();
  }

  private parentCommitted(): void {
    if (this.surface.destroyed) return;
    this.damage(this.surface);
    if (this.pendingPosition) {
      this.surface.x = this.pendingPosition.x;
      this.surface.y = this.pendingPosition.y;
      this.pendingPosition = null;
    }
    if (this.pendingStack) {
      this.parent.stack.splice(0, this.parent.stack.length, ...this.pendingStack);
      this.pendingStack = null;
    }
    if (this.cachesState()) this.surface.applyCached();
    this.damage(this.surface);
    this.changed(); // once the new position, order and content all hold
  }

  private detach(): void {
    const index = this.parent.stack.indexOf(this.surface);
    if (index < 0) return;
    this.damage(this.surface);
    this.parent.stack.splice(index, 1);
    this.pendingStack = null;
  }

  destroy(resource: WlSubsurfaceResource): void {
    resource.destroy();
  }

  setPosition(_r: WlSubsurfaceResource, x: number, y: number): void {
    this.pendingPosition = { x, y };
  }

  placeAbove(resource: WlSubsurfaceResource, sibling: WlSurfaceResource): void {
    this.restack(resource, sibling, 1);
  }

  placeBelow(resource: WlSubsurfaceResource, sibling: WlSurfaceResource): void {
    this.restack(resource, sibling, 0);
  }

  private restack(
    resource: WlSubsurfaceResource,
    siblingResource: WlSurfaceResource,
    after: number,
  ): void {
    const sibling = Surface.from(siblingResource);
    const stack = [...(this.pendingStack ?? this.parent.stack)];
    if (!sibling || sibling === this.surface || !stack.includes(sibling)) {
      resource.postError(
        WlSubsurfaceError.badSurface,
        'place_above/below: not a sibling or the parent',
      );
      return;
    }
    stack.splice(stack.indexOf(this.surface), 1);
    stack.splice(stack.indexOf(sibling) + after, 0, this.surface);
    this.pendingStack = stack;
  }

  setSync(): void {
    this.synchronized = true;
  }

  setDesync(): void {
    const wasCaching = this.cachesState();
    this.synchronized = false;
    if (wasCaching && !this.cachesState()) this.surface.applyCached();
  }
}

export function createSubcompositor(
  display: Display,
  damage: (surface: Surface) => void,
  changed: () => void,
): void {
  display.createGlobal(WlSubcompositorResource, 1, (resource) => {
    resource.implement({
      destroy: (r) => r.destroy(),
      getSubsurface: (r, id, surfaceResource, parentResource) => {
        const surface = Surface.from(surfaceResource);
        const parent = Surface.from(parentResource);
        if (!surface || !parent) return;
        const problem = surface.parentProblem(parent);
        if (problem) {
          r.postError(WlSubcompositorError.badSurface, problem);
          return;
        }
        if (surface.role) {
          r.postError(
            WlSubcompositorError.badSurface,
            `wl_surface already has role ${surface.role.name}`,
          );
          return;
        }
        surface.role = new Subsurface(id, surface, parent, damage, changed);
      },
    });
  });
}
