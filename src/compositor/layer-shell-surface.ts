// zwlr_layer_surface_v1: one layer surface's double-buffered state, its configure/ack
// handshake, its map/unmap life cycle and where it is placed (LayerShell.arrange decides the
// bounds), and the xdg_popups it parents (get_popup).
import { ConfigureSerials } from './configure-serials.js';
import {
  ZwlrLayerShellV1Error,
  ZwlrLayerShellV1Layer,
  type ZwlrLayerShellV1Resource,
  ZwlrLayerSurfaceV1Anchor as Anchor,
  ZwlrLayerSurfaceV1Error,
  ZwlrLayerSurfaceV1KeyboardInteractivity as Interactivity,
  type XdgPopupResource,
  type ZwlrLayerSurfaceV1Requests,
  type ZwlrLayerSurfaceV1Resource,
} from '../generated/index.js';
import type { LayerShell, LayerShellDeps } from './layer-shell.js';
import {
  configureSize,
  copy,
  placeIn,
  sameRect,
  sameState,
  type LayerState,
} from './layer-shell-layout.js';
import type { Output } from './output.js';
import type { Rect } from './region.js';
import type { SceneLayer } from './scene.js';
import type { PanelFocus } from './shell/kiosk.js';
import type { Surface, SurfaceRole } from './surface.js';
import { Popup, type PopupParent } from './xdg-shell/popup.js';

export const LAYER_SURFACE_ROLE = 'zwlr_layer_surface_v1';
const SCENE_LAYER: SceneLayer[] = ['background', 'bottom', 'top', 'overlay'];

export class LayerSurface implements ZwlrLayerSurfaceV1Requests, SurfaceRole, PopupParent {
  readonly name = LAYER_SURFACE_ROLE;
  readonly pending: LayerState;
  current: LayerState;
  /** the initial commit came: the client waits for (or has) a configure */
  private initialCommitDone = false;
  private readonly serials = new ConfigureSerials();
  /** the size last configured; null: the next layout configures whatever it computes */
  private sentSize: { width: number; height: number } | null = null;
  mapped = false;
  /** the strip of the output (output-local) this surface's exclusive zone reserves */
  private reserved: Rect | null = null;
  /** where it was last placed (an attach offset moves a root surface off its place) */
  private placed = { x: 0, y: 0 };
  /** a layout position set by hand (wlcs's move_surface_to, `ctl position`): it overrides
   *  the anchors from then on */
  private pinned: { x: number; y: number } | null = null;
  /** xdg_popups this surface parents (get_popup), until they are destroyed */
  private readonly popups = new Set<Popup>();
  private gone = false;

  constructor(
    private readonly layerShell: LayerShell,
    /** the zwlr_layer_shell_v1 that made it: shell-enum errors (invalid_layer) go there */
    private readonly shellResource: ZwlrLayerShellV1Resource,
    readonly resource: ZwlrLayerSurfaceV1Resource,
    readonly surface: Surface,
    readonly output: Output,
    layer: number,
    readonly namespace: string,
  ) {
    this.pending = {
      width: 0,
      height: 0,
      anchor: 0,
      zone: 0,
      margin: { top: 0, right: 0, bottom: 0, left: 0 },
      interactivity: Interactivity.none,
      layer,
    };
    this.current = copy(this.pending);
    resource.implement(this);
    resource.onDestroy(() => this.end());
    surface.onDestroy(() => this.end());
  }

  /** the live layer surface of a wl_surface, if any */
  static of(surface: Surface): LayerSurface | undefined {
    const role = surface.role;
    return role instanceof LayerSurface && !role.gone ? role : undefined;
  }

  /** does the layout concern it? (configured or mapped, not torn down) */
  get awaitsLayout(): boolean {
    return this.initialCommitDone && !this.gone;
  }

  get layerName(): SceneLayer {
    return SCENE_LAYER[this.current.layer];
  }

  /** PopupParent: a layer surface has no window geometry; popups are placed against the
   *  whole surface */
  get windowGeometry(): Rect {
    return { x: 0, y: 0, width: this.surface.width, height: this.surface.height };
  }

  private get deps(): LayerShellDeps {
    return this.layerShell.deps;
  }

  setSize(_r: ZwlrLayerSurfaceV1Resource, width: number, height: number): void {
    this.pending.width = width;
    this.pending.height = height;
  }

  setAnchor(r: ZwlrLayerSurfaceV1Resource, anchor: number): void {
    if (anchor & ~(Anchor.top | Anchor.bottom | Anchor.left | Anchor.right)) {
      r.postError(ZwlrLayerSurfaceV1Error.invalidAnchor, `anchor ${anchor} has unknown bits`);
      return;
    }
    this.pending.anchor = anchor;
  }

  setExclusiveZone(_r: ZwlrLayerSurfaceV1Resource, zone: number): void {
    this.pending.zone = zone;
  }

  setMargin(
    _r: ZwlrLayerSurfaceV1Resource,
    top: number,
    right: number,
    bottom: number,
    left: number,
  ): void {
    this.pending.margin = { top, right, bottom, left };
  }

  setKeyboardInteractivity(r: ZwlrLayerSurfaceV1Resource, value: number): void {
    const highest = r.version >= 4 ? Interactivity.onDemand : Interactivity.exclusive;
    if (value > highest) {
      r.postError(
        ZwlrLayerSurfaceV1Error.invalidKeyboardInteractivity,
        `keyboard interactivity ${value} is not valid at version ${r.version}`,
      );
      return;
    }
    this.pending.interactivity = value;
  }

  setLayer(r: ZwlrLayerSurfaceV1Resource, layer: number): void {
    if (layer > ZwlrLayerShellV1Layer.overlay) {
      // the error is the shell's enum; the shell object may be gone (v3 destroy), then ours
      const target = this.shellResource.destroyed ? r : this.shellResource;
      target.postError(ZwlrLayerShellV1Error.invalidLayer, `layer ${layer} does not exist`);
      return;
    }
    this.pending.layer = layer;
  }

  /** Parent an xdg_popup made with a null parent, before its initial commit (one committed
   *  without a parent already got invalid_popup_parent). It is placed and configured now. */
  getPopup(r: ZwlrLayerSurfaceV1Resource, popupResource: XdgPopupResource): void {
    const popup = Popup.from(popupResource);
    if (!popup || this.gone) return; // a refused xdg_popup (its client has the error) or inert
    if (popup.parent) {
      r.postError(
        ZwlrLayerSurfaceV1Error.invalidSurfaceState,
        `xdg_popup@${popupResource.id} already has a parent`,
      );
      return;
    }
    const problem = popup.surface.parentProblem(this.surface);
    if (problem) {
      popup.invalidParent(`xdg_popup parent: ${problem}`);
      return;
    }
    this.popups.add(popup);
    popupResource.onDestroy(() => this.popups.delete(popup));
    popup.setParent(this);
  }

  /** Pin the surface at a layout position whatever its anchors say (its exclusive zone still
   *  counts from its anchored edge): wlcs moves layer surfaces as it moves windows. */
  placeAt(x: number, y: number): void {
    this.pinned = { x, y };
    this.layerShell.arrange(this.output);
  }

  ackConfigure(r: ZwlrLayerSurfaceV1Resource, serial: number): void {
    if (!this.serials.ack(serial)) {
      r.postError(
        ZwlrLayerSurfaceV1Error.invalidSurfaceState,
        `ack_configure of serial ${serial}, which was never sent`,
      );
    }
  }

  destroy(r: ZwlrLayerSurfaceV1Resource): void {
    r.destroy();
  }

  /** SurfaceRole: the wl_surface committed; our pending state applies with it. A buffer
   *  before the first configure is acked breaks the letter of the protocol, but as with
   *  xdg_surface (and as Mir does) the surface is configured and shown rather than killed:
   *  wlcs's own layer clients do it. */
  committed(surface: Surface): void {
    if (this.gone) return;
    const before = this.current;
    this.current = copy(this.pending);
    if (!this.validSize()) return;
    const changed = !sameState(before, this.current);
    if (!this.initialCommitDone) {
      this.initialCommitDone = true;
      this.layerShell.arrange(this.output); // the configure the client waits for
      if (!surface.hasBuffer) return;
    }
    if (surface.hasBuffer && !this.mapped) {
      this.mapped = true;
      this.layerShell.arrange(this.output); // places it, then it shows
      this.deps.scene.add(surface, this.layerName);
      this.deps.shell.setPanel(surface, this.focusMode);
    } else if (!surface.hasBuffer && this.mapped) {
      this.unmap(); // back to the state right after get_layer_surface
      this.layerShell.arrange(this.output);
    } else if (changed) {
      this.layerShell.arrange(this.output);
      if (this.mapped) this.deps.shell.setPanel(surface, this.focusMode);
    } else if (this.mapped && (surface.x !== this.placed.x || surface.y !== this.placed.y)) {
      this.layerShell.arrange(this.output);
    }
  }

  /** `exclusive` holds focus only above the apps; below them the XML allows ordinary focus */
  private get focusMode(): PanelFocus {
    const { interactivity, layer } = this.current;
    if (interactivity === Interactivity.none) return 'none';
    if (interactivity === Interactivity.exclusive && layer >= ZwlrLayerShellV1Layer.top)
      return 'exclusive';
    return 'on-demand';
  }

  /** size 0 on an axis needs anchors on both its edges (the compositor picks the size) */
  private validSize(): boolean {
    const { width, height, anchor } = this.current;
    const both = (a: number, b: number) => (anchor & a) !== 0 && (anchor & b) !== 0;
    const problem =
      width === 0 && !both(Anchor.left, Anchor.right)
        ? 'width 0 needs anchors left and right'
        : height === 0 && !both(Anchor.top, Anchor.bottom)
          ? 'height 0 needs anchors top and bottom'
          : null;
    if (problem) this.resource.postError(ZwlrLayerSurfaceV1Error.invalidSize, problem);
    return !problem;
  }

  /**
   * Configure for, and place in, `bounds` (output-local): the size asked for, or stretched
   * between both anchored edges less their margins; that box placed against its anchors
   * (centred on an axis anchored on neither edge). The buffer is drawn at the box's corner
   * whatever its size, as wlroots and Mir do. Returns whether the surface moved.
   */
  layOut(bounds: Rect): boolean {
    const { width, height } = configureSize(bounds, this.current);
    if (!this.sentSize || this.sentSize.width !== width || this.sentSize.height !== height) {
      this.sentSize = { width, height };
      const serial = this.layerShell.nextSerial();
      this.serials.sent(serial);
      this.resource.sendConfigure(serial, width, height);
    }
    if (!this.mapped) return false;
    const s = this.surface;
    const local = placeIn(bounds, this.current, width, height);
    const x = this.pinned?.x ?? this.output.x + local.x;
    const y = this.pinned?.y ?? this.output.y + local.y;
    this.placed = { x, y };
    const { scene, shell } = this.deps;
    const shown = scene.layerOf(s);
    if (x === s.x && y === s.y && (!shown || shown === this.layerName)) return false;
    if (shown) scene.damageTree(s);
    s.x = x;
    s.y = y;
    if (shown && shown !== this.layerName) {
      scene.add(s, this.layerName);
      shell.restackPopups(s); // its popups stay above it
    } else if (shown) scene.damageTree(s);
    return true;
  }

  /** reserve `strip` of the output (output-local) for the exclusive zone, or nothing */
  reserve(strip: Rect | null): void {
    if (sameRect(strip, this.reserved)) return;
    this.reserved = strip;
    this.deps.shell.setReserved(this.output, strip, this);
  }

  /** unmapped: its popups are dismissed (the client destroys them) */
  private unmap(): void {
    for (const popup of this.popups) popup.dismiss();
    this.mapped = false;
    this.initialCommitDone = false;
    this.sentSize = null; // serials stay: an ack of one may be on its way
    this.deps.scene.remove(this.surface);
    this.deps.shell.setPanel(this.surface, null);
  }

  /** the layer surface or its wl_surface went away: inert from now on */
  private end(): void {
    if (this.gone) return;
    if (this.mapped) this.unmap();
    this.gone = true;
    this.reserve(null);
    this.layerShell.removed(this);
  }
}
