// Compositor CPU per client frame, wayboard against weston 10 in the same run. CPU is the sum
// of every compositor thread's /proc/PID/task/*/schedstat run time over a fixed window, divided
// by the frame callbacks the client received in that window (bench/frame-client.c counts them
// and prints the count on SIGUSR1). Rounds interleave the two compositors.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildClient } from '../test/harness/fixtures.js';
import { lineReader } from '../test/harness/processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WINDOW_S = Number(process.env.BENCH_WINDOW ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_MS = 1000;
const MANY = Number(process.env.BENCH_MANY ?? 100);

export type Compositor = 'wayboard' | 'weston';
interface Workload {
  key: string;
  label: string;
  /** frame-client arguments of the measured client (the last one started) */
  client: string[];
  /** static clients mapped before it */
  background?: number;
  compositors: Compositor[];
  /** measure weston-simple-egl -f -o (software GL) instead, under weston's desktop-shell */
  egl?: boolean;
  /** animation before the window opens (default WARMUP_MS; longer ones for wayboard only) */
  warmupMs?: number;
  /** measured in this many rounds only (default all) */
  rounds?: number;
}

const WORKLOADS: Workload[] = [
  {
    key: 'shm',
    label: '250×250, full damage every frame (simple-shm-like)',
    client: ['full', '250', '250'],
    compositors: ['wayboard', 'weston'],
  },
  {
    key: 'damage',
    label: '1280×720, two 21×21 squares damaged a frame (simple-damage-like)',
    client: ['squares', '1280', '720'],
    compositors: ['wayboard', 'weston'],
  },
  {
    key: 'idle',
    label: 'idle: one mapped static 250×250 client (CPU ms over the window)',
    client: ['static', '250', '250'],
    compositors: ['wayboard', 'weston'],
  },
  {
    key: 'egl',
    label: 'weston-simple-egl -f -o, software GL, fullscreen 1280×720 (weston: desktop-shell)',
    client: [],
    egl: true,
    compositors: ['wayboard', 'weston'],
  },
  // wayboard's per-frame code runs in V8's baseline tier for its first seconds (TurboFan
  // optimises a function called 60 times a second only after ~10-40 s): the same workload
  // once the JIT has settled, as a kiosk runs it all day
  {
    key: 'damage-warm',
    // V8 keeps compiling the frame path's functions for ~40 s (--trace-opt: 32 in the
    // 10-20 s of animation, 10 in 30-40 s, then a few a minute), on threads counted here
    label: 'as "damage", measured after 60 s of animation (JIT settled; one round)',
    client: ['squares', '1280', '720'],
    compositors: ['wayboard', 'weston'],
    warmupMs: 60000,
    rounds: 1,
  },
  // weston's fullscreen-shell shows one surface only, so this one is wayboard's own scaling
  {
    key: 'many',
    label: `${MANY} clients (static 64×64 toplevels), the last animating like "damage"; ratio is to one client`,
    client: ['squares', '1280', '720'],
    background: MANY - 1,
    compositors: ['wayboard'],
  },
];

export interface Sample {
  workload: string;
  compositor: Compositor;
  round: number;
  frames: number;
  cpu_ms: number;
  us_per_frame: number | null;
  wakeups: number;
  fps: number;
  rss_mb: number;
}

/** bench/frame-client.c with its protocol glue, built into .test-out/bench when stale */
export function buildFrameClient(): string {
  const protocols = ['xdg-shell', 'fullscreen-shell-unstable-v1'];
  return buildClient(path.join(root, 'bench/frame-client.c'), 'bench', protocols);
}

/** run time of all the process's threads, ns */
function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return total;
}

/** voluntary context switches of all the process's threads: how often it slept and woke */
function switches(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
      total += Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // the thread ended
    }
  }
  return total;
}

export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** weston, or wayboard run by this node with `nodeFlags` before its script (profilers) */
export function startCompositor(
  which: Compositor,
  runtimeDir: string,
  socket: string,
  shell: string,
  nodeFlags: string[] = [],
): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir };
  delete env.WAYLAND_DISPLAY;
  if (which === 'weston')
    return spawn(
      'weston',
      [
        '--backend=headless-backend.so',
        '--use-pixman',
        `--shell=${shell}`,
        '--width=1280',
        '--height=720',
        '--idle-time=0',
        `--socket=${socket}`,
      ],
      { env, stdio: 'ignore' },
    );
  return spawn(
    process.execPath,
    [
      ...nodeFlags,
      path.join(root, 'bin/wayboard.js'),
      '--backend',
      'headless',
      '--output',
      '1280x720@60',
      '--socket',
      socket,
    ],
    { env, stdio: 'ignore' },
  );
}

export async function waitForFile(file: string, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`no ${file} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function sample(
  workload: Workload,
  which: Compositor,
  round: number,
  frames: number,
  cpuNsUsed: number,
  wakeups: number,
  seconds: number,
  pid: number,
): Sample {
  const cpuMs = cpuNsUsed / 1e6;
  return {
    workload: workload.key,
    compositor: which,
    round,
    frames,
    cpu_ms: cpuMs,
    us_per_frame: frames > 0 ? (cpuMs * 1000) / frames : null,
    wakeups,
    fps: frames / seconds,
    rss_mb: rssMb(pid),
  };
}

async function runOnce(
  binary: string,
  workload: Workload,
  which: Compositor,
  round: number,
): Promise<Sample> {
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-bench-'));
  const socket = `bench-${which}`;
  const shell = workload.egl ? 'desktop-shell.so' : 'fullscreen-shell.so';
  const compositor = startCompositor(which, runtimeDir, socket, shell);
  const clients: ChildProcess[] = [];
  try {
    await waitForFile(path.join(runtimeDir, socket));
    await sleep(300);
    const env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, WAYLAND_DISPLAY: socket };
    const start = async (args: string[]) => {
      const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
      clients.push(child);
      const lines = lineReader(child.stdout!);
      await lines.waitFor(/^started$/, 10000);
      return { child, lines };
    };
    const pid = compositor.pid!;
    if (workload.egl) {
      // simple-egl prints "N frames in 5 seconds" itself: measure between two such lines
      const child = spawn('stdbuf', ['-oL', 'weston-simple-egl', '-f', '-o'], {
        env: { ...env, LIBGL_ALWAYS_SOFTWARE: '1' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      clients.push(child);
      const lines = lineReader(child.stdout!);
      await lines.waitFor(/frames in 5 seconds/, 15000);
      const [cpu0, sw0] = [cpuNs(pid), switches(pid)];
      const line = await lines.waitFor(/frames in 5 seconds/, 15000);
      return sample(
        workload,
        which,
        round,
        Number(line.split(' ')[0]),
        cpuNs(pid) - cpu0,
        switches(pid) - sw0,
        5,
        pid,
      );
    }
    for (let i = 0; i < (workload.background ?? 0); i++) await start(['static', '64', '64']);
    const { child, lines } = await start(workload.client);
    const frames = async () => {
      child.kill('SIGUSR1');
      return Number((await lines.waitFor(/^frames \d+$/, 2000)).split(' ')[1]);
    };
    // a longer warm-up is for V8's JIT: weston, in C, has nothing to warm (and the bench
    // stays under 6 minutes)
    await sleep(which === 'wayboard' ? (workload.warmupMs ?? WARMUP_MS) : WARMUP_MS);
    const [cpu0, sw0] = [cpuNs(pid), switches(pid)];
    const f0 = await frames();
    await sleep(WINDOW_S * 1000);
    const [cpu1, sw1] = [cpuNs(pid), switches(pid)];
    const f1 = await frames();
    return sample(workload, which, round, f1 - f0, cpu1 - cpu0, sw1 - sw0, WINDOW_S, pid);
  } finally {
    for (const child of clients) child.kill('SIGTERM');
    if (compositor.exitCode === null) {
      const exited = new Promise((resolve) => compositor.once('exit', resolve));
      compositor.kill('SIGTERM');
      await exited;
    }
    rmSync(runtimeDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
interface Stat {
  median: number;
  min: number;
  max: number;
}
const stat = (xs: number[]): Stat | null =>
  xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : null;
type Figures = Record<'us_per_frame' | 'cpu_ms' | 'fps' | 'rss_mb' | 'wakeups', Stat | null>;
interface Summary {
  workload: string;
  label: string;
  metric: 'us_per_frame' | 'cpu_ms';
  wayboard: Figures | null;
  weston: Figures | null;
  /** wayboard / weston; for "many", wayboard many / wayboard one client ("damage") */
  ratio: number | null;
}

export async function cpuPerFrameBench() {
  const binary = buildFrameClient();
  const only = process.env.BENCH_WORKLOADS?.split(',');
  const workloads = WORKLOADS.filter((w) => !only || only.includes(w.key));
  const samples: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const workload of workloads) {
      if (round >= (workload.rounds ?? ROUNDS)) continue;
      // alternate who goes first so drift in the machine's load falls on both
      const order = round % 2 ? [...workload.compositors].reverse() : workload.compositors;
      for (const which of order) {
        const s = await runOnce(binary, workload, which, round);
        samples.push(s);
        console.error(
          `  round ${round + 1} ${workload.key} ${which}: ${s.frames} frames, ${s.cpu_ms.toFixed(1)} ms CPU`,
        );
      }
    }
  const summary = workloads.map((w): Summary => {
    const per = (which: Compositor): Figures | null => {
      const mine = samples.filter((s) => s.workload === w.key && s.compositor === which);
      if (!mine.length) return null;
      return {
        us_per_frame: stat(mine.flatMap((s) => (s.us_per_frame === null ? [] : [s.us_per_frame]))),
        cpu_ms: stat(mine.map((s) => s.cpu_ms)),
        fps: stat(mine.map((s) => s.fps)),
        rss_mb: stat(mine.map((s) => s.rss_mb)),
        wakeups: stat(mine.map((s) => s.wakeups)),
      };
    };
    const wayboard = per('wayboard');
    const weston = per('weston');
    const metric = w.key === 'idle' ? 'cpu_ms' : 'us_per_frame';
    const single = samples.filter((s) => s.workload === 'damage' && s.compositor === 'wayboard');
    const a = wayboard?.[metric]?.median;
    const b =
      w.key === 'many'
        ? stat(single.flatMap((s) => (s.us_per_frame === null ? [] : [s.us_per_frame])))?.median
        : weston?.[metric]?.median;
    return {
      workload: w.key,
      label: w.label,
      metric,
      wayboard,
      weston,
      ratio: a !== undefined && b ? a / b : null,
    };
  });
  return { window_s: WINDOW_S, rounds: ROUNDS, summary, samples, table: formatTable(summary) };
}

function formatTable(summary: Summary[]): string {
  const range = (s: Stat | null | undefined, d: number) =>
    s ? `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})` : '—';
  const pair = (s: Summary, key: keyof Figures, d: number) =>
    `${s.wayboard?.[key]?.median.toFixed(d) ?? '—'} / ${s.weston?.[key]?.median.toFixed(d) ?? '—'}`;
  const rows = [
    '| workload | metric | wayboard median (min–max) | weston median (min–max) | ratio | ' +
      'fps wayboard / weston | RSS MB wayboard / weston | wake-ups per window wayboard / weston |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const s of summary) {
    const unit = s.metric === 'cpu_ms' ? `CPU ms / ${WINDOW_S} s` : 'µs / frame';
    const d = s.metric === 'cpu_ms' ? 2 : 0;
    const ratio = s.ratio === null ? '—' : `${s.ratio.toFixed(2)}×`;
    rows.push(
      `| ${s.label} | ${unit} | ${range(s.wayboard?.[s.metric], d)} | ` +
        `${range(s.weston?.[s.metric], d)} | ${ratio} | ${pair(s, 'fps', 1)} | ` +
        `${pair(s, 'rss_mb', 0)} | ${pair(s, 'wakeups', 0)} |`,
    );
  }
  return rows.join('\n');
}
