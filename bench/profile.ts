// Where a frame's time goes: runs wayboard under `node --cpu-prof` while bench/frame-client.c
// animates, then prints self time by function and by source file, per frame the client got.
//   npx tsx bench/profile.ts [squares|full|static] [--seconds N] [--warm S] [--many N] [--keep DIR]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { lineReader } from '../test/harness/processes.js';
import { buildFrameClient, startCompositor, waitForFile } from './cpu-per-frame.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** CLOCK_MONOTONIC in µs, the clock V8 stamps profile samples with */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** self time (µs) per key inside the window, keyed by what `keyOf` makes of each node */
function selfTimes(
  profile: CpuProfile,
  window: [number, number],
  keyOf: (n: ProfileNode) => string,
): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = new Map<string, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    const node = byId.get(id)!;
    if (t < window[0] || t > window[1] || node.callFrame.functionName === '(idle)') return;
    const key = keyOf(node);
    times.set(key, (times.get(key) ?? 0) + delta);
  });
  return times;
}

/** each thread's name and CPU time (ns) so far: the main thread, V8's compiler and GC
 *  workers, libuv's pool */
function threadTimes(pid: number): Map<string, [string, number]> {
  const times = new Map<string, [string, number]>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      times.set(tid, [tid === String(pid) ? `${name} (main)` : name, ns]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return times;
}

function printTop(title: string, times: Map<string, number>, frames: number, top = 25): void {
  const total = [...times.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${title} (µs per frame, share of sampled time)`);
  for (const [key, us] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${(us / frames).toFixed(1).padStart(8)}  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`,
    );
}

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(root + '/', '');

async function main(): Promise<void> {
  const mode = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'squares';
  const seconds = Number(option('--seconds', '6'));
  const many = Number(option('--many', '1'));
  const client = buildFrameClient();
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-profile-'));
  const profDir = option('--keep', path.join(runtimeDir, 'prof'));
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir };
  delete env.WAYLAND_DISPLAY;
  const compositor = startCompositor('wayboard', runtimeDir, 'profile', '', [
    '--cpu-prof',
    `--cpu-prof-dir=${profDir}`,
    '--cpu-prof-interval=100',
  ]);
  const clients: ChildProcess[] = [];
  try {
    await waitForFile(path.join(runtimeDir, 'profile'));
    const clientEnv = { ...env, WAYLAND_DISPLAY: 'profile' };
    for (let i = 1; i < many; i++) {
      clients.push(spawn(client, ['static', '64', '64'], { env: clientEnv, stdio: 'ignore' }));
    }
    const [width, height] = mode === 'full' ? ['250', '250'] : ['1280', '720'];
    const animated = spawn(client, [mode, width, height], {
      env: clientEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    clients.push(animated);
    const lines = lineReader(animated.stdout!);
    const count = async () => {
      animated.kill('SIGUSR1');
      return Number((await lines.waitFor(/^frames \d+$/, 5000)).split(' ')[1]);
    };
    await lines.waitFor(/^started$/, 10000);
    await sleep(Number(option('--warm', '1')) * 1000); // JIT warm-up
    const start = nowUs();
    const threads0 = threadTimes(compositor.pid!);
    const before = await count();
    await sleep(seconds * 1000);
    const frames = (await count()) - before;
    const threads1 = threadTimes(compositor.pid!);
    const window: [number, number] = [start, nowUs()];
    for (const c of clients) c.kill('SIGTERM');
    compositor.kill('SIGTERM');
    await new Promise((resolve) => compositor.once('exit', resolve));
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node wrote no profile');
    const profile = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile;
    console.log(`${mode}, ${many} client(s): ${frames} frames in ${seconds} s`);
    console.log('\nCPU per frame by thread (µs, /proc schedstat; the profiler adds its own)');
    for (const [tid, [name, ns]] of threads1) {
      const us = (ns - (threads0.get(tid)?.[1] ?? 0)) / 1000 / frames;
      if (us >= 0.5) console.log(`${us.toFixed(1).padStart(8)}  ${tid} ${name}`);
    }
    printTop(
      'self time by function',
      selfTimes(profile, window, (n) => {
        const { functionName, url, lineNumber } = n.callFrame;
        return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
      }),
      frames,
    );
    printTop(
      'self time by file',
      selfTimes(profile, window, (n) => shortUrl(n.callFrame.url) || n.callFrame.functionName),
      frames,
      15,
    );
  } finally {
    for (const c of clients) c.kill('SIGKILL');
    compositor.kill('SIGKILL');
    if (!process.argv.includes('--keep')) rmSync(runtimeDir, { recursive: true, force: true });
  }
}

await main();
