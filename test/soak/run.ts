// `npm run soak -- --minutes N [--sample-seconds S] [--max-rss-slope MB_PER_MIN]`: one headless
// wayboard, real clients coming and going in rounds (scenarios.ts) for N minutes, its
// handles sampled all along. Exits 1 if anything leaks, stalls, or the compositor dies.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CtlConnection } from '../../src/control/client.js';
import { Wayboard } from '../harness/wayboard.js';
import { SoakRounds, type RoundSummary } from './scenarios.js';
import { HEADER, HandleSampler, formatSample, percentile, slope, type Sample } from './series.js';

// Why 2 MB/min: a round takes about a second, so ~50 rounds a minute with 4 clients each. The
// smallest thing a client leaves behind that matters is a surface's texture (weston-simple-shm:
// 250×250×4 = 244 KiB; the Qt form: 1280×720×4 = 3.5 MiB), i.e. >= 10 MB/min if one leaks per
// round; a leak of ~40 KB of JS objects per round also shows. Below that, V8's heap sizing and
// malloc's arenas move the quiet RSS by a few MB in a short run, so a tighter bound would
// flake; a slower leak needs a longer soak (the bound holds for any length).
const DEFAULT_MAX_RSS_SLOPE_MB_PER_MIN = 2;
// a compositor that keeps a kiosk's input waiting this long has stalled
const MAX_STATE_LATENCY_MS = 1000;
const NO_CLIENTS_TIMEOUT_MS = 10000;
// With V8's defaults the old generation grows to about twice its live size before a full
// collection: measured here, the quiet RSS climbed 99 -> 114 MB over 110 s, then fell to
// 97 MB at the first full GC. That saw-tooth, not leaks, would set a short run's slope.
// These flags (for the compositor only) collect once the heap is 10 % above what survived
// the last full GC and keep the young generation at 1 MB, so the quiet RSS follows what is
// really kept. `--v8-flags ''` soaks with V8's defaults (then run for tens of minutes).
const GC_FLAGS = '--heap-growing-percent=10 --max-semi-space-size=1';

const { values: options } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    'sample-seconds': { type: 'string' },
    'max-rss-slope': { type: 'string', default: String(DEFAULT_MAX_RSS_SLOPE_MB_PER_MIN) },
    'v8-flags': { type: 'string', default: GC_FLAGS },
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

const wayboard = await Wayboard.start([], options['v8-flags'].split(/\s+/).filter(Boolean));
const startedAt = Date.now();
const ctl = await CtlConnection.connect(path.join(wayboard.runtimeDir, `${wayboard.name}.ctl`));
const sampler = new HandleSampler(ctl, startedAt);
const rounds = new SoakRounds(wayboard);
const summaries: RoundSummary[] = [];
const roundErrors: string[] = [];
/** what stopped the soak or its ending: a stall, clients that never went, a dead compositor */
const problems: string[] = [];

console.log(
  `soak: ${minutes} min, a sample every ${sampleSeconds} s, warm-up ${warmUpS.toFixed(0)} s, ` +
    `compositor V8 flags '${options['v8-flags']}'; quiet samples (no clients left) marked *`,
);
sampler.start(sampleSeconds * 1000);
try {
  await sampler.waitForNoClients(NO_CLIENTS_TIMEOUT_MS);
  for (let index = 0; Date.now() - startedAt < minutes * 60000 && wayboard.alive; index++) {
    try {
      summaries.push(await rounds.run(index));
    } catch (err) {
      roundErrors.push((err as Error).message);
      console.log(`# ${(err as Error).message}`);
    }
    sampler.check();
    if (wayboard.alive) await sampler.waitForNoClients(NO_CLIENTS_TIMEOUT_MS);
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
    .waitForNoClients(NO_CLIENTS_TIMEOUT_MS)
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

interface Check {
  what: string;
  bound: string;
  measured: string;
  ok: boolean;
}

function judge(samples: Sample[], last: Sample | undefined): Check[] {
  const quiet = samples.filter((s) => s.quiet && s.elapsedS >= warmUpS);
  const checks: Check[] = [];
  const rssSlope = (points: Sample[]) =>
    slope(points.map((s) => [s.elapsedS / 60, s.rss_kb / 1024])).toFixed(2);
  // judged with no client connected, so that what live clients hold (textures) is no noise
  checks.push({
    what: `RSS slope, ${quiet.length} quiet samples after warm-up`,
    bound: `<= ${maxRssSlope} MB/min`,
    measured: quiet.length >= 3 ? `${rssSlope(quiet)} MB/min` : 'too few: run longer',
    ok: quiet.length >= 3 && Number(rssSlope(quiet)) <= maxRssSlope,
  });
  const afterWarmUp = samples.filter((s) => s.elapsedS >= warmUpS);
  checks.push({
    what: `RSS slope, all ${afterWarmUp.length} samples after warm-up (for information)`,
    bound: '-',
    measured: afterWarmUp.length >= 2 ? `${rssSlope(afterWarmUp)} MB/min` : '-',
    ok: true,
  });
  const baseline = quiet[0];
  for (const key of ['fds', 'resources', 'images', 'surfaces'] as const) {
    checks.push({
      what: `${key} with no clients: at the end vs first quiet sample after warm-up`,
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
