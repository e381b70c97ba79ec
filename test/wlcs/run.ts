// The wlcs conformance suite against wayboard: `npx tsx test/wlcs/run.ts [GTEST_FILTER]`.
//
// Builds the integration module, checks its extension table against a live wayboard, then
// runs the tests in batches on a few parallel workers (each test starts its own wayboard, and
// many tests spend seconds waiting, so the 2 cores stay busy). Prints "N passed, N failed"
// per suite and, as the last line, in total; exits 1 when a test fails that is not listed in
// known-failures.txt, or on a crash, a hang or a drifted extension table.
//
// Environment: WLCS_JOBS (parallel wlcs processes, default 4), WLCS_TIMEOUT_S (whole run,
// default 600), WLCS_STALL_S (one test, default 60), WLCS_VERBOSE=1 (print every failure's
// message, listed or not).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
// wlcs's .pc names its runner, which lives in the architecture's lib folder
const WLCS = execFileSync('pkg-config', ['--variable=test_runner', 'wlcs'], {
  encoding: 'utf8',
}).trim();
const JOBS = Number(process.env.WLCS_JOBS ?? 4);
const TIMEOUT_S = Number(process.env.WLCS_TIMEOUT_S ?? 600);
const STALL_S = Number(process.env.WLCS_STALL_S ?? 60);
const VERBOSE = process.env.WLCS_VERBOSE === '1';

type Status = 'passed' | 'failed' | 'skipped';
interface Result {
  name: string; // Suite.test, as gtest names it (parameterised: Prefix/Suite.test/N)
  status: Status;
  message: string; // failure text, or why it was skipped
}

const suiteOf = (name: string): string => name.slice(0, name.indexOf('.'));

/** known-failures.txt: `Suite.test  # reason`, `#` comments, blank lines */
function knownFailures(): Map<string, string> {
  const known = new Map<string, string>();
  const text = readFileSync(path.join(here, 'known-failures.txt'), 'utf8');
  for (const line of text.split('\n')) {
    const hash = line.indexOf('#');
    const test = (hash < 0 ? line : line.slice(0, hash)).trim();
    if (test) known.set(test, hash < 0 ? '' : line.slice(hash + 1).trim());
  }
  return known;
}

/** The tests gtest would run for this filter, in its order. */
function listTests(module: string, filter: string): string[] {
  const out = execFileSync(WLCS, [module, '--gtest_list_tests', `--gtest_filter=${filter}`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const tests: string[] = [];
  let suite = '';
  for (const line of out.split('\n')) {
    const name = line.split('#')[0]!.trim(); // parameterised entries carry a `# GetParam()` note
    if (!name) continue;
    if (line.startsWith(' ')) tests.push(suite + name);
    else suite = name; // "Suite." lines end with the dot already
  }
  return tests;
}

/** The extension table compiled into the module must match what wayboard advertises. */
async function checkDescriptor(): Promise<string[]> {
  const source = readFileSync(path.join(here, 'integration.c'), 'utf8');
  const start = source.indexOf('extensions[] = {');
  const table = source.slice(start, source.indexOf('};', start));
  const declared = [...table.matchAll(/\{"(\w+)", (\d+)\}/g)].map((m) => `${m[1]} ${m[2]}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-wlcs-check-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: dir, WAYLAND_DISPLAY: 'check' };
  const wayboard = spawn(
    'node',
    [path.join(root, 'bin/wayboard.js'), '--backend', 'headless', '--socket', 'check'],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(
        () => reject(new Error(`wayboard not ready in 10 s:\n${text}`)),
        10_000,
      );
      wayboard.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!text.includes('ready on check')) return;
        clearTimeout(timer);
        resolve();
      });
      wayboard.once('exit', () => reject(new Error(`wayboard exited:\n${text}`)));
    });
    const info = execFileSync('wayland-info', { env, encoding: 'utf8', timeout: 10_000 });
    const live = [...info.matchAll(/^interface: '(\w+)',\s+version:\s+(\d+)/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    const missing = live
      .filter((e) => !declared.includes(e))
      .map((e) => `wayboard advertises ${e}, the module does not`);
    const extra = declared
      .filter((e) => !live.includes(e))
      .map((e) => `the module declares ${e}, wayboard does not advertise it`);
    return [...missing, ...extra];
  } finally {
    wayboard.kill('SIGTERM');
    await new Promise((resolve) =>
      wayboard.exitCode !== null || wayboard.signalCode !== null
        ? resolve(null)
        : wayboard.once('exit', resolve),
    );
    rmSync(dir, { recursive: true, force: true });
  }
}

interface GtestReport {
  testsuites: {
    name: string;
    testsuite: {
      name: string;
      result: string;
      failures?: { failure: string }[];
      'wlcs-skip-test'?: string;
    }[];
  }[];
}

function readReport(file: string): Result[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as GtestReport;
  return report.testsuites.flatMap((suite) =>
    suite.testsuite.map((t): Result => {
      const message = (t.failures ?? []).map((f) => f.failure).join('\n');
      // wlcs marks a test needing an extension the descriptor lacks with this property
      if (t['wlcs-skip-test'] || t.result === 'SKIPPED')
        return {
          name: `${suite.name}.${t.name}`,
          status: 'skipped',
          message: t['wlcs-skip-test'] ?? '',
        };
      return { name: `${suite.name}.${t.name}`, status: message ? 'failed' : 'passed', message };
    }),
  );
}

/** The test a wlcs log was in the middle of: the last RUN line without a verdict after it. */
function runningTest(log: string): string | undefined {
  const runs = [...log.matchAll(/^\[ RUN {6}\] (\S+)/gm)];
  const last = runs.at(-1);
  if (!last) return undefined;
  const after = log.slice(last.index! + last[0].length);
  return /^\[ {7}OK \]|^\[ {2}FAILED {2}\]|^\[ {5}SKIP \]/m.test(after) ? undefined : last[1];
}

const live = new Set<ChildProcess>();
let outDir = ''; // logs and JSON reports of this run

/** Runs `tests` in one wlcs process; returns their results and those it never reached. */
async function runBatch(
  module: string,
  tests: string[],
  out: string,
  index: number,
): Promise<{ results: Result[]; rest: string[] }> {
  const json = path.join(out, `batch-${index}.json`);
  const logFile = path.join(out, `batch-${index}.log`);
  const log = openSync(logFile, 'w');
  // its own process group: killing the group also ends the wayboard it started
  const child = spawn(
    WLCS,
    [
      module,
      `--gtest_filter=${tests.join(':')}`,
      `--gtest_output=json:${json}`,
      '--gtest_color=no',
    ],
    {
      // TMPDIR: runtime dirs of killed runs stay in `out`, which is removed or reported
      env: { ...process.env, WAYBOARD_ROOT: root, TMPDIR: out },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  live.add(child);
  closeSync(log);
  let hung = false;
  let lastSize = -1;
  let still = 0;
  const watchdog = setInterval(() => {
    const size = readFileSync(logFile).length;
    still = size === lastSize ? still + 1 : 0;
    lastSize = size;
    if (still >= STALL_S) {
      hung = true;
      killGroup(child);
    }
  }, 1000);
  const exit = await new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
  );
  clearInterval(watchdog);
  killGroup(child); // a wayboard orphaned by a crash
  live.delete(child);
  const text = readFileSync(logFile, 'utf8');
  if (existsSync(json) && !hung) return { results: readReport(json), rest: [] };
  // crashed or hung: blame the running test and run the others again in a new process
  const culprit = runningTest(text);
  const reason = hung ? `hung: no output for ${STALL_S} s` : `wlcs exited (${exit})`;
  console.log(
    `${culprit ?? `batch ${index}`}: ${reason}; last output:\n${text.split('\n').slice(-15).join('\n')}`,
  );
  if (culprit) {
    return {
      results: [{ name: culprit, status: 'failed', message: reason }],
      rest: tests.filter((t) => t !== culprit),
    };
  }
  // outside any test (start-up, tear-down): keep the verdicts the log shows, fail the rest
  const verdicts = new Map(
    [
      ...text.matchAll(
        /^\[ {2}FAILED {2}\] (\S+) \(|^\[ {7}OK \] (\S+) \(|^\[ {5}SKIP \] (\S+) \(/gm,
      ),
    ].map((m) => (m[1] ? [m[1], 'failed'] : m[2] ? [m[2], 'passed'] : [m[3]!, 'skipped'])),
  );
  const results = tests.map((name): Result => {
    const status = (verdicts.get(name) as Status | undefined) ?? 'failed';
    return { name, status, message: status === 'failed' ? `${reason} (see ${logFile})` : '' };
  });
  return { results, rest: [] };
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function runAll(module: string, tests: string[], out: string): Promise<Result[]> {
  // small batches keep the workers evenly loaded (some tests wait 10 s for a timeout)
  const size = Math.max(1, Math.min(40, Math.ceil(tests.length / (JOBS * 6))));
  const queue: string[][] = [];
  for (let i = 0; i < tests.length; i += size) queue.push(tests.slice(i, i + size));
  const results: Result[] = [];
  let batches = 0;
  const worker = async (): Promise<void> => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const { results: got, rest } = await runBatch(module, batch, out, batches++);
      results.push(...got);
      if (rest.length) queue.unshift(rest);
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  return results;
}

/** Prints the per-suite counts and what needs attention; returns the total line and
 *  whether the run passes. */
function report(
  results: Result[],
  all: string[],
  problems: string[],
): { ok: boolean; total: string } {
  const known = knownFailures();
  const bySuite = new Map<string, Result[]>();
  for (const r of results)
    bySuite.set(suiteOf(r.name), [...(bySuite.get(suiteOf(r.name)) ?? []), r]);
  const count = (list: Result[], s: Status): number => list.filter((r) => r.status === s).length;
  const summary = (list: Result[]): string => {
    const skipped = count(list, 'skipped');
    return `${count(list, 'passed')} passed, ${count(list, 'failed')} failed${skipped ? `, ${skipped} skipped` : ''}`;
  };
  const unsupported: string[] = [];
  for (const [suite, list] of [...bySuite].sort(([a], [b]) => a.localeCompare(b))) {
    if (count(list, 'skipped') === list.length) unsupported.push(suite);
    else console.log(`${suite}: ${summary(list)}`);
  }
  if (unsupported.length)
    console.log(`skipped whole (extension not advertised): ${unsupported.join(', ')}`);

  const failed = results.filter((r) => r.status === 'failed');
  const unexpected = failed.filter((r) => !known.has(r.name));
  for (const r of VERBOSE ? failed : unexpected) {
    console.log(
      `\n${known.has(r.name) ? 'known' : 'UNEXPECTED'} failure: ${r.name}\n${r.message.split('\n').slice(0, 20).join('\n')}`,
    );
  }
  const passing = results
    .filter((r) => r.status === 'passed' && known.has(r.name))
    .map((r) => r.name);
  if (passing.length)
    console.log(`\nnow passing, remove from known-failures.txt:\n  ${passing.join('\n  ')}`);
  const skippedListed = results
    .filter((r) => r.status === 'skipped' && known.has(r.name))
    .map((r) => r.name);
  if (skippedListed.length) {
    console.log(
      `\nlisted in known-failures.txt but skipped by wlcs, remove:\n  ${skippedListed.join('\n  ')}`,
    );
  }
  const exists = new Set(all);
  const stale = [...known.keys()].filter((t) => !exists.has(t));
  // with a filter, most listed tests are simply not selected
  if (stale.length && all.length === results.length && !process.argv[2]) {
    console.log(`\nknown-failures.txt lists tests wlcs does not have:\n  ${stale.join('\n  ')}`);
  }
  if (unexpected.length)
    console.log(
      `\n${unexpected.length} unexpected failure(s): ${unexpected.map((r) => r.name).join(', ')}`,
    );
  for (const line of problems) console.log(`\n${line}`);
  return { ok: unexpected.length === 0 && problems.length === 0, total: summary(results) };
}

/** The newest mtime under a directory: wlcs runs dist/, which `npm run build` makes from src/. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((max, e) => Math.max(max, statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);
}

async function main(): Promise<number> {
  const started = Date.now();
  if (newest(path.join(root, 'src')) > newest(path.join(root, 'dist'))) {
    console.log('warning: src/ has changed since the last build; wlcs tests dist/ (npm run build)');
  }
  const module = execFileSync(path.join(here, 'build.sh'), { encoding: 'utf8' }).trim();
  const drift = await checkDescriptor();
  const filter = process.argv[2] ?? '*';
  const tests = listTests(module, filter);
  const out = (outDir = mkdtempSync(path.join(tmpdir(), 'wlcs-run-')));
  const results = await runAll(module, tests, out);
  console.log(
    `wlcs: ${tests.length} tests in ${Math.round((Date.now() - started) / 1000)} s with ${JOBS} jobs`,
  );
  const problems = drift.map((d) => `extension table drift: ${d} (fix test/wlcs/integration.c)`);
  const { ok, total } = report(results, tests, problems);
  if (ok) rmSync(out, { recursive: true, force: true });
  else console.log(`wlcs logs and reports: ${out}`);
  console.log(total); // the last line, for CI
  return ok ? 0 : 1;
}

// never let a hung run hang CI
const deadline = setTimeout(() => {
  console.error(
    `test:wlcs: the run did not finish in ${TIMEOUT_S} s (WLCS_TIMEOUT_S); killing wlcs. Logs: ${outDir}`,
  );
  for (const child of live) killGroup(child);
  process.exit(1);
}, TIMEOUT_S * 1000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of live) killGroup(child);
    process.exit(130);
  });
}

main().then(
  (code) => {
    clearTimeout(deadline);
    process.exit(code);
  },
  (error: Error) => {
    console.error(`test:wlcs: ${error.message}`);
    for (const child of live) killGroup(child);
    process.exit(1);
  },
);
