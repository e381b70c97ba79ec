// `npm run test:wlcs`: the wlcs conformance suite against wayboard. Builds the integration
// module, runs the suite in parallel shards (each test starts its own wayboard), prints
// "N passed, N failed" per suite and in total, and fails on any failure not listed in
// test/wlcs/known-failures.txt. Listed tests that now pass are reported for removal.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const WLCS = '/usr/lib/x86_64-linux-gnu/wlcs/wlcs';
const SHARDS = Number(process.env.WLCS_SHARDS ?? 8);
const TIMEOUT_MS = Number(process.env.WLCS_TIMEOUT_S ?? 900) * 1000;

interface Result {
  name: string;
  suite: string;
  status: 'passed' | 'failed' | 'skipped';
}

function knownFailures(): Map<string, string> {
  const known = new Map<string, string>();
  for (const line of readFileSync(path.join(here, 'known-failures.txt'), 'utf8').split('\n')) {
    const [test, reason = ''] = line.split('#').map((s) => s.trim());
    if (test) known.set(test, reason);
  }
  return known;
}

/** a test of an extension wayboard does not advertise: wlcs throws in its fixture */
function skipped(test: { result: string; failures?: unknown[] }): boolean {
  if (test.result === 'SKIPPED' || test.result === 'SUPPRESSED') return true;
  return JSON.stringify(test.failures ?? []).includes('not supported by compositor under test');
}

function runShard(module: string, index: number, out: string, filter: string): Promise<Result[]> {
  const json = path.join(out, `shard-${index}.json`);
  const child = spawn(
    WLCS,
    [module, `--gtest_output=json:${json}`, ...(filter ? [`--gtest_filter=${filter}`] : [])],
    {
      env: {
        ...process.env,
        GTEST_TOTAL_SHARDS: String(SHARDS),
        GTEST_SHARD_INDEX: String(index),
        WAYBOARD_ROOT: path.resolve(here, '../..'),
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wlcs shard ${index} did not finish in ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      if (!existsSync(json))
        return reject(new Error(`wlcs shard ${index} wrote no results (crashed?)`));
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        testsuites: {
          name: string;
          testsuite: { name: string; result: string; failures?: unknown[] }[];
        }[];
      };
      resolve(
        report.testsuites.flatMap((suite) =>
          suite.testsuite.map((t) => ({
            name: `${suite.name}.${t.name}`,
            suite: suite.name,
            status: skipped(t) ? 'skipped' : t.failures?.length ? 'failed' : 'passed',
          })),
        ),
      );
    });
  });
}

async function main(): Promise<number> {
  const module = execFileSync(path.join(here, 'build.sh')).toString().trim();
  const out = mkdtempSync(path.join(tmpdir(), 'wlcs-'));
  const started = Date.now();
  const results = (
    await Promise.all(
      Array.from({ length: SHARDS }, (_, i) => runShard(module, i, out, process.argv[2] ?? '')),
    )
  ).flat();
  const suites = new Map<string, Result[]>();
  for (const r of results) suites.set(r.suite, [...(suites.get(r.suite) ?? []), r]);
  const count = (list: Result[], status: Result['status']) =>
    list.filter((r) => r.status === status).length;
  for (const [suite, list] of [...suites].sort()) {
    if (count(list, 'skipped') === list.length) continue;
    console.log(
      `${suite}: ${count(list, 'passed')} passed, ${count(list, 'failed')} failed, ${count(list, 'skipped')} skipped`,
    );
  }
  const known = knownFailures();
  const unexpected = results.filter((r) => r.status === 'failed' && !known.has(r.name));
  const fixed = results.filter((r) => r.status === 'passed' && known.has(r.name));
  for (const r of unexpected) console.log(`unexpected failure: ${r.name}`);
  for (const r of fixed) console.log(`now passing, remove from known-failures.txt: ${r.name}`);
  console.log(`wlcs took ${Math.round((Date.now() - started) / 1000)} s in ${SHARDS} shards`);
  console.log(
    `wlcs: ${count(results, 'passed')} passed, ${count(results, 'failed')} failed, ${count(results, 'skipped')} skipped`,
  );
  return unexpected.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`test:wlcs: ${error.message}`);
    process.exit(1);
  },
);
