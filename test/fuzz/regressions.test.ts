// Every crash, hang or internal error the fuzzer found, as the minimal request sequence that
// caused it (test/fuzz/regressions/*.json, from `replay.ts FILE --minimize`), replayed on a
// fresh wayboard, which must survive it, answer `ctl state`, log no internal error, and
// exit 0 on SIGTERM afterwards. A bug still open ("status": "open") is expected to fail:
// once fixed, its test says so, and the status goes.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readLogFile } from './log-file.js';
import { replayFresh, replayableOf } from './reproduce.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'regressions');

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const data = readLogFile(path.join(dir, file));
  const test = data.status === 'open' ? it.fails : it;
  test(`${file} (${data.kind})`, async () => {
    expect(await replayFresh(replayableOf(data.sessions))).toEqual({ failed: false });
  });
}
