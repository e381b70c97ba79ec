// xdg_surface: the configure/ack handshake, window geometry and the map/unmap life cycle
// shared by toplevels and popups.
import {
  XdgSurfaceError,
  type XdgPopupResource,
  type XdgPositionerResource,
  type XdgSurfaceRequests,
  type XdgSurfaceResource,
  type XdgToplevelResource,
} from '../../generated/index.js';
import { ConfigureSerials } from '../configure-serials.js';
import { boundingBox, intersection, type Rect } from '../region.js';
import type { Surface } from '../surface.js';

/** The role object (toplevel or popup) behind an xdg_surface. */
export interface XdgRole {
  readonly kind: 'toplevel' | 'popup';
  /** send the role's own configure event (the xdg_surface.configure follows) */
  sendConfigure(): void;
  /** the surface became visible / stopped being visible */
  mapped(): void;
  unmapped(): void;
  /** the xdg_surface is going away */
  destroyed(): void;
  /** the client's first commit: time to decide the first configure; false refuses it (the
   *  role posted an error) */
  initialCommit?(): boolean;
  /** a popup made without a parent waits for one from another protocol: no configure yet */
  readonly awaitsParent?: boolean;
}

/** What an xdg_surface asks of the shell to become a toplevel or popup. */
export interface XdgRoleFactory {
  toplevel(xdgSurface: XdgSurface, resource: XdgToplevelResource): XdgRole;
  popup(
    xdgSurface: XdgSurface,
    resource: XdgPopupResource,
    parent: XdgSurface | null,
    positioner: XdgPositionerResource,
  ): XdgRole | null;
}

const xdgSurfaces = new WeakMap<XdgSurfaceResource, XdgSurface>();
/** the live xdg_surface of each wl_surface: one at a time */
const bySurface = new WeakMap<Surface, XdgSurface>();

export class XdgSurface implements XdgSurfaceRequests {
  role: XdgRole | null = null;
  geometry: Rect | null = null;
  private pendingGeometry: Rect | null = null;
  private readonly serials = new ConfigureSerials();
  /** the first configure was acked: buffers may be attached */
  configured = false;
  /** an initial commit arrived: the client waits for a configure */
  private initialCommitDone = false;
  isMapped = false;
  private configureQueued = false;

  constructor(
    readonly resource: XdgSurfaceResource,
    readonly surface: Surface,
    private readonly roles: XdgRoleFactory,
    private readonly nextSerial: () => number,
  ) {
    xdgSurfaces.set(resource, this);
    bySurface.set(surface, this);
    resource.implement(this);
    resource.onDestroy(() => {
      if (bySurface.get(surface) === this) bySurface.delete(surface);
      this.role?.destroyed();
      this.role = null;
    });
    surface.onCommit(() => this.committed());
    surface.onDestroy(() => this.role?.destroyed());
  }

  static from(resource: XdgSurfaceResource): XdgSurface | undefined {
    return xdgSurfaces.get(resource);
  }

  /** the xdg_surface a wl_surface has now, if any */
  static of(surface: Surface): XdgSurface | undefined {
    return bySurface.get(surface);
  }

  /** every configure sent was acked and none is queued: what the client commits now is its
   *  answer to the latest one */
  get settled(): boolean {
    return !this.serials.pending && !this.configureQueued;
  }

  /** the window geometry, defaulting to the surface's size; a set one is clamped to the box
   *  of the surface and its subsurfaces, as xdg-shell says (Qt 5 may shrink its buffer to a
   *  configure and keep the taller geometry it set before) */
  get windowGeometry(): Rect {
    const own = { x: 0, y: 0, width: this.surface.width, height: this.surface.height };
    if (!this.geometry) return own;
    const clamped = intersection(this.geometry, treeBox(this.surface, 0, 0, own));
    return clamped.width > 0 && clamped.height > 0 ? clamped : this.geometry;
  }

  destroy(resource: XdgSurfaceResource): void {
    if (this.role) {
      resource.postError(
        XdgSurfaceError.defunctRoleObject,
        'xdg_surface destroyed before its role object',
      );
      return;
    }
    resource.destroy();
  }

  getToplevel(resource: XdgSurfaceResource, id: XdgToplevelResource): void {
    if (!this.claimRole(resource)) return;
    this.role = this.roles.toplevel(this, id);
    this.configureRightAway();
  }

  getPopup(
    resource: XdgSurfaceResource,
    id: XdgPopupResource,
    parent: XdgSurfaceResource | null,
    positioner: XdgPositionerResource,
  ): void {
    if (!this.claimRole(resource)) return;
    this.role = this.roles.popup(
      this,
      id,
      parent ? (XdgSurface.from(parent) ?? null) : null,
      positioner,
    );
    this.configureRightAway();
  }

  /** Configure as soon as the role exists (a parentless popup: once it has its parent), as
   *  Mir does: wlcs (and impatient clients) wait for it without an initial commit. The
   *  initial commit then needs no second one. */
  configureRightAway(): void {
    if (!this.role || this.role.awaitsParent || this.initialCommitDone) return;
    this.initialCommitDone = true;
    this.sendConfigure();
  }

  private claimRole(resource: XdgSurfaceResource): boolean {
    if (this.surface.destroyed) return false; // its wl_surface is gone: this object is inert
    if (this.role) {
      resource.postError(
        XdgSurfaceError.alreadyConstructed,
        'xdg_surface already has a role object',
      );
      return false;
    }
    if (this.surface.hasBuffer) {
      resource.postError(
        XdgSurfaceError.unconfiguredBuffer,
        'surface has a buffer before its role',
      );
      return false;
    }
    return this.surface.setRole(
      { name: 'xdg_surface' },
      resource,
      XdgSurfaceError.alreadyConstructed,
    );
  }

  setWindowGeometry(
    resource: XdgSurfaceResource,
    x: number,
    y: number,
    width: number,
    height: number,
  ): void {
    if (width <= 0 || height <= 0) {
      resource.postError(
        XdgSurfaceError.invalidSize,
        `window geometry ${width}x${height} is not positive`,
      );
      return;
    }
    this.pendingGeometry = { x, y, width, height };
  }

  ackConfigure(resource: XdgSurfaceResource, serial: number): void {
    if (!this.serials.ack(serial)) {
      resource.postError(
        XdgSurfaceError.invalidSerial,
        `ack_configure of serial ${serial}, which was never sent`,
      );
      return;
    }
    this.configured = true;
  }

  /** Send a configure (the role's event, then ours) once per batch of changes. */
  scheduleConfigure(): void {
    // before the initial commit the client is not listening yet; that commit configures
    if (this.configureQueued || !this.initialCommitDone) return;
    this.configureQueued = true;
    queueMicrotask(() => {
      this.configureQueued = false;
      this.sendConfigure();
    });
  }

  private sendConfigure(): void {
    if (!this.role || this.resource.destroyed) return;
    this.role.sendConfigure();
    const serial = this.nextSerial();
    this.serials.sent(serial);
    this.resource.sendConfigure(serial);
  }

  private committed(): void {
    if (!this.role) {
      if (this.surface.hasBuffer) {
        this.resource.postError(
          XdgSurfaceError.notConstructed,
          'commit of an xdg_surface without a role',
        );
      }
      return;
    }
    if (this.pendingGeometry) {
      this.geometry = this.pendingGeometry;
      this.pendingGeometry = null;
    }
    // A buffer before the first ack breaks the letter of xdg-shell, but wlcs's own clients
    // (popups on their very first commit) and some real ones do it; like Mir, wayboard shows
    // the surface rather than killing the app.
    if (!this.initialCommitDone) {
      if (this.role.initialCommit?.() === false) return;
      this.initialCommitDone = true;
      this.sendConfigure(); // at once: a roundtrip after the initial commit must see it
    }
    if (this.surface.hasBuffer && !this.isMapped) {
      this.isMapped = true;
      this.role.mapped();
    } else if (!this.surface.hasBuffer && this.isMapped) {
      this.unmap();
    }
  }

  /** back to the unmapped, unconfigured state: the client starts over with an initial commit */
  unmap(): void {
    if (this.isMapped) {
      this.isMapped = false;
      this.role?.unmapped();
    }
    this.configured = false;
    this.initialCommitDone = false;
    this.serials.clear();
  }
}

/** the box holding a surface and its subsurfaces, in its coordinates */
function treeBox(surface: Surface, x: number, y: number, box: Rect): Rect {
  for (const child of surface.stack) {
    if (child === surface || child.width === 0 || child.height === 0) continue;
    const rect = { x: x + child.x, y: y + child.y, width: child.width, height: child.height };
    box = treeBox(child, rect.x, rect.y, boundingBox([box, rect]));
  }
  return box;
}
