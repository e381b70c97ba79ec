// `npm run soak -- --minutes N [--sample-seconds S] [--max-rss-slope MB_PER_MIN]`: one headless
// wayboard, real clients coming and going in rounds (scenarios.ts) for N minutes, its
// handles sampled all along. Exits 1 if anything leaks, stalls, or the compositor dies.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CtlConnection } from '../../src/control/client.js';
import { Wayboard } from '../harness/wayboard.js';
import { SoakRounds, type RoundSummary } from './scenarios.js';
import { HEADER, HandleSampler, formatSample, percentile, slope, type Sample } from './series.js';

// Why 2 MB/min: a round takes about a second, so ~50 rounds a minute with 4 clients each. The
// smallest thing a client leaves behind that matters is a surface's texture (weston-simple-shm:
// 250×250×4 = 244 KiB; the Qt form: 1280×720×4 = 3.5 MiB), i.e. >= 10 MB/min if one leaks per
// round, and ~40 KB of anything per round shows. Below that, malloc's arenas move the quiet RSS
// by ±2 MB from sample to sample (measured), so a tighter bound would flake in a 2-minute run;
// a slower leak needs a longer soak (the bound holds for any length).
const DEFAULT_MAX_RSS_SLOPE_MB_PER_MIN = 2;
// a compositor that keeps a kiosk's input waiting this long has stalled
const MAX_STATE_LATENCY_MS = 1000;
const NO_CLIENTS_TIMEOUT_MS = 10000;
// Left alone, V8 lets garbage pile up to about twice the live heap before a full collection,
// and keeps the pages it grew: measured, the quiet RSS climbed 99 -> 114 MB in 110 s, then fell
// to 97 MB at the first full GC. Such a saw-tooth, not leaks, would set a short run's slope. So
// the compositor runs with a young generation held at 1 MB and a hook that collects garbage
// before each quiet sample (gc-on-signal.cjs): the quiet RSS is then what it really keeps.
const NODE_FLAGS = [
  '--max-semi-space-size=1',
  '--expose-gc',
  '-r',
  fileURLToPath(new URL('gc-on-signal.cjs', import.meta.url)),
];
const GC_TIMEOUT_MS = 5000;

const { values: options } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    'sample-seconds': { type: 'string' },
    'max-rss-slope': { type: 'string', default: String(DEFAULT_MAX_RSS_SLOPE_MB_PER_MIN) },
  },
});
const minutes = Number(options.minutes);
const maxRssSlope = Number(options['max-rss-slope']);
// ~40 periodic samples whatever the length, between every 2 s and every 10 s
const sampleSeconds = Number(
  options['sample-seconds'] ?? Math.min(10, Math.max(2, (minutes * 60) / 40)),
);
if (!(minutes > 0) || !(sampleSeconds > 0) || !(maxRssSlope > 0)) {
  console.error('usage: npm run soak -- --minutes N [--sample-seconds S] [--max-rss-slope MB]');
  process.exit(2);
}
// the first 20 % of the run, at most a minute: caches fill, V8's heap finds its size
const warmUpS = Math.min(60, minutes * 60 * 0.2);

const wayboard = await Wayboard.start([], NODE_FLAGS);
const startedAt = Date.now();
const ctl = await CtlConnection.connect(path.join(wayboard.runtimeDir, `${wayboard.name}.ctl`));
const sampler = new HandleSampler(ctl, startedAt, collectGarbage);
const rounds = new SoakRounds(wayboard);
const summaries: RoundSummary[] = [];
const roundErrors: string[] = [];
/** what stopped the soak or its ending: a stall, clients that never went, a dead compositor */
const problems: string[] = [];

console.log(
  `soak: ${minutes} min, a sample every ${sampleSeconds} s, warm-up ${warmUpS.toFixed(0)} s, ` +
    `quiet samples (no clients left, after a full GC) marked *`,
);
sampler.start(sampleSeconds * 1000);
try {
  await sampler.waitForNoClients(NO_CLIENTS_TIMEOUT_MS, true);
  let lastQuiet = Date.now();
  for (let index = 0; Date.now() - startedAt < minutes * 60000 && wayboard.alive; index++) {
    try {
      summaries.push(await rounds.run(index));
    } catch (err) {
      roundErrors.push((err as Error).message);
      console.log(`# ${(err as Error).message}`);
    }
    sampler.check();
    // every round must leave no client behind; a quiet sample every sampleSeconds
    const record = Date.now() - lastQuiet >= sampleSeconds * 1000;
    if (wayboard.alive) await sampler.waitForNoClients(NO_CLIENTS_TIMEOUT_MS, record);
    if (record) lastQuiet = Date.now();
  }
} catch (err) {
  problems.push((err as Error).message);
} finally {
  sampler.stop();
}
// every round stops its clients; this is the state they all left behind
let finalSample: Sample | undefined;
if (wayboard.alive)
  finalSample = await sampler
    .waitForNoClients(NO_CLIENTS_TIMEOUT_MS, true)
    .catch((err: Error) => void problems.push(err.message));
const aliveAtEnd = wayboard.alive;
if (!aliveAtEnd) problems.push(`wayboard died; its stderr:\n${wayboard.stderr}`);
ctl.close();
await wayboard.stop().catch((err: Error) => {
  if (aliveAtEnd) problems.push(`stopping wayboard: ${err.message}`);
});

const checks = judge(sampler.samples, finalSample);
const pass = checks.every((c) => c.ok) && problems.length === 0;
printReport(checks, pass);
process.exit(pass ? 0 : 1);

/** a full collection in the compositor (gc-on-signal.cjs); resolves with its live heap, kB */
async function collectGarbage(): Promise<number> {
  const seen = wayboard.stderr.length;
  wayboard.process.kill('SIGUSR2');
  const end = Date.now() + GC_TIMEOUT_MS;
  for (;;) {
    const reply = /soak-gc heap_used_kb (\d+)/.exec(wayboard.stderr.slice(seen));
    if (reply) return Number(reply[1]);
    if (Date.now() > end) throw new Error(`no garbage collection within ${GC_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Check {
  what: string;
  bound: string;
  measured: string;
  ok: boolean;
}

function judge(samples: Sample[], last: Sample | undefined): Check[] {
  // no client connected and garbage collected: what live clients hold is no noise
  const quiet = samples.filter((s) => s.quiet && s.elapsedS >= warmUpS);
  const perMinute = (kb: (s: Sample) => number) =>
    slope(quiet.map((s) => [s.elapsedS / 60, kb(s) / 1024])).toFixed(2);
  const enough = quiet.length >= 3;
  const checks: Check[] = [
    {
      what: `RSS slope over ${quiet.length} quiet samples after warm-up`,
      bound: `<= ${maxRssSlope} MB/min`,
      measured: enough ? `${perMinute((s) => s.rss_kb)} MB/min` : 'too few: run longer',
      ok: enough && Number(perMinute((s) => s.rss_kb)) <= maxRssSlope,
    },
    {
      what: 'live JS heap slope, same samples (for information)',
      bound: '-',
      measured: enough ? `${perMinute((s) => s.heapUsedKb ?? 0)} MB/min` : '-',
      ok: true,
    },
  ];
  const baseline = quiet[0];
  for (const key of ['fds', 'resources', 'images', 'surfaces'] as const) {
    checks.push({
      what: `${key}, no clients: at the end vs first quiet after warm-up`,
      bound: baseline ? `<= ${baseline[key]}` : 'no quiet sample',
      measured: last ? String(last[key]) : 'no final quiet sample',
      ok: !!baseline && !!last && last[key] <= baseline[key],
    });
  }
  const latencies = sampler.latenciesMs;
  const maxLatency = latencies.length ? Math.max(...latencies) : Infinity;
  checks.push({
    what: `ctl state latency: max of ${latencies.length} (p99 ${percentile(latencies, 99)?.toFixed(1)} ms)`,
    bound: `<= ${MAX_STATE_LATENCY_MS} ms`,
    measured: `${maxLatency.toFixed(1)} ms`,
    ok: maxLatency <= MAX_STATE_LATENCY_MS,
  });
  checks.push({
    what: 'rounds without error',
    bound: 'all',
    measured: `${summaries.length} of ${summaries.length + roundErrors.length}`,
    ok: roundErrors.length === 0,
  });
  return checks;
}

function printReport(checks: Check[], pass: boolean): void {
  console.log(`\nquiet samples (no clients; * above), warm-up ends at ${warmUpS.toFixed(0)} s:`);
  console.log(HEADER);
  for (const s of sampler.samples.filter((s) => s.quiet)) console.log(formatSample(s));
  const clients = summaries.reduce((sum, r) => sum + r.clients, 0);
  const qt = summaries.filter((r) => r.variant === 'qt-form').length;
  const meanS = summaries.reduce((sum, r) => sum + r.ms, 0) / Math.max(1, summaries.length) / 1000;
  console.log(
    `\n${summaries.length} rounds (${qt} with the Qt form), ${clients} clients, ` +
      `${meanS.toFixed(1)} s a round`,
  );
  for (const error of [...roundErrors, ...problems]) console.log(`error: ${error}`);
  const width = Math.max(...checks.map((c) => c.what.length));
  const row = (what: string, bound: string, measured: string, verdict: string) =>
    `${what.padEnd(width)}  ${bound.padEnd(16)}  ${measured.padEnd(20)}  ${verdict}`;
  console.log(`\n${row('check', 'bound', 'measured', 'verdict')}`);
  for (const c of checks) console.log(row(c.what, c.bound, c.measured, c.ok ? 'ok' : 'FAIL'));
  console.log(`\nsoak: ${pass ? 'PASS' : 'FAIL'}`);
}
