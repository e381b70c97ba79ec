// zwlr_layer_shell_v1 (v4): surfaces that are layers of the desktop — panels, on-screen
// keyboards such as wvkbd, backgrounds. Each layer surface is anchored to edges of one
// output; double-buffered state (size, anchor, exclusive zone, margin, keyboard
// interactivity, layer) applies on wl_surface.commit. This file makes them and arranges them
// per output, reporting exclusive zones to the kiosk shell, which fits toplevels into what is
// left; the shell also decides keyboard focus (KioskShell.setPanel): none never takes it,
// on_demand is click to focus (and focused when it maps), exclusive above the apps holds it
// while mapped. The surface itself (state, configure, popups) is in layer-shell-surface.ts.
//
// Not supported: `closed` (outputs never go away yet).
import {
  ZwlrLayerShellV1Error,
  ZwlrLayerShellV1Layer,
  ZwlrLayerShellV1Resource,
  type WlOutputResource,
  type WlSurfaceResource,
  type ZwlrLayerSurfaceV1Resource,
} from '../generated/index.js';
import { claimEdge, exclusiveEdge } from './layer-shell-layout.js';
import { LAYER_SURFACE_ROLE as ROLE, LayerSurface } from './layer-shell-surface.js';
import type { Output } from './output.js';
import type { Scene } from './scene.js';
import type { KioskShell } from './shell/kiosk.js';
import { Surface } from './surface.js';
import type { Display } from './wayland/display.js';
import type { Client } from './wayland/resource.js';

/** What the layer shell needs of the compositor (the Wayboard core has all of it). */
export interface LayerShellDeps {
  readonly outputs: readonly Output[];
  readonly scene: Scene;
  readonly shell: KioskShell;
}

export { LayerSurface };

export function createLayerShell(
  display: Display,
  deps: LayerShellDeps,
  visible: (client: Client) => boolean,
): LayerShell {
  const layerShell = new LayerShell(display, deps);
  display.createGlobal(
    ZwlrLayerShellV1Resource,
    ZwlrLayerShellV1Resource.spec.version,
    (resource) => layerShell.bind(resource),
    visible,
  );
  return layerShell;
}

export class LayerShell {
  /** live layer surfaces, oldest first */
  readonly surfaces = new Set<LayerSurface>();

  constructor(
    private readonly display: Display,
    readonly deps: LayerShellDeps,
  ) {}

  bind(resource: ZwlrLayerShellV1Resource): void {
    resource.implement({
      destroy: (r) => r.destroy(),
      getLayerSurface: (r, id, surfaceResource, output, layer, namespace) =>
        this.getLayerSurface(r, id, surfaceResource, output, layer, namespace),
    });
  }

  private getLayerSurface(
    shell: ZwlrLayerShellV1Resource,
    id: ZwlrLayerSurfaceV1Resource,
    surfaceResource: WlSurfaceResource,
    outputResource: WlOutputResource | null,
    layer: number,
    namespace: string,
  ): void {
    const surface = Surface.from(surfaceResource);
    if (!surface) return;
    if ((surface.role && surface.role.name !== ROLE) || LayerSurface.of(surface)) {
      const has = LayerSurface.of(surface) ? 'a layer surface' : `role ${surface.role!.name}`;
      shell.postError(ZwlrLayerShellV1Error.role, `wl_surface@${surfaceResource.id} has ${has}`);
      return;
    }
    if (layer > ZwlrLayerShellV1Layer.overlay) {
      shell.postError(ZwlrLayerShellV1Error.invalidLayer, `layer ${layer} does not exist`);
      return;
    }
    if (surface.hasBuffer || surface.hasPendingBuffer) {
      shell.postError(
        ZwlrLayerShellV1Error.alreadyConstructed,
        `wl_surface@${surfaceResource.id} has a buffer attached or committed`,
      );
      return;
    }
    const output =
      (outputResource && this.deps.outputs.find((o) => o.resources.has(outputResource))) ||
      this.defaultOutput();
    const layerSurface = new LayerSurface(this, shell, id, surface, output, layer, namespace);
    if (!surface.setRole(layerSurface, shell, ZwlrLayerShellV1Error.role)) return;
    this.surfaces.add(layerSurface);
  }

  /** no output named: the one the focused app is on (the kiosk's "most recent"), or the first */
  private defaultOutput(): Output {
    const { shell, outputs } = this.deps;
    const focused = shell.focusedToplevel();
    return (focused && shell.outputOf.get(focused)) || outputs[0];
  }

  nextSerial(): number {
    return this.display.nextSerial();
  }

  /** a layer surface is gone: its place in the arrangement goes too */
  removed(layerSurface: LayerSurface): void {
    this.surfaces.delete(layerSurface);
    this.arrange(layerSurface.output);
  }

  /**
   * Lay out the layer surfaces of an output. Mapped ones with an exclusive zone claim their
   * edge first (topmost layer first), each shrinking the area the next ones and the apps
   * get; then the rest are placed in what is left (zone 0) or on the whole output (zone -1).
   * Configures go out only when a surface's size changes.
   */
  arrange(output: Output): void {
    const all = [...this.surfaces].filter((s) => s.output === output);
    const claims = (s: LayerSurface) => s.mapped && exclusiveEdge(s.current) !== 0;
    const claiming = all.filter(claims).sort((a, b) => b.current.layer - a.current.layer);
    let area = output.bounds();
    let moved = false;
    for (const s of claiming) {
      moved = s.layOut(area) || moved;
      const claim = claimEdge(s.current, area);
      s.reserve(claim?.strip ?? null);
      if (claim) area = claim.rest;
    }
    for (const s of all) {
      if (claims(s)) continue;
      if (s.awaitsLayout) moved = s.layOut(s.current.zone < 0 ? output.bounds() : area) || moved;
      s.reserve(null);
    }
    if (moved) this.deps.scene.changed();
  }
}
