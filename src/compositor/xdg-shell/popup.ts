// xdg_popup: placed by its positioner relative to the parent's window geometry, kept inside
// the parent's output, dismissed (popup_done) when a grab ends.
import {
  XdgPopupError,
  type WlSeatResource,
  type XdgPopupRequests,
  type XdgPopupResource,
  type XdgPositionerResource,
} from '../../generated/index.js';
import type { Rect } from '../region.js';
import { placePopup, positionerRules, type PositionerRules } from './positioner.js';
import type { XdgRole, XdgSurface } from './xdg-surface.js';

export interface PopupShell {
  /** the parent's output area, relative to the parent's window geometry origin */
  popupBounds(parent: XdgSurface): Rect;
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

  constructor(
    readonly xdgSurface: XdgSurface,
    readonly resource: XdgPopupResource,
    readonly parent: XdgSurface,
    private rules: PositionerRules,
    private readonly shell: PopupShell,
  ) {
    resource.implement(this);
    resource.onDestroy(() => this.destroyed());
    xdgSurface.surface.parent = parent.surface;
    this.place();
  }

  get surface() {
    return this.xdgSurface.surface;
  }

  private place(): void {
    this.rect = placePopup(this.rules, this.shell.popupBounds(this.parent));
    this.updatePosition();
  }

  /** surface position relative to the parent surface (both window geometries apply) */
  updatePosition(): void {
    const parentGeometry = this.parent.windowGeometry;
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
