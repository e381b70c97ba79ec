// `npm run fuzz -- --seconds N --seed S [--connections K] [--mutation-rate R] [--keep-going]
//  [--fail-on-internal]`
// Runs K fuzzing connections against a fresh wayboard with a bystander client for N seconds.
// A watchdog asks `ctl state` every 250 ms: no answer within 1 s is a hang, a dead process a
// crash; the bystander must keep getting frames. Each failure leaves the request logs of the
// connections involved (.test-out/fuzz/crash-SEED-N.json, for replay.ts) and the compositor's
// stderr next to it. Exits non-zero on any failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { FuzzClient, SyncTimeout, newStats, type FuzzStats } from './fuzz-client.js';
import { writeLogFile } from './log-file.js';
import { Random } from './random.js';
import { FuzzTarget } from './target.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface FuzzOptions {
  seconds: number;
  seed: number;
  connections?: number;
  mutationRate?: number;
  /** after a failure, start a fresh compositor and go on (to find more than one bug) */
  keepGoing?: boolean;
  /** an internal error wayboard logs (an exception caught at the seam) is a failure too */
  failOnInternal?: boolean;
  outDir?: string;
  /** progress lines (default: none) */
  log?: (line: string) => void;
}

export interface Failure {
  kind: 'crash' | 'hang' | 'internal' | 'bystander' | 'teardown' | 'fuzzer';
  detail: string;
  /** the request logs and the compositor's stderr, when written */
  file?: string;
}

export interface FuzzReport {
  seed: number;
  seconds: number;
  stats: FuzzStats;
  failures: Failure[];
  bystanderFrames: number;
  /** wayboard's "internal error"/"threw" log lines (exceptions caught at the seam), by text */
  internalErrors: Map<string, number>;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const connections = options.connections ?? 2;
  const outDir = options.outDir ?? path.join(root, '.test-out/fuzz');
  const log = options.log ?? (() => {});
  const rnd = new Random(options.seed);
  const stats = newStats();
  const report: FuzzReport = {
    seed: options.seed,
    seconds: options.seconds,
    stats,
    failures: [],
    bystanderFrames: 0,
    internalErrors: new Map(),
  };
  const end = Date.now() + options.seconds * 1000;
  const seq = { value: 0 };
  let generation = 0;
  while (Date.now() < end) {
    const target = await FuzzTarget.start({ bystander: true });
    const clients = Array.from(
      { length: connections },
      (_, i) =>
        new FuzzClient({
          socketPath: target.socketPath,
          // a quarter of the sessions are trusted, to reach the privileged globals too
          fdsPath: target.fdsPath,
          trustedShare: 0.25,
          connection: i,
          rnd: rnd.fork(generation * connections + i),
          mutationRate: options.mutationRate ?? 0.04,
          stats,
          seq,
        }),
    );
    generation++;
    let failure = await fuzzUntil(target, clients, end, !!options.failOnInternal, log);
    const stopProblem = await target.stop();
    if (!failure && stopProblem) failure = { kind: 'teardown', detail: stopProblem };
    report.bystanderFrames += target.bystanderFrames;
    for (const line of target.internalErrors()) {
      const key = line.replace(/\d+/g, 'N');
      report.internalErrors.set(key, (report.internalErrors.get(key) ?? 0) + 1);
    }
    if (!failure) continue;
    report.failures.push(failure);
    // with --keep-going the same bug strikes again and again: one log per kind of failure
    const signature = (f: Failure) => `${f.kind} ${f.detail.replace(/\d+/g, 'N')}`;
    const seen = report.failures.slice(0, -1).some((f) => signature(f) === signature(failure!));
    if (!seen) {
      failure.file = path.join(outDir, `crash-${options.seed}-${report.failures.length}.json`);
      mkdirSync(outDir, { recursive: true });
      const sessions = clients
        .flatMap((c) => c.sessions)
        .sort((a, b) => b.lastSeq - a.lastSeq)
        // those active in the last few thousand requests: the cause is among them
        .filter((s) => s.requests.length > 0 && s.lastSeq > seq.value - 5000);
      const { kind, detail } = failure;
      writeLogFile(failure.file, { seed: options.seed, kind, detail, sessions });
      writeFileSync(failure.file.replace(/\.json$/, '.stderr.txt'), target.stderr);
    }
    log(`fuzz: ${failure.kind}: ${failure.detail}${failure.file ? ` -> ${failure.file}` : ''}`);
    if (!options.keepGoing) break;
  }
  return report;
}

/** Fuzzes until `end` or the first failure, which it returns. */
async function fuzzUntil(
  target: FuzzTarget,
  clients: FuzzClient[],
  end: number,
  failOnInternal: boolean,
  log: (line: string) => void,
): Promise<Failure | null> {
  let failure: Failure | null = null;
  const fail = (f: Failure) => {
    failure ??= f;
  };
  const stop = () => failure !== null || Date.now() > end;

  // the watchdog: every 250 ms, a ctl state that must answer within 1 s
  let probing = false;
  let framesAtCheck = target.bystanderFrames;
  let lastFrameCheck = Date.now();
  const watchdog = setInterval(() => {
    if (!target.alive) fail({ kind: 'crash', detail: `wayboard died (${target.exitStatus})` });
    if (!target.bystanderRunning) fail({ kind: 'bystander', detail: 'the bystander exited' });
    const [internal] = failOnInternal ? target.internalErrors() : [];
    if (internal) fail({ kind: 'internal', detail: internal });
    if (Date.now() - lastFrameCheck > 3000) {
      if (target.bystanderFrames === framesAtCheck)
        fail({ kind: 'bystander', detail: 'the bystander got no frame for 3 s' });
      framesAtCheck = target.bystanderFrames;
      lastFrameCheck = Date.now();
    }
    if (probing || failure) return;
    probing = true;
    void target.probe(1000).then((probe) => {
      probing = false;
      if (!probe.ok) fail({ kind: probe.kind, detail: probe.detail });
    });
  }, 250);

  await Promise.all(
    clients.map((client) =>
      client.run(stop).catch(async (err: Error) => {
        if (failure) return;
        if (err instanceof SyncTimeout) return fail({ kind: 'hang', detail: err.message });
        // connecting fails once the compositor is gone: give its exit a moment to show
        if (await target.exited(1000))
          return fail({ kind: 'crash', detail: `wayboard died (${target.exitStatus})` });
        fail({ kind: 'fuzzer', detail: err.stack ?? String(err) });
      }),
    ),
  );
  clearInterval(watchdog);
  while (probing) await sleep(10);
  if (failure) return failure;

  // with every fuzz connection closed, the bystander alone must still be served frames
  const before = target.bystanderFrames;
  const first = await target.probe(1000);
  await sleep(500);
  const last = await target.probe(1000);
  if (!first.ok) return { kind: first.kind, detail: first.detail };
  if (!last.ok) return { kind: last.kind, detail: last.detail };
  if (target.bystanderFrames <= before || last.repaints <= first.repaints || !last.bystanderListed)
    return { kind: 'bystander', detail: 'the bystander stopped presenting after the fuzzing' };
  log(`fuzz: compositor ok, bystander at ${target.bystanderFrames} frames`);
  return null;
}

const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);

export function formatReport(report: FuzzReport): string {
  const s = report.stats;
  const count = (...kinds: Failure['kind'][]) =>
    report.failures.filter((f) => kinds.includes(f.kind)).length;
  const errors = [...s.errorsByCode.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `fuzz: seed ${report.seed}, ${report.seconds} s`,
    `requests sent: ${s.requests} to ${s.requestsByInterface.size} interfaces`,
    ...sorted(s.requestsByInterface).map(([k, v]) => `  ${k.padEnd(32)} ${v}`),
    `protocol errors: ${errors} (by interface.code)`,
    ...sorted(s.errorsByCode).map(([k, v]) => `  ${k.padEnd(32)} ${v}`),
    `disconnects without an error: ${s.silentDisconnects}`,
    `reconnects: ${s.reconnects}`,
    `internal errors logged by wayboard: ${[...report.internalErrors.values()].reduce((a, b) => a + b, 0)}`,
    ...sorted(report.internalErrors).map(([k, v]) => `  ${v} × ${k}`),
    `bystander frames: ${report.bystanderFrames}`,
    `crashes: ${count('crash', 'teardown')}`,
    `hangs: ${count('hang')}`,
    `internal-error failures (--fail-on-internal): ${count('internal')}`,
    `other failures: ${report.failures.length - count('crash', 'teardown', 'hang', 'internal')}`,
    // each kind once, with the file holding its request log
    ...report.failures.filter((f) => f.file).map((f) => `  ${f.kind}: ${f.detail} (${f.file})`),
  ];
  return lines.join('\n');
}

function parseArgs(argv: string[]): FuzzOptions {
  const options: FuzzOptions = { seconds: 30, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`${arg} needs a number`);
      return v;
    };
    if (arg === '--seconds') options.seconds = value();
    else if (arg === '--seed') options.seed = value();
    else if (arg === '--connections') options.connections = value();
    else if (arg === '--mutation-rate') options.mutationRate = value();
    else if (arg === '--keep-going') options.keepGoing = true;
    else if (arg === '--fail-on-internal') options.failOnInternal = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options: FuzzOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(
      `${(err as Error).message}\nusage: npm run fuzz -- --seconds N --seed S ` +
        `[--connections K] [--mutation-rate R] [--keep-going] [--fail-on-internal]\n`,
    );
    process.exit(2);
  }
  const report = await runFuzz({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${formatReport(report)}\n`);
  process.exit(report.failures.length > 0 ? 1 : 0);
}
