// Repaint scheduling: damage goes to the outputs it touches, each output repaints when its
// backend can take a frame and only when it has damage or frame callbacks wait, and frame
// callbacks and presentation feedback are answered once the backend says the frame is on
// screen (the frame path contract of src/backends/backend.ts).
import { native } from '../native.js';
import type { WlBufferResource, WlCallbackResource } from '../generated/index.js';
import type { PresentationTime } from '../backends/backend.js';
import type { Output } from './output.js';
import { boundingBox, type Rect } from './region.js';
import { packLayers } from './render-list.js';
import type { Scene } from './scene.js';
import type { Presentation } from './presentation.js';
import type { Surface } from './surface.js';
import { toInt32 } from './surface.js';
import { layersToPanel, transformRect } from './transform.js';

const BACKGROUND = 0x202124;
/** committed frame callbacks a surface may have waiting for the next frame: one per commit
 *  is normal, and a frame comes every few milliseconds */
const MAX_WAITING_CALLBACKS = 256;

interface PendingFrame {
  surface: Surface;
  callbacks: WlCallbackResource[];
}

export class Renderer {
  /** frame callbacks of surfaces drawn in a frame the backend has not yet presented */
  private readonly inFlight = new Map<Output, PendingFrame[]>();
  private frames: PendingFrame[] = [];
  /** frame callbacks committed and not yet answered, per surface */
  private readonly waiting = new WeakMap<Surface, number>();
  private readonly started = process.hrtime.bigint();
  private readonly frameListeners: ((output: Output) => void)[] = [];
  /** outputs asked for a frame and not yet repainted */
  private readonly framesAsked = new Set<Output>();
  /** buffers copied at commit, released with the next frame presented, before its frame
   *  callbacks: a client then wakes once a frame, not once more for each release (the
   *  extra wake-up cost two context switches a frame; weston answers both together too) */
  private releases: WlBufferResource[] = [];

  constructor(
    private readonly outputs: () => Output[],
    private readonly scene: Scene,
    private readonly presentation: Presentation,
  ) {}

  /** called after each repaint of an output (benchmarks and tests wait on it) */
  onFrame(listener: (output: Output) => void): void {
    this.frameListeners.push(listener);
  }

  damageLayout(rect: Rect): void {
    for (const output of this.outputs()) {
      if (!output.touches(rect)) continue;
      output.addDamage({
        x: rect.x - output.x,
        y: rect.y - output.y,
        width: rect.width,
        height: rect.height,
      });
      this.schedule(output);
    }
  }

  frameRequested(surface: Surface, callbacks: WlCallbackResource[]): void {
    // a client committing frame requests faster than frames come piles them up here
    const waiting = (this.waiting.get(surface) ?? 0) + callbacks.length;
    if (waiting > MAX_WAITING_CALLBACKS) {
      surface.resource.postNoMemory();
      return;
    }
    this.waiting.set(surface, waiting);
    this.frames.push({ surface, callbacks });
    const origin = this.scene.position(surface);
    const box = {
      x: origin.x,
      y: origin.y,
      width: Math.max(1, surface.width),
      height: Math.max(1, surface.height),
    };
    // the outputs showing it, else the first: its callbacks need a frame to be answered
    const outputs = this.outputs();
    let scheduled = false;
    for (let i = 0; i < outputs.length; i++) {
      if (!outputs[i].touches(box)) continue;
      this.schedule(outputs[i]);
      scheduled = true;
    }
    if (!scheduled && outputs.length) this.schedule(outputs[0]);
  }

  schedule(output: Output): void {
    this.framesAsked.add(output);
    output.backendOutput.requestFrame();
  }

  /** the buffer goes back to the client with the next frame, or now when none is coming */
  releaseBuffer(buffer: WlBufferResource): void {
    if (this.framesAsked.size) this.releases.push(buffer);
    else buffer.sendRelease();
  }

  private sendReleases(): void {
    if (!this.releases.length) return;
    const releases = this.releases;
    this.releases = [];
    for (let i = 0; i < releases.length; i++) if (!releases[i].destroyed) releases[i].sendRelease();
  }

  /** draw pending damage now (screenshots must show the current scene) */
  paint(output: Output): boolean {
    if (!output.damage.length) return false;
    // output-local (logical) damage and layers → the framebuffer's (panel's) pixels
    const { transform, width, height } = output;
    const box = boundingBox(output.damage);
    const within = { ...box, x: box.x + output.x, y: box.y + output.y };
    const damage = output.damage.map((r) => transformRect(transform, width, height, r));
    output.damage = [];
    const layers = layersToPanel(
      this.scene.renderLayers(output.rect, within),
      transform,
      width,
      height,
    );
    native.render(output.framebuffer, BACKGROUND, packLayers(layers), toInt32(damage));
    output.unpresented.push(...damage);
    output.repaints++;
    return true;
  }

  /** the backend can take a frame of `output`: composite its damage and present it; the
   *  frame callbacks of the surfaces it shows wait for the backend's `presented` */
  repaint(output: Output): void {
    this.framesAsked.delete(output);
    this.paint(output);
    const drawn = this.inFlight.get(output) ?? [];
    const remaining: PendingFrame[] = [];
    for (let i = 0; i < this.frames.length; i++) {
      const frame = this.frames[i];
      if (frame.surface.destroyed) continue;
      if (this.isOn(frame.surface, output) || !this.isShownAnywhere(frame.surface))
        drawn.push(frame);
      else remaining.push(frame);
    }
    this.frames = remaining;
    this.inFlight.set(output, drawn);
    const damage = output.unpresented;
    output.unpresented = [];
    output.backendOutput.present(output.framebuffer, damage);
  }

  /** the backend reports the frame of `output` on screen: frame callbacks get done */
  presented(output: Output, time: PresentationTime): void {
    const timeMs = Number((time.timeNs - this.started) / 1000000n) >>> 0;
    this.sendReleases();
    const drawn = this.inFlight.get(output) ?? [];
    this.inFlight.set(output, []);
    // indexed loops here and below: for-of made an iterator and a result object per step
    // (the per-frame code runs unoptimised for tens of seconds at 60 calls a second)
    for (let i = 0; i < drawn.length; i++) {
      const { surface, callbacks } = drawn[i];
      if (surface.destroyed) continue;
      this.waiting.delete(surface);
      for (let k = 0; k < callbacks.length; k++) {
        callbacks[k].sendDone(timeMs);
        callbacks[k].destroy();
      }
    }
    this.presentation.presented(time.timeNs, time.refreshNs, time.sequence, (s) =>
      this.isOn(s, output),
    );
    for (let i = 0; i < this.frameListeners.length; i++) this.frameListeners[i](output);
  }

  private isOn(surface: Surface, output: Output): boolean {
    if (!this.scene.isVisible(surface)) return false;
    const p = this.scene.position(surface);
    return output.touches({ x: p.x, y: p.y, width: surface.width, height: surface.height });
  }

  private isShownAnywhere(surface: Surface): boolean {
    return this.outputs().some((o) => this.isOn(surface, o));
  }

  /** an output went away: its frames in flight are answered by the remaining outputs */
  outputRemoved(output: Output): void {
    this.frames.unshift(...(this.inFlight.get(output) ?? []));
    this.inFlight.delete(output);
    this.framesAsked.delete(output);
    if (!this.framesAsked.size) this.sendReleases();
  }

  destroy(): void {
    this.inFlight.clear();
  }
}
