// Cold start: from starting the compositor to the first frame callback of a kiosk client
// (bench/frame-client.c, 250×250 full damage), for wayboard and weston 10 in the same run.
// Both ends are stamped with CLOCK_MONOTONIC (process.hrtime and the client's clock_gettime).
// The client is started as soon as the compositor's socket exists, as a launcher would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lineReader } from '../test/harness/processes.js';
import {
  buildFrameClient,
  rssMb,
  startCompositor,
  waitForFile,
  type Compositor,
} from './cpu-per-frame.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function coldStartMs(binary: string, which: Compositor): Promise<[number, number]> {
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-cold-'));
  const socket = `cold-${which}`;
  const t0 = process.hrtime.bigint();
  const compositor = startCompositor(which, runtimeDir, socket, 'fullscreen-shell.so');
  try {
    await waitForFile(path.join(runtimeDir, socket));
    const client = spawn(binary, ['full', '250', '250'], {
      env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, WAYLAND_DISPLAY: socket },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await lineReader(client.stdout!).waitFor(/^first-frame \d+$/, 15000);
    const ms = Number(BigInt(line.split(' ')[1]) - t0) / 1e6;
    const rss = rssMb(compositor.pid!);
    client.kill('SIGKILL');
    return [ms, rss];
  } finally {
    compositor.kill('SIGKILL');
    rmSync(runtimeDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

export async function coldStartBench(): Promise<Record<string, number | string>> {
  const binary = buildFrameClient();
  const times: Record<Compositor, number[]> = { wayboard: [], weston: [] };
  const rss: Record<Compositor, number[]> = { wayboard: [], weston: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of ['wayboard', 'weston'] as const) {
      const [ms, mb] = await coldStartMs(binary, which);
      times[which].push(ms);
      rss[which].push(mb);
    }
  }
  const figures = {
    wayboard_ms: median(times.wayboard),
    weston_ms: median(times.weston),
    wayboard_rss_mb: median(rss.wayboard),
    weston_rss_mb: median(rss.weston),
  };
  const table = [
    `  start to a kiosk client's first frame, median of ${ROUNDS} (min–max):`,
    ...(['wayboard', 'weston'] as const).map(
      (w) =>
        `  ${w.padEnd(9)} ${median(times[w]).toFixed(0).padStart(5)} ms ` +
        `(${Math.min(...times[w]).toFixed(0)}–${Math.max(...times[w]).toFixed(0)}), ` +
        `RSS then ${median(rss[w]).toFixed(1)} MB`,
    ),
    `  ratio ${(figures.wayboard_ms / figures.weston_ms).toFixed(2)}`,
  ].join('\n');
  return { ...figures, table };
}
