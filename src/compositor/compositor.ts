// The compositor core: creates the display, globals, shell and renderer, wires them
// together, adopts the outputs a backend announces (its BackendHost), and answers the
// control socket.
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { native } from '../native.js';
import type { ControlTarget, PointerButtonName } from '../control/target.js';
import type { BackendHost, BackendOutput } from '../backends/backend.js';
import { createBackendHost } from './backend-host.js';
import { createDataDeviceManager } from './data-device.js';
import { createDecorationManager } from './decoration.js';
import { InputRouter } from './input.js';
import { LayerSurface } from './layer-shell.js';
import { Output } from './output.js';
import { encodePng } from './png.js';
import { Presentation } from './presentation.js';
import { Renderer } from './renderer.js';
import { transformName } from './transform.js';
import { Scene } from './scene.js';
import { Seat } from './seat/seat.js';
import { createShm } from './shm.js';
import { KioskShell } from './shell/kiosk.js';
import { createSubcompositor } from './subcompositor.js';
import type { Surface, SurfaceHost } from './surface.js';
import { Display } from './wayland/display.js';
import { createWlCompositor } from './wl-compositor.js';
import { createXdgWmBase } from './xdg-shell/wm-base.js';
import { createXdgOutputManager } from './xdg-output.js';
import { createViewporter } from './viewporter.js';
import { describeSurfaces } from './state.js';
import { TextInputModel } from '../text-input/model.js';
import { createTextInputManagerV1 } from '../text-input/v1.js';
import { createTextInputManagerV2 } from '../text-input/v2.js';
import { createTextInputManagerV3 } from '../text-input/v3.js';

export interface CompositorOptions {
  /** Wayland socket name; null picks wayland-N */
  socketName: string | null;
  /** XKB layout names, comma separated ("us", "de,ru") */
  layout: string;
  /** JSON theme/config file for the on-screen keyboard, or null */
  configFile: string | null;
}

export interface Compositor extends ControlTarget {
  readonly socketName: string;
  /** the backend's display went away for good (the nested window was closed): the session
   *  should end */
  onQuit?(listener: (reason: string) => void): void;
  /** destroys clients, globals and the display; removes the Wayland socket */
  destroy(): void;
}

/** Let queued work (configure batches, microtasks) run, then push every event out. */
async function settle(display: Display): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  display.flush();
}

export class Wayboard implements Compositor {
  readonly display = new Display();
  readonly socketName: string;
  readonly outputs: Output[] = [];
  readonly scene: Scene;
  readonly seat: Seat;
  readonly shell: KioskShell;
  readonly renderer: Renderer;
  readonly input: InputRouter;
  readonly surfaces = new Set<Surface>();
  readonly textInput: TextInputModel;
  /** xkb layout names the seat keymap holds, in group order */
  readonly layouts: string[];
  activeLayout = 0;
  private readonly extra: Record<string, (args: string[]) => unknown> = {};
  private readonly quitListeners: ((reason: string) => void)[] = [];
  /** what a backend reports to (see src/backends/backend.ts): start one with it */
  readonly backendHost: BackendHost;

  constructor(readonly options: CompositorOptions) {
    this.socketName = this.display.addSocket(options.socketName);
    this.scene = new Scene((rect) => this.renderer.damageLayout(rect));
    const presentation = new Presentation(this.display);
    this.renderer = new Renderer(() => this.outputs, this.scene, presentation);
    this.seat = new Seat(this.display, this.scene, 'seat0', options.layout);
    this.scene.changed = () => {
      this.seat.pointer.refresh();
      this.updateSurfaceOutputs();
    };
    this.shell = new KioskShell(this.scene, () => this.outputs, this.seat);
    this.input = new InputRouter(this.scene, this.seat, this.shell);
    this.layouts = options.layout
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    this.textInput = new TextInputModel(this.seat.name, (s) => this.scene.position(s));
    this.seat.keyboard.onFocusChange((surface) => this.textInput.setFocus(surface));

    const host: SurfaceHost = {
      surfaceCommitted: (surface, damage) => {
        this.scene.damageSurface(surface, damage);
        this.updateSurfaceOutputs(surface);
      },
      surfaceDestroyed: (surface) => {
        this.surfaces.delete(surface);
        this.scene.remove(surface);
        this.seat.surfaceGone(surface);
      },
      frameRequested: (surface, callbacks) => this.renderer.frameRequested(surface, callbacks),
      bufferCopied: (buffer) => this.renderer.releaseBuffer(buffer),
    };
    createWlCompositor(this.display, host, (surface) => this.surfaces.add(surface));
    createShm(this.display);
    // a subsurface moved or restacked: input and outputs follow
    this.backendHost = createBackendHost(this, (reason) => {
      for (const listener of this.quitListeners) listener(reason);
    });
    createSubcompositor(
      this.display,
      (surface) => this.scene.damageTree(surface),
      () => this.scene.changed(),
    );
    createXdgWmBase(this.display, this.shell);
    createDataDeviceManager(this.display);
    createDecorationManager(this.display);
    createViewporter(this.display);
    createXdgOutputManager(this.display, (r) => this.outputs.find((o) => o.resources.has(r)));
    createTextInputManagerV2(
      this.display,
      () => this.textInput,
      this.seat.time,
      () => this.layouts[this.activeLayout] ?? 'us',
    );
    createTextInputManagerV1(this.display, () => this.textInput, this.seat.time);
    createTextInputManagerV3(
      this.display,
      () => this.textInput,
      (keysym, pressed) => {
        const code = this.seat.keyboard.codeForKeysym(keysym);
        if (code !== null) this.seat.keyboard.key(code, pressed);
      },
    );
    this.addCommand('position', (args) => this.positionCommand(args));
    this.addCommand('close', (args) => this.closeCommand(args));
  }

  /** `close ID`: ask the toplevel whose surface `ctl state` lists with this id to close
   *  (xdg_toplevel.close, what a window's close button sends) */
  private closeCommand(args: string[]): null {
    const id = Number(args[0]);
    if (args.length !== 1 || !Number.isInteger(id)) throw new Error('usage: close SURFACE_ID');
    const toplevel = this.shell.mapped.find((t) => t.surface.id === id);
    if (!toplevel) throw new Error(`no mapped toplevel with surface id ${id}`);
    toplevel.close();
    return null;
  }

  /** `position CLIENT SURFACE_ID X Y`: place a client's toplevel or layer surface (wlcs's
   *  position_window_absolute: its layer-shell tests move layer surfaces as windows, X Y
   *  being the surface's origin, whatever its anchors) */
  private positionCommand(args: string[]): null {
    const [client, surfaceId, x, y] = args.map(Number);
    if (args.length !== 4 || [client, surfaceId, x, y].some((n) => !Number.isInteger(n))) {
      throw new Error('usage: position CLIENT SURFACE_ID X Y (integers)');
    }
    const toplevel = this.shell.toplevelOf(client, surfaceId);
    const layerSurface = toplevel ? undefined : this.layerSurfaceOf(client, surfaceId);
    if (toplevel) this.shell.placeAt(toplevel, x, y);
    else if (layerSurface) layerSurface.placeAt(x, y);
    else
      throw new Error(
        `client ${client} has no toplevel or layer surface with wl_surface id ${surfaceId}`,
      );
    this.scene.changed();
    return null;
  }

  private layerSurfaceOf(clientToken: number, surfaceId: number): LayerSurface | undefined {
    for (const surface of this.surfaces)
      if (surface.client.token === clientToken && surface.resource.id === surfaceId)
        return LayerSurface.of(surface);
    return undefined;
  }

  /** a backend announced an output: placed right of the others, shown from the next frame */
  addOutput(backendOutput: BackendOutput): Output {
    const x = this.outputs.reduce((right, o) => Math.max(right, o.x + o.width), 0);
    const output = new Output(this.display, backendOutput, x, 0);
    // a client binding wl_output late still hears which of its surfaces that output shows
    output.onBind((r) => {
      for (const surface of this.surfaces)
        if (surface.client === r.client && surface.outputs.has(output))
          surface.resource.sendEnter(r);
    });
    this.outputs.push(output);
    this.scene.changed();
    this.renderer.schedule(output);
    return output;
  }

  /** an output's mode changed: outputs right of it move, its toplevels are re-configured */
  outputChanged(output: Output): void {
    output.modeChanged();
    let x = 0;
    for (const o of this.outputs) {
      if (o.x !== x) {
        o.x = x;
        o.modeChanged(); // clients hear the new position
        this.renderer.schedule(o);
      }
      x += o.width;
    }
    this.textInput.update(); // a shown keyboard panel takes the new width
    this.shell.outputChanged(output);
    this.scene.changed();
    this.renderer.schedule(output);
  }

  removeOutput(output: Output): void {
    const index = this.outputs.indexOf(output);
    if (index < 0) return;
    this.outputs.splice(index, 1);
    this.renderer.outputRemoved(output);
    output.destroy();
    this.scene.changed();
  }

  onQuit(listener: (reason: string) => void): void {
    this.quitListeners.push(listener);
  }

  /** wl_surface.enter/leave: tell each client which outputs show its surfaces */
  /** wl_surface.enter/leave for every surface (after the scene changed) or for one surface
   *  and its subsurfaces (after it committed: only its own geometry can have changed) */
  updateSurfaceOutputs(tree?: Surface): void {
    if (tree) this.scene.forEachInTree(tree, (s) => this.updateOutputsOf(s));
    else for (const surface of this.surfaces) this.updateOutputsOf(surface);
  }

  /** wl_surface.enter/leave for the outputs a surface came onto or left (runs at each commit:
   *  it allocates nothing while they stay the same) */
  private updateOutputsOf(surface: Surface): void {
    const p = this.scene.isVisible(surface) ? this.scene.position(surface) : null;
    const box = p && { x: p.x, y: p.y, width: surface.width, height: surface.height };
    let count = 0;
    let changed = false;
    for (let i = 0; i < this.outputs.length; i++) {
      const output = this.outputs[i];
      const is = box !== null && output.touches(box);
      const was = surface.outputs.has(output);
      if (is) count++;
      if (was === is) continue;
      changed = true;
      for (const r of output.resourcesOf(surface.client)) {
        if (was) surface.resource.sendLeave(r);
        else surface.resource.sendEnter(r);
      }
    }
    // (a count that differs: an output it was on is gone)
    if (changed || count !== surface.outputs.size)
      surface.outputs = new Set(this.outputs.filter((o) => box !== null && o.touches(box)));
  }

  /** serve clients handed over as fds (wlcs) at $XDG_RUNTIME_DIR/NAME.fds */
  listenClientFds(path: string): void {
    native.listenClientFds(path);
  }

  /** a command for `wayboard ctl` added by a module (the keyboard's `keys`, `type`) */
  addCommand(name: string, handler: (args: string[]) => unknown): void {
    this.extra[name] = handler;
  }

  extraCommands(): Record<string, (args: string[]) => unknown> {
    return this.extra;
  }

  state(): Record<string, unknown> {
    const surfaceId = (s: Surface | null) => s?.id ?? null;
    return {
      socket: this.socketName,
      outputs: this.outputs.map((o) => ({
        name: o.name,
        x: o.x,
        y: o.y,
        width: o.width,
        height: o.height,
        refresh_mhz: o.refreshMhz,
        transform: transformName(o.transform),
        repaints: o.repaints,
      })),
      surfaces: describeSurfaces(this),
      seats: [
        {
          name: this.seat.name,
          text_input: this.textInput.describe(),
          panel: this.panelState(),
        },
      ],
      handles: this.handles(),
      focus: {
        keyboard: surfaceId(this.seat.keyboard.focus),
        pointer: surfaceId(this.seat.pointer.focus),
        touch: surfaceId(this.seat.touch.focus),
      },
    };
  }

  /** what the process holds, for leak checks (soak, tests): flat while clients come and go */
  handles(): Record<string, number> {
    const addon = native.stats();
    return {
      rss_kb: Math.round(process.memoryUsage.rss() / 1024),
      fds: readdirSync('/proc/self/fd').length,
      clients: addon.clients,
      resources: addon.resources,
      images: addon.images,
      surfaces: this.surfaces.size,
    };
  }

  panelState(): Record<string, unknown> {
    const rect = this.textInput.panelRect;
    return {
      visible: rect !== null,
      x: rect?.x ?? 0,
      y: rect?.y ?? 0,
      width: rect?.width ?? 0,
      height: rect?.height ?? 0,
    };
  }

  outputByName(name?: string): Output {
    const output = name ? this.outputs.find((o) => o.name === name) : this.outputs[0];
    if (!output)
      throw new Error(
        `no output named ${name} (outputs: ${this.outputs.map((o) => o.name).join(', ')})`,
      );
    return output;
  }

  async screenshot(file: string, outputName?: string): Promise<void> {
    const output = this.outputByName(outputName);
    this.renderer.paint(output);
    // the panel's pixels, as the screen holds them (a rotated output's shot is turned, as
    // weston's framebuffer captures are)
    const { width, height } = output.panel;
    const pixels = native.readPixels(output.framebuffer, 0, 0, width, height);
    await writeFile(file, encodePng(width, height, pixels));
  }

  pointerMove(x: number, y: number): Promise<void> {
    this.input.pointerMove(x, y);
    return settle(this.display);
  }

  pointerButton(button: PointerButtonName, pressed: boolean): Promise<void> {
    this.input.pointerButton(button, pressed);
    return settle(this.display);
  }

  touchDown(id: number, x: number, y: number): Promise<void> {
    this.input.touchDown(id, x, y);
    return settle(this.display);
  }

  touchMotion(id: number, x: number, y: number): Promise<void> {
    this.input.touchMotion(id, x, y);
    return settle(this.display);
  }

  touchUp(id: number): Promise<void> {
    this.input.touchUp(id);
    return settle(this.display);
  }

  key(name: string, pressed: boolean): Promise<void> {
    const code = this.seat.keyboard.codeFor(name);
    if (code === null)
      throw new Error(
        `unknown key "${name}" (an xkb keysym name such as a, Return, or an evdev code)`,
      );
    this.seat.keyboard.key(code, pressed);
    return settle(this.display);
  }

  addClientFd(fd: number): number {
    return native.clientCreate(fd);
  }

  destroy(): void {
    this.renderer.destroy();
    this.display.terminate();
  }
}
