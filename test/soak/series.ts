// The soak's measurements: `ctl state` → handles, sampled on a control connection of its
// own (so a long `ctl type` elsewhere never delays a sample), printed as they come.
import { CtlConnection } from '../../src/control/client.js';

import type { Handles } from '../harness/wayboard.js';
export type { Handles };

export interface Sample extends Handles {
  elapsedS: number;
  /** how long `ctl state` took to answer */
  latencyMs: number;
  /** live JS heap right after a full collection: quiet samples only */
  heapUsedKb?: number;
  /** taken when the compositor counted no clients, right after a full collection */
  quiet: boolean;
}

/** a compositor that answers nothing for this long has stalled: the soak stops there */
const STATE_TIMEOUT_MS = 5000;
const COLUMNS = ['t_s', 'rss_kb', 'fds', 'clients', 'resources', 'images', 'surfaces'];
export const HEADER = formatRow([...COLUMNS, 'ctl_ms', 'heap_kb']);

export class HandleSampler {
  readonly samples: Sample[] = [];
  /** every `ctl state` answer time, periodic and quiet samples alike */
  readonly latenciesMs: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;

  /** collectGarbage: a full collection in the compositor, resolving with its live heap in kB */
  constructor(
    private readonly ctl: CtlConnection,
    private readonly startedAt: number,
    private readonly collectGarbage: () => Promise<number>,
  ) {}

  /** one sample every intervalMs until stop(); a stalled compositor is reported by check() */
  start(intervalMs: number): void {
    console.log(`${HEADER}  quiet`);
    this.timer = setInterval(() => {
      this.measure()
        .then(({ handles, latencyMs }) => this.keep(handles, latencyMs))
        .catch((err: Error) => (this.failure ??= err));
    }, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** throws the first sampling failure (a timeout or a closed control socket) */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Polls until the compositor counts no clients, then (if `record`) collects its garbage and
   *  records a quiet sample; throws with the last count if clients stay above 0 for timeoutMs. */
  async waitForNoClients(timeoutMs: number, record: boolean): Promise<Sample | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const { handles } = await this.measure();
      if (handles.clients === 0) break;
      if (Date.now() > end)
        throw new Error(
          `the compositor still counted ${handles.clients} client(s) ${timeoutMs} ms after ` +
            `every client process had exited (${JSON.stringify(handles)})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!record) return undefined;
    const heapUsedKb = await this.collectGarbage();
    const { handles, latencyMs } = await this.measure();
    return this.keep(handles, latencyMs, heapUsedKb);
  }

  private keep(handles: Handles, latencyMs: number, heapUsedKb?: number): Sample {
    const elapsedS = (Date.now() - this.startedAt) / 1000;
    const quiet = heapUsedKb !== undefined;
    const sample = { ...handles, elapsedS, latencyMs, heapUsedKb, quiet };
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
  const tail = [s.surfaces, s.latencyMs.toFixed(1), s.heapUsedKb ?? '-'];
  return formatRow([...row, ...tail]) + (s.quiet ? '  *' : '');
}

function formatRow(cells: (string | number)[]): string {
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
