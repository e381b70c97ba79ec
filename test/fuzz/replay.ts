// `npx tsx test/fuzz/replay.ts FILE [--minimize] [--bystander]`
// Replays a request log the fuzzer wrote (.test-out/fuzz/crash-SEED-N.json) against a fresh
// wayboard and says whether it fails the same way. With --minimize, shrinks it by delta
// debugging, prints the minimal sequence and writes it to FILE with .min.json: the stuff of
// a regression test (test/fuzz/regressions/).
import type { SessionLog } from './fuzz-client.js';
import { readLogFile, writeLogFile, type RequestLogFile } from './log-file.js';
import {
  describe,
  minimize,
  renumber,
  replayFresh,
  replayableOf,
  type Outcome,
  type Replayable,
} from './reproduce.js';

/** the (renumbered) items regrouped into sessions, as a file can hold them */
export function toSessions(log: Replayable): SessionLog[] {
  const items = renumber(log.items);
  const order = [...new Set(items.map((i) => i.session))];
  return order.map((session) => {
    const requests = items
      .map((item, seq) => ({ ...item, seq }))
      .filter((item) => item.session === session)
      .map(({ request, seq }) => ({ ...request, seq }));
    return {
      connection: order.indexOf(session),
      firstSeq: requests[0]!.seq,
      lastSeq: requests[requests.length - 1]!.seq,
      requests,
      end: log.closed.has(session) ? 'closed' : 'open',
    };
  });
}

const show = (o: Outcome) => (o.failed ? `${o.kind}: ${o.detail}` : 'no failure');

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: tsx test/fuzz/replay.ts FILE [--minimize] [--bystander]\n');
    return 2;
  }
  const bystander = argv.includes('--bystander');
  const data = readLogFile(file);
  const log = replayableOf(data.sessions);
  process.stdout.write(
    `${file}: ${log.items.length} requests in ${data.sessions.length} sessions` +
      `${data.kind ? `; recorded: ${data.kind}: ${data.detail}` : ''}\n`,
  );
  const outcome = await replayFresh(log, bystander);
  process.stdout.write(`replay: ${show(outcome)}\n`);
  if (!outcome.failed || !argv.includes('--minimize')) return outcome.failed ? 1 : 0;

  const minimal = await minimize(log, outcome, (line) => process.stderr.write(`${line}\n`));
  const check = await replayFresh(minimal, bystander);
  process.stdout.write(
    `minimal sequence (${minimal.items.length} requests; replays as: ${show(check)}):\n`,
  );
  for (const line of describe(minimal)) process.stdout.write(`  ${line}\n`);
  const out = file.replace(/(\.min)?\.json$/, '') + '.min.json';
  const result: RequestLogFile = {
    kind: outcome.kind,
    detail: outcome.detail,
    sessions: toSessions(minimal),
  };
  writeLogFile(out, result);
  process.stdout.write(`written to ${out}\n`);
  return 1;
}

process.exit(await main(process.argv.slice(2)));
