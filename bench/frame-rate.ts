// Frame rate on a "60 Hz" headless output: weston-simple-shm under weston's headless backend
// and under wayboard, measured the same way for both: the client's frame callbacks
// (wl_callback.done in its WAYLAND_DEBUG trace) over a fixed window.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_MS = 1000;

async function waitForSocket(file: string, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`no socket ${file} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Count frame callbacks the client receives between warm-up and the end of the window. */
async function countFrames(env: NodeJS.ProcessEnv): Promise<number> {
  const client = spawn('weston-simple-shm', [], {
    env: { ...env, WAYLAND_DEBUG: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let counting = false;
  let frames = 0;
  let partial = '';
  client.stderr!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    if (counting) for (const line of lines) if (/wl_callback@\d+\.done\(/.test(line)) frames++;
  });
  await sleep(WARMUP_MS);
  counting = true;
  await sleep(SECONDS * 1000);
  counting = false;
  client.kill('SIGTERM');
  return frames / SECONDS;
}

async function withCompositor(
  start: (runtimeDir: string) => ChildProcess,
  socket: string,
  run: (env: NodeJS.ProcessEnv) => Promise<number>,
): Promise<number> {
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-bench-'));
  const compositor = start(runtimeDir);
  try {
    await waitForSocket(path.join(runtimeDir, socket));
    await sleep(300);
    return await run({ ...process.env, XDG_RUNTIME_DIR: runtimeDir, WAYLAND_DISPLAY: socket });
  } finally {
    compositor.kill('SIGTERM');
    await new Promise((resolve) => compositor.once('exit', resolve));
    rmSync(runtimeDir, { recursive: true, force: true });
  }
}

export async function frameRateBench(): Promise<Record<string, number>> {
  // a desktop's WAYLAND_DISPLAY would make either compositor nest: both stay headless
  const env = (dir: string) => {
    const vars: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: dir };
    delete vars.WAYLAND_DISPLAY;
    return vars;
  };
  const weston = await withCompositor(
    (dir) =>
      spawn(
        'weston',
        [
          '--backend=headless-backend.so',
          '--socket=bench-weston',
          '--width=1280',
          '--height=720',
          '--idle-time=0',
        ],
        { env: env(dir), stdio: 'ignore' },
      ),
    'bench-weston',
    countFrames,
  );
  const wayboard = await withCompositor(
    (dir) =>
      spawn(
        process.execPath,
        [
          'bin/wayboard.js',
          '--backend',
          'headless',
          '--socket',
          'bench-wayboard',
          '--output',
          '1280x720@60',
        ],
        { env: env(dir), stdio: 'ignore' },
      ),
    'bench-wayboard',
    countFrames,
  );
  return {
    weston_fps: weston,
    wayboard_fps: wayboard,
    ratio_wayboard_over_weston: wayboard / weston,
  };
}
