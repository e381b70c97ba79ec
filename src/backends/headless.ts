// The headless backend: virtual outputs in memory, whose "vblank" is a clock at the output's
// refresh rate. A frame is started only when asked (damage or a waiting frame callback), the
// first one after idle at once, the next ones on the refresh grid, so the rate holds at 60 Hz
// without drift and an idle compositor arms no timer at all. Presenting costs nothing: the
// framebuffer is the screen (screenshots read it).
import { native } from '../native.js';
import type {
  Backend,
  BackendHost,
  BackendOutput,
  OutputInfo,
  OutputRequest,
  Rect,
} from './backend.js';

export interface FrameClock {
  /** ask for one frame; `tick` runs with the frame's presentation time (ns, monotonic) */
  schedule(tick: (timeNs: bigint) => void): void;
  cancel(): void;
}

const now = () => process.hrtime.bigint();

export class HeadlessClock implements FrameClock {
  private readonly periodNs: bigint;
  private lastNs = 0n;
  /** the addon's one-shot timer, made on first use and re-armed each frame (a setTimeout
   *  per frame cost a Timeout object and Node's timer-list work: see bench/profile.ts) */
  private timer = 0;
  private armed = false;
  private targetNs = 0n;
  private tick: ((timeNs: bigint) => void) | null = null;
  sequence = 0;

  constructor(refreshMhz: number) {
    this.periodNs = BigInt(Math.round(1e12 / refreshMhz));
  }

  get refreshNs(): bigint {
    return this.periodNs;
  }

  schedule(tick: (timeNs: bigint) => void): void {
    if (this.armed) return;
    const t = now();
    // next vblank on the grid, or now when we have been idle longer than a period
    let target = this.lastNs + this.periodNs;
    if (target <= t) target = t;
    this.targetNs = target;
    this.tick = tick;
    this.armed = true;
    if (!this.timer) this.timer = native.timerCreate(() => this.fire());
    // whole milliseconds, rounded down: the frame is stamped with its grid time whatever
    native.timerStart(this.timer, Math.floor(Number(target - t) / 1e6));
  }

  private fire(): void {
    this.armed = false;
    this.lastNs = this.targetNs;
    this.sequence++;
    this.tick?.(this.targetNs);
  }

  cancel(): void {
    if (this.armed) native.timerStop(this.timer);
    this.armed = false;
  }

  /** cancel for good: the timer is freed */
  destroy(): void {
    this.cancel();
    if (this.timer) native.timerDestroy(this.timer);
    this.timer = 0;
  }
}

/** a virtual panel of 96 dpi: its physical size in millimetres */
export function physicalSizeAt96Dpi(width: number, height: number): OutputInfo['physicalSizeMm'] {
  const mm = (px: number) => Math.round((px * 25.4) / 96);
  return { width: mm(width), height: mm(height) };
}

class HeadlessOutput implements BackendOutput {
  readonly info: OutputInfo;
  private readonly clock: HeadlessClock;
  private frameTimeNs = 0n;

  constructor(
    private readonly host: BackendHost,
    name: string,
    { transform = 0, ...mode }: OutputRequest,
  ) {
    this.info = {
      name,
      make: 'wayboard',
      model: 'headless',
      mode,
      physicalSizeMm: physicalSizeAt96Dpi(mode.width, mode.height),
      scale: 1,
      transform,
    };
    this.clock = new HeadlessClock(mode.refreshMhz);
  }

  requestFrame(): void {
    this.clock.schedule(this.tick);
  }

  /** made once: a closure per frame request was garbage several times a frame */
  private readonly tick = (timeNs: bigint): void => {
    this.frameTimeNs = timeNs;
    this.host.frame(this);
  };

  present(_framebuffer: number, _damage: readonly Rect[]): void {
    this.host.presented(this, {
      timeNs: this.frameTimeNs,
      refreshNs: this.clock.refreshNs,
      sequence: this.clock.sequence,
    });
  }

  destroy(): void {
    this.clock.destroy();
  }
}

export class HeadlessBackend implements Backend {
  readonly name = 'headless';
  private readonly outputs: HeadlessOutput[] = [];
  private readonly modes: readonly OutputRequest[];

  /** no output asked for: one 1280×720 at 60 Hz */
  constructor(modes: readonly OutputRequest[]) {
    this.modes = modes.length ? modes : [{ width: 1280, height: 720, refreshMhz: 60000 }];
  }

  start(host: BackendHost): void {
    this.modes.forEach((mode, i) => {
      const output = new HeadlessOutput(host, `HEADLESS-${i + 1}`, mode);
      this.outputs.push(output);
      host.outputAdded(output);
    });
  }

  destroy(): void {
    for (const output of this.outputs.splice(0)) output.destroy();
  }
}
