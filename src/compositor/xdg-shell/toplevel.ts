// xdg_toplevel: title, app_id, size limits and the states the shell chooses; the shell
// (policy) decides size and focus, this file only carries them over the protocol.
import {
  XdgToplevelError,
  type WlOutputResource,
  type WlSeatResource,
  type XdgToplevelRequests,
  type XdgToplevelResource,
} from '../../generated/index.js';
import type { XdgRole, XdgSurface } from './xdg-surface.js';

/** The shell's side of a toplevel's life. */
export interface ToplevelShell {
  mapToplevel(toplevel: Toplevel): void;
  unmapToplevel(toplevel: Toplevel): void;
  /** the client asked for a change (fullscreen, maximize...): configure again */
  toplevelRequest(toplevel: Toplevel): void;
}

export class Toplevel implements XdgToplevelRequests, XdgRole {
  readonly kind = 'toplevel';
  title = '';
  appId = '';
  minWidth = 0;
  minHeight = 0;
  maxWidth = 0;
  maxHeight = 0;
  parent: Toplevel | null = null;
  /** what the shell configures next: size 0 = the client decides */
  width = 0;
  height = 0;
  states: number[] = [];
  private readonly destroyListeners: (() => void)[] = [];
  private gone = false;

  constructor(
    readonly xdgSurface: XdgSurface,
    readonly resource: XdgToplevelResource,
    private readonly shell: ToplevelShell,
  ) {
    resource.implement(this);
    resource.onDestroy(() => this.destroyed());
  }

  get surface() {
    return this.xdgSurface.surface;
  }

  onDestroy(listener: () => void): void {
    this.destroyListeners.push(listener);
  }

  /** the shell's wish: size and states go out in one configure */
  configure(width: number, height: number, states: number[]): void {
    this.width = width;
    this.height = height;
    this.states = states;
    this.xdgSurface.scheduleConfigure();
  }

  sendConfigure(): void {
    const states = new Uint8Array(new Uint32Array(this.states).buffer);
    this.resource.sendConfigure(this.width, this.height, states);
  }

  mapped(): void {
    this.shell.mapToplevel(this);
  }

  unmapped(): void {
    this.shell.unmapToplevel(this);
  }

  destroyed(): void {
    if (this.gone) return;
    this.gone = true;
    if (this.xdgSurface.isMapped) this.shell.unmapToplevel(this);
    this.xdgSurface.role = null;
    for (const listener of this.destroyListeners.splice(0)) listener();
  }

  close(): void {
    this.resource.sendClose();
  }

  destroy(resource: XdgToplevelResource): void {
    resource.destroy();
  }

  setParent(resource: XdgToplevelResource, parentResource: XdgToplevelResource | null): void {
    const parent = parentResource ? (parentResource.handler as Toplevel | null) : null;
    for (let t = parent; t; t = t.parent) {
      if (t === this) {
        resource.postError(XdgToplevelError.invalidParent, 'a toplevel cannot be its own ancestor');
        return;
      }
    }
    this.parent = parent;
    // a parent that goes hands its children to its own parent (xdg-shell)
    parent?.onDestroy(() => {
      if (this.parent === parent) this.parent = parent.parent;
    });
  }

  setTitle(_r: XdgToplevelResource, title: string): void {
    this.title = title;
  }

  setAppId(_r: XdgToplevelResource, appId: string): void {
    this.appId = appId;
  }

  showWindowMenu(
    _r: XdgToplevelResource,
    _seat: WlSeatResource,
    _serial: number,
    _x: number,
    _y: number,
  ): void {}
  move(_r: XdgToplevelResource, _seat: WlSeatResource, _serial: number): void {}
  resize(_r: XdgToplevelResource, _seat: WlSeatResource, _serial: number, _edges: number): void {}

  setMaxSize(resource: XdgToplevelResource, width: number, height: number): void {
    if (
      width < 0 ||
      height < 0 ||
      (width && width < this.minWidth) ||
      (height && height < this.minHeight)
    ) {
      resource.postError(XdgToplevelError.invalidSize, `max size ${width}x${height} is invalid`);
      return;
    }
    this.maxWidth = width;
    this.maxHeight = height;
  }

  setMinSize(resource: XdgToplevelResource, width: number, height: number): void {
    if (
      width < 0 ||
      height < 0 ||
      (this.maxWidth && width > this.maxWidth) ||
      (this.maxHeight && height > this.maxHeight)
    ) {
      resource.postError(XdgToplevelError.invalidSize, `min size ${width}x${height} is invalid`);
      return;
    }
    this.minWidth = width;
    this.minHeight = height;
  }

  // A kiosk shows every window full screen: these requests only earn a fresh configure.
  setMaximized(): void {
    this.shell.toplevelRequest(this);
  }
  unsetMaximized(): void {
    this.shell.toplevelRequest(this);
  }
  setFullscreen(_r: XdgToplevelResource, _output: WlOutputResource | null): void {
    this.shell.toplevelRequest(this);
  }
  unsetFullscreen(): void {
    this.shell.toplevelRequest(this);
  }
  setMinimized(): void {}
}
