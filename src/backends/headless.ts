// The headless backend: virtual outputs whose "vblank" is a clock at the output's refresh
// rate. A frame is started only when asked (damage or a waiting frame callback), the first
// one after idle at once, the next ones on the refresh grid, so the rate holds at 60 Hz
// without drift and an idle compositor arms no timer at all.

export interface FrameClock {
  /** ask for one frame; `present` runs with the frame's presentation time (ns, monotonic) */
  schedule(present: (timeNs: bigint) => void): void;
  cancel(): void;
}

const now = () => process.hrtime.bigint();

export class HeadlessClock implements FrameClock {
  private readonly periodNs: bigint;
  private lastNs = 0n;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  sequence = 0;

  constructor(refreshMhz: number) {
    this.periodNs = BigInt(Math.round(1e12 / refreshMhz));
  }

  get refreshNs(): bigint {
    return this.periodNs;
  }

  schedule(present: (timeNs: bigint) => void): void {
    if (this.timer) return;
    const t = now();
    // next vblank on the grid, or now when we have been idle longer than a period
    let target = this.lastNs + this.periodNs;
    if (target <= t) target = t;
    const fire = () => {
      this.timer = null;
      this.lastNs = target;
      this.sequence++;
      present(target);
    };
    const delayMs = Number(target - t) / 1e6;
    this.timer = delayMs < 0.5 ? setImmediate(fire) : setTimeout(fire, Math.floor(delayMs));
  }

  cancel(): void {
    if (!this.timer) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }
}
