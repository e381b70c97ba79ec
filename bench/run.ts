// `npm run bench`: every benchmark, with figures and ratios against weston measured in the
// same run. Needs a built checkout (npm run build). Writes bench/results.json.
// `npm run bench -- cpu` runs only the benches whose name contains "cpu".
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldStartBench } from './cold-start.js';
import { cpuPerFrameBench } from './cpu-per-frame.js';
import { frameRateBench } from './frame-rate.js';
import { tapLatencyBench } from './tap-latency.js';

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  'compositor cpu per client frame, wayboard against weston 10': cpuPerFrameBench,
  'frame rate, weston-simple-shm on a 60 Hz headless output': frameRateBench,
  'tap on a key to text in a text-input-v2 client': tapLatencyBench,
  "cold start to a kiosk client's first frame, wayboard against weston 10": coldStartBench,
};

const only = process.argv[2];
const results: Record<string, unknown> = { date: new Date().toISOString() };
for (const [name, bench] of Object.entries(benches)) {
  if (only && !name.includes(only)) continue;
  const started = Date.now();
  const { table, ...figures } = await bench();
  results[name] = figures;
  console.log(`${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (typeof table === 'string') {
    console.log(table);
    continue;
  }
  for (const [key, value] of Object.entries(figures))
    if (typeof value === 'number')
      console.log(`  ${key}: ${Number.isInteger(value) ? value : value.toFixed(2)}`);
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)}`);
