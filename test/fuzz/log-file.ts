// The request-log files: what the fuzzer writes on a failure (.test-out/fuzz/crash-*.json),
// what replay.ts --minimize writes, and the regressions (test/fuzz/regressions/*.json).
// One request per line, so a minimal sequence reads (and diffs) as a list.
import { readFileSync, writeFileSync } from 'node:fs';
import type { SessionLog } from './fuzz-client.js';

export interface RequestLogFile {
  /** for regressions: what went wrong, and where it was found */
  description?: string;
  /** "open": the bug is not fixed yet (its regression test expects the failure) */
  status?: 'open';
  seed?: number;
  kind?: string;
  detail?: string;
  /** sessions (connections), most recently active first in crash files */
  sessions: SessionLog[];
}

export function readLogFile(file: string): RequestLogFile {
  return JSON.parse(readFileSync(file, 'utf8')) as RequestLogFile;
}

export function writeLogFile(file: string, data: RequestLogFile): void {
  const { sessions, ...head } = data;
  const lines = ['{'];
  for (const [key, value] of Object.entries(head))
    lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  lines.push('  "sessions": [');
  sessions.forEach((session, i) => {
    const { requests, ...rest } = session;
    lines.push(`    {`);
    for (const [key, value] of Object.entries(rest))
      lines.push(`      ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    lines.push('      "requests": [');
    requests.forEach((r, j) =>
      lines.push(`        ${JSON.stringify(r)}${j < requests.length - 1 ? ',' : ''}`),
    );
    lines.push('      ]');
    lines.push(`    }${i < sessions.length - 1 ? ',' : ''}`);
  });
  lines.push('  ]', '}');
  writeFileSync(file, `${lines.join('\n')}\n`);
}
