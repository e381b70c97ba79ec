// One nested output: an xdg_toplevel in the parent compositor, its pixels in wl_shm buffers
// we copy only the damage into, paced by the parent's frame callbacks. A frame is reported
// presented once the parent's frame callback is done and, when the parent has
// wp_presentation, with the time and sequence the parent reports for it. A still scene sends
// the parent nothing; a frame with no damage (a client waiting for a frame callback while
// drawing nothing new) is reported presented on a timer at the output's refresh rate.
import type {
  BackendHost,
  BackendOutput,
  OutputInfo,
  OutputRequest,
  PresentationTime,
  Rect,
} from '../backend.js';
import { HeadlessClock, physicalSizeAt96Dpi } from '../headless.js';
import type { Proxy } from './connection.js';
import { ShmBuffers } from './shm-buffers.js';

const XDG_DECORATION_SERVER_SIDE = 2;

export interface ParentGlobals {
  compositor: Proxy;
  wmBase: Proxy;
  shm: Proxy;
  decorationManager: Proxy | null;
  /** wp_presentation on the monotonic clock, or null */
  presentation: Proxy | null;
}

/** time: undefined while the parent has not answered, null when it discarded the frame */
interface Feedback {
  time: PresentationTime | null | undefined;
}

export class NestedOutput implements BackendOutput {
  readonly info: OutputInfo;
  readonly surface: Proxy;
  private readonly xdgSurface: Proxy;
  private readonly toplevel: Proxy;
  private readonly decoration: Proxy | null = null;
  private readonly buffers: ShmBuffers;
  /** the parent sent its first configure: we may commit buffers */
  configured = false;
  /** announced to the host (outputChanged only after outputAdded) */
  announced = false;
  private configuredSize: { width: number; height: number } | null = null;
  /** the frame callback of our last commit, until the parent says done */
  private frameCallback: Proxy | null = null;
  /** the compositor asked for a frame we have not started yet */
  private frameWanted = false;
  private frameQueued = false;
  /** a presented report is owed for the frame in flight */
  private presentOwed = false;
  /** damage drawn into the framebuffer and not yet committed to the parent */
  private uncommitted: Rect[] = [];
  private lastFramebuffer = 0;
  private readonly presentation: Proxy | null;
  /** the parent's presentation feedback for the frame in flight, until it and the frame
   *  callback are both back */
  private feedback: Feedback | null = null;
  private readonly stillClock: HeadlessClock;
  private sequence = 0;

  constructor(
    private readonly host: BackendHost,
    globals: ParentGlobals,
    name: string,
    { transform = 0, ...mode }: OutputRequest,
  ) {
    this.info = {
      name,
      make: 'wayboard',
      model: 'nested',
      mode,
      physicalSizeMm: physicalSizeAt96Dpi(mode.width, mode.height),
      scale: 1,
      transform,
    };
    this.stillClock = new HeadlessClock(mode.refreshMhz);
    this.presentation = globals.presentation;
    this.buffers = new ShmBuffers(globals.shm, () => this.bufferReleased());
    this.buffers.resize(mode.width, mode.height);
    this.surface = globals.compositor.request('create_surface');
    this.xdgSurface = globals.wmBase.request('get_xdg_surface', this.surface);
    this.xdgSurface.on('configure', (serial: number) => this.configure(serial));
    this.toplevel = this.xdgSurface.request('get_toplevel');
    this.toplevel
      .on('configure', (width: number, height: number) => {
        this.configuredSize = width > 0 && height > 0 ? { width, height } : null;
      })
      .on('close', () => host.quit('the nested window was closed'));
    this.toplevel.request('set_title', `wayboard – ${name}`);
    this.toplevel.request('set_app_id', 'wayboard');
    // asked before the first commit, as xdg-decoration requires
    if (globals.decorationManager) {
      this.decoration = globals.decorationManager.request('get_toplevel_decoration', this.toplevel);
      this.decoration.request('set_mode', XDG_DECORATION_SERVER_SIDE);
    }
    this.surface.request('commit');
  }

  private configure(serial: number): void {
    this.xdgSurface.request('ack_configure', serial);
    this.configured = true;
    const size = this.configuredSize;
    const { mode } = this.info;
    if (size && (size.width !== mode.width || size.height !== mode.height)) {
      // the parent resized the window: the output takes its size (the framebuffer with it)
      mode.width = size.width;
      mode.height = size.height;
      this.info.physicalSizeMm = physicalSizeAt96Dpi(size.width, size.height);
      this.buffers.resize(size.width, size.height);
      this.uncommitted = [];
      if (this.announced) this.host.outputChanged(this);
    }
    if (this.frameWanted) this.queueFrame();
  }

  requestFrame(): void {
    this.frameWanted = true;
    this.queueFrame();
  }

  /** our last frame is still the parent's business: its frame callback, or its presentation
   *  feedback, has not come back yet */
  private get waitingForParent(): boolean {
    return this.frameCallback !== null || this.feedback !== null;
  }

  /** start the wanted frame on the next turn of the loop, unless the parent paces us */
  private queueFrame(): void {
    if (this.frameQueued || this.waitingForParent || !this.configured) return;
    this.frameQueued = true;
    setImmediate(() => {
      this.frameQueued = false;
      if (!this.frameWanted || this.waitingForParent) return;
      this.frameWanted = false;
      this.host.frame(this);
    });
  }

  present(framebuffer: number, damage: readonly Rect[]): void {
    this.lastFramebuffer = framebuffer;
    if (damage.length === 0) {
      // nothing new on screen: nothing for the parent; the report comes paced
      if (this.waitingForParent) this.presentOwed = true;
      else this.stillClock.schedule((timeNs) => this.reportPresented(timeNs));
      return;
    }
    this.uncommitted.push(...damage);
    this.presentOwed = true;
    this.commitFrame();
  }

  /** copy what changed into a free buffer and commit it; without a free buffer, the next
   *  release does */
  private commitFrame(): void {
    if (!this.uncommitted.length || !this.configured || this.waitingForParent) return;
    const damage = this.uncommitted;
    const buffer = this.buffers.take(this.lastFramebuffer, damage);
    if (!buffer) return;
    this.uncommitted = [];
    this.surface.request('attach', buffer, 0, 0);
    for (const r of damage) {
      if (this.surface.version >= 4)
        this.surface.request('damage_buffer', r.x, r.y, r.width, r.height);
      else this.surface.request('damage', r.x, r.y, r.width, r.height);
    }
    this.frameCallback = this.surface.request('frame').on('done', () => this.frameDone());
    if (this.presentation) this.askFeedback(this.presentation);
    this.surface.request('commit');
  }

  /** wp_presentation feedback for the frame being committed: the parent's presentation
   *  time and sequence for it, or null when it discarded the frame */
  private askFeedback(presentation: Proxy): void {
    const feedback: Feedback = { time: undefined };
    this.feedback = feedback;
    const proxy = presentation.request('feedback', this.surface);
    const settle = (time: PresentationTime | null) => {
      proxy.forget(); // the parent destroys it after either event
      feedback.time = time;
      if (!this.frameCallback) this.frameFinished();
    };
    proxy
      .on('presented', (...args: number[]) => {
        const [secHi = 0, secLo = 0, nsec = 0, refresh = 0, seqHi = 0, seqLo = 0] = args;
        settle({
          timeNs: (BigInt(secHi) * 2n ** 32n + BigInt(secLo)) * 1000000000n + BigInt(nsec),
          refreshNs: BigInt(refresh),
          sequence: seqHi * 2 ** 32 + seqLo,
        });
      })
      .on('discarded', () => settle(null));
  }

  private bufferReleased(): void {
    this.commitFrame();
  }

  /** the parent showed our last frame (its frame callback is done) */
  private frameDone(): void {
    this.frameCallback?.forget();
    this.frameCallback = null;
    // the parent sends the feedback with the callback, before or after it: wait for both
    if (!this.feedback || this.feedback.time !== undefined) this.frameFinished();
  }

  /** callback and feedback are back: report the frame on screen (at the parent's time when
   *  it gave one, else now), then the next frame may go */
  private frameFinished(): void {
    const time = this.feedback?.time;
    this.feedback = null;
    if (this.presentOwed) {
      if (time) {
        this.presentOwed = false;
        this.sequence = time.sequence; // frames reported without the parent count on from it
        this.host.presented(this, time);
      } else {
        this.reportPresented(process.hrtime.bigint());
      }
    }
    if (this.uncommitted.length) this.commitFrame();
    else if (this.frameWanted) this.queueFrame();
  }

  private reportPresented(timeNs: bigint): void {
    this.presentOwed = false;
    this.host.presented(this, {
      timeNs,
      refreshNs: this.stillClock.refreshNs,
      sequence: ++this.sequence,
    });
  }

  destroy(): void {
    this.stillClock.destroy();
    this.frameCallback?.forget();
    this.buffers.destroy();
    this.decoration?.destroyWith();
    this.toplevel.destroyWith();
    this.xdgSurface.destroyWith();
    this.surface.destroyWith();
  }
}
