// Tap → text latency: a finger tap on an on-screen key (injected through the control socket,
// the same touch path a panel touch takes) until a real libwayland client holding the
// focused text field receives the commit_string, both stamped with CLOCK_MONOTONIC.
// Also key press → pixels: frames from a tap until the pressed key is on screen.
import type { KeyboardPanel } from '../src/keyboard/panel.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CtlConnection } from '../src/control/client.js';
import { buildFixture } from '../test/harness/fixtures.js';
import { startWayboard, lineReader } from '../test/harness/processes.js';

const TAPS = Number(process.env.BENCH_TAPS ?? 300);

/** one key of `wayboard ctl keys` */
type Key = ReturnType<KeyboardPanel['describe']>['keys'][number];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function tapLatencyBench(): Promise<Record<string, number>> {
  const probe = buildFixture('text-input-probe');
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-bench-'));
  const wayboard = await startWayboard(runtimeDir, 'bench-taps');
  const client = spawn(probe, [], {
    env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, WAYLAND_DISPLAY: 'bench-taps' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = lineReader(client.stdout!);
  const ctl = await CtlConnection.connect(path.join(runtimeDir, 'bench-taps.ctl'));
  try {
    await lines.waitFor(/^panel 1 /, 10000);
    const { keys } = (await ctl.request(['keys'])) as { keys: Key[] };
    const letters = keys.filter((k) => k.action === 'text' && /^[a-z]$/.test(k.text ?? ''));
    if (!letters.length) throw new Error('no letter keys on the panel');
    const latencies: number[] = [];
    for (let i = 0; i < TAPS; i++) {
      const key = letters[i % letters.length];
      const x = String(Math.round(key.x + key.width / 2));
      const y = String(Math.round(key.y + key.height / 2));
      await ctl.request(['touch', 'down', '7', x, y]);
      // a tap types on release: time from the finger lifting (stamped by wayboard as the
      // command starts, so the control socket is not counted) to the client holding the text
      const { startedNs } = await ctl.timedRequest(['touch', 'up', '7']);
      const line = await lines.waitFor(/^commit \d+ /, 2000);
      latencies.push(Number(BigInt(line.split(' ')[1]) - startedNs) / 1e6);
      await sleep(2); // a person taps far slower; keep the queue empty between taps
    }
    latencies.sort((a, b) => a - b);
    const press = await pressToPixels(ctl, letters[0]);
    return {
      taps: latencies.length,
      tap_to_text_p50_ms: percentile(latencies, 50),
      tap_to_text_p99_ms: percentile(latencies, 99),
      tap_to_text_max_ms: latencies[latencies.length - 1],
      reference_qtwayland_qtvirtualkeyboard_p50_ms: 15,
      ratio_reference_over_wayboard_p50: 15 / percentile(latencies, 50),
      press_to_pixels_ms: press.ms,
      press_to_pixels_frames: press.frames,
    };
  } finally {
    ctl.close();
    client.kill('SIGTERM');
    await wayboard.stop();
    rmSync(runtimeDir, { recursive: true, force: true });
  }
}

/** time and repaints between a key press and the first repaint that shows it pressed */
async function pressToPixels(
  ctl: CtlConnection,
  key: Key,
): Promise<{ ms: number; frames: number }> {
  const repaints = async () =>
    ((await ctl.request(['state'])) as { outputs: { repaints: number }[] }).outputs[0].repaints;
  await sleep(200);
  const before = await repaints();
  const x = String(Math.round(key.x + key.width / 2));
  const y = String(Math.round(key.y + key.height / 2));
  const start = process.hrtime.bigint();
  await ctl.request(['touch', 'down', '8', x, y]);
  let after = before;
  while (after === before && process.hrtime.bigint() - start < 1_000_000_000n)
    after = await repaints();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await ctl.request(['touch', 'up', '8']);
  return { ms, frames: after - before };
}
