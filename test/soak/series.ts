// The soak's measurements: `ctl state` → handles, sampled on a control connection of its
// own (so a long `ctl type` elsewhere never delays a sample), printed as they come.
import { CtlConnection } from '../../src/control/client.js';

export interface Handles {
  rss_kb: number;
  fds: number;
  clients: number;
  resources: number;
  images: number;
  surfaces: number;
}

export interface Sample extends Handles {
  elapsedS: number;
  /** how long `ctl state` took to answer */
  latencyMs: number;
  /** taken once every client of a round had gone and the compositor counted 0 clients */
  quiet: boolean;
}

/** a compositor that answers nothing for this long has stalled: the soak stops there */
const STATE_TIMEOUT_MS = 5000;
export const HEADER = formatRow([
  't_s',
  'rss_kb',
  'fds',
  'clients',
  'resources',
  'images',
  'surfaces',
  'ctl_ms',
]);

export class HandleSampler {
  readonly samples: Sample[] = [];
  /** every `ctl state` answer time, periodic and quiet samples alike */
  readonly latenciesMs: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly ctl: CtlConnection,
    private readonly startedAt: number,
  ) {}

  /** one sample every intervalMs until stop(); a stalled compositor is reported by check() */
  start(intervalMs: number): void {
    console.log(`${HEADER}  quiet`);
    this.timer = setInterval(() => {
      this.record(false).catch((err: Error) => (this.failure ??= err));
    }, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** throws the first sampling failure (a timeout or a closed control socket) */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Polls until the compositor counts no clients and records that state as a quiet sample;
   *  throws with the last count if it stays above 0 for timeoutMs. */
  async waitForNoClients(timeoutMs: number): Promise<Sample> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const { handles, latencyMs } = await this.measure();
      if (handles.clients === 0) return this.keep(handles, latencyMs, true);
      if (Date.now() > end)
        throw new Error(
          `the compositor still counted ${handles.clients} client(s) ${timeoutMs} ms after ` +
            `every client process had exited (${JSON.stringify(handles)})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async record(quiet: boolean): Promise<Sample> {
    const { handles, latencyMs } = await this.measure();
    return this.keep(handles, latencyMs, quiet);
  }

  private keep(handles: Handles, latencyMs: number, quiet: boolean): Sample {
    const sample = { ...handles, elapsedS: (Date.now() - this.startedAt) / 1000, latencyMs, quiet };
    this.samples.push(sample);
    console.log(formatSample(sample));
    return sample;
  }

  private async measure(): Promise<{ handles: Handles; latencyMs: number }> {
    const sent = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`ctl state did not answer within ${STATE_TIMEOUT_MS} ms`)),
        STATE_TIMEOUT_MS,
      );
    });
    try {
      const state = (await Promise.race([this.ctl.request(['state']), timeout])) as {
        handles: Handles;
      };
      const latencyMs = performance.now() - sent;
      this.latenciesMs.push(latencyMs);
      return { handles: state.handles, latencyMs };
    } finally {
      clearTimeout(timer);
    }
  }
}

export function formatSample(s: Sample): string {
  const row = [s.elapsedS.toFixed(1), s.rss_kb, s.fds, s.clients, s.resources, s.images];
  return formatRow([...row, s.surfaces, s.latencyMs.toFixed(1)]) + (s.quiet ? '  *' : '');
}

export function formatRow(cells: (string | number)[]): string {
  return cells.map((c) => String(c).padStart(9)).join(' ');
}

/** least-squares slope of y over x */
export function slope(points: [number, number][]): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
