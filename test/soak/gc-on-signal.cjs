// Loaded into the soaked compositor (node --expose-gc -r THIS): on SIGUSR2 a full garbage
// collection, then one line on stderr with the live JS heap. The soak's quiet samples then
// measure what the compositor keeps, not where V8's collection schedule happens to be.
const v8 = require('node:v8');

process.on('SIGUSR2', () => {
  globalThis.gc();
  const usedKb = Math.round(v8.getHeapStatistics().used_heap_size / 1024);
  process.stderr.write(`soak-gc heap_used_kb ${usedKb}\n`);
});
