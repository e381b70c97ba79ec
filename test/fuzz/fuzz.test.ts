// The fuzzer as a test: fixed seeds, 30 s each, against a fresh wayboard with a bystander
// client. No crash, no hang (`ctl state` answered within 1 s throughout), the bystander kept
// getting frames, and the run reached deep: many interfaces, and protocol errors (the
// compositor did say no).
import { expect, it } from 'vitest';
import { formatReport, runFuzz } from './run.js';

for (const seed of [1, 2]) {
  it(`seed ${seed}: 30 s of random requests`, { timeout: 90_000 }, async () => {
    const report = await runFuzz({ seconds: 30, seed });
    const summary = formatReport(report);
    expect(report.failures, summary).toEqual([]);
    // 60 Hz nominal; at least a few per second under the fuzzing load of a 2-core machine
    expect(report.bystanderFrames, summary).toBeGreaterThan(30 * 5);
    expect(report.stats.requestsByInterface.size, summary).toBeGreaterThanOrEqual(15);
    const errors = [...report.stats.errorsByCode.values()].reduce((a, b) => a + b, 0);
    expect(errors, summary).toBeGreaterThan(0);
  });
}
