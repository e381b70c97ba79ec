// xdg_popup: placed by its positioner relative to the parent's window geometry, kept inside
// the parent's output, dismissed (popup_done) when a grab ends. The parent is an xdg_surface,
// or, for a popup made with a null parent, a surface another protocol names before the
// popup's initial commit (zwlr_layer_surface_v1.get_popup).
import {
  XdgPopupError,
  type WlSeatResource,
  type XdgPopupRequests,
  type XdgPopupResource,
  type XdgPositionerResource,
} from '../../generated/index.js';
import type { Rect } from '../region.js';
import type { Surface } from '../surface.js';
import { placePopup, positionerRules, type PositionerRules } from './positioner.js';
import type { XdgRole, XdgSurface } from './xdg-surface.js';

/** What a popup is placed against: an xdg_surface, or a layer surface. */
export interface PopupParent {
  readonly surface: Surface;
  /** the box positions are relative to, in the parent's surface coordinates */
  readonly windowGeometry: Rect;
}

export interface PopupShell {
  /** the parent's output area, relative to the parent's window geometry origin */
  popupBounds(parent: PopupParent): Rect;
  mapPopup(popup: Popup): void;
  unmapPopup(popup: Popup): void;
  grabPopup(popup: Popup): void;
}

export class Popup implements XdgPopupRequests, XdgRole {
  readonly kind = 'popup';
  rect: Rect = { x: 0, y: 0, width: 0, height: 0 };
  private repositionToken: number | null = null;
  grabbed = false;
  private gone = false;
  private _parent: PopupParent | null = null;

  constructor(
    readonly xdgSurface: XdgSurface,
    readonly resource: XdgPopupResource,
    parent: PopupParent | null,
    private rules: PositionerRules,
    private readonly shell: PopupShell,
    /** posts xdg_wm_base.invalid_popup_parent */
    readonly invalidParent: (message: string) => void,
  ) {
    resource.implement(this);
    resource.onDestroy(() => this.destroyed());
    if (parent) this.setParent(parent);
  }

  /** the xdg_popup behind a resource, if it got the role */
  static from(resource: XdgPopupResource): Popup | undefined {
    const handler = resource.handler;
    return handler instanceof Popup ? handler : undefined;
  }

  get surface() {
    return this.xdgSurface.surface;
  }

  get parent(): PopupParent | null {
    return this._parent;
  }

  get awaitsParent(): boolean {
    return this._parent === null;
  }

  /** Give the popup its parent (once; the caller checked Surface.parentProblem). A popup
   *  made without one gets its first configure now, as others do when they are made. */
  setParent(parent: PopupParent): void {
    const late = this._parent === null && this.xdgSurface.role === this;
    this._parent = parent;
    this.surface.parent = parent.surface;
    this.place();
    if (late) this.xdgSurface.configureRightAway();
  }

  /** the initial commit: refused while the parent is still missing */
  initialCommit(): boolean {
    if (this._parent) return true;
    this.invalidParent('xdg_popup committed without a parent (xdg_surface or another protocol)');
    return false;
  }

  private place(): void {
    if (!this._parent) return;
    this.rect = placePopup(this.rules, this.shell.popupBounds(this._parent));
    this.updatePosition();
  }

  /** surface position relative to the parent surface (both window geometries apply) */
  updatePosition(): void {
    if (!this._parent) return;
    const parentGeometry = this._parent.windowGeometry;
    const ownGeometry = this.xdgSurface.windowGeometry;
    this.surface.x = parentGeometry.x + this.rect.x - ownGeometry.x;
    this.surface.y = parentGeometry.y + this.rect.y - ownGeometry.y;
  }

  sendConfigure(): void {
    if (this.repositionToken !== null) {
      this.resource.sendRepositioned(this.repositionToken);
      this.repositionToken = null;
    }
    this.resource.sendConfigure(this.rect.x, this.rect.y, this.rect.width, this.rect.height);
  }

  mapped(): void {
    this.updatePosition();
    this.shell.mapPopup(this);
  }

  unmapped(): void {
    this.shell.unmapPopup(this);
  }

  destroyed(): void {
    if (this.gone) return;
    this.gone = true;
    if (this.xdgSurface.isMapped) this.shell.unmapPopup(this);
    this.xdgSurface.role = null;
  }

  dismiss(): void {
    this.resource.sendPopupDone();
  }

  destroy(resource: XdgPopupResource): void {
    resource.destroy();
  }

  grab(resource: XdgPopupResource, _seat: WlSeatResource, _serial: number): void {
    if (this.xdgSurface.isMapped) {
      resource.postError(XdgPopupError.invalidGrab, 'grab requested after the popup was mapped');
      return;
    }
    this.grabbed = true;
    this.shell.grabPopup(this);
  }

  reposition(_r: XdgPopupResource, positioner: XdgPositionerResource, token: number): void {
    const rules = positionerRules(positioner);
    if (!rules) return;
    this.rules = rules;
    this.repositionToken = token;
    this.place();
    this.xdgSurface.scheduleConfigure();
  }
}
