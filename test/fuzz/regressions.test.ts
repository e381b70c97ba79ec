// Every crash, hang or internal error the fuzzer found, as the minimal request sequence that
// caused it (test/fuzz/regressions/*.json, written by `replay.ts FILE --minimize`): replayed
// on a fresh wayboard, which must survive it, answer `ctl state`, log no internal error, and
// exit 0 on SIGTERM afterwards.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { RequestLogFile } from './replay.js';
import { replayFresh, replayableOf } from './reproduce.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'regressions');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as RequestLogFile;
  it(`${file}: ${data.description ?? data.kind}`, async () => {
    expect(await replayFresh(replayableOf(data.sessions))).toEqual({ failed: false });
  });
}
