// `npm run bench`: every benchmark, with figures and ratios against weston measured in the
// same run. Needs a built checkout (npm run build).
import { frameRateBench } from './frame-rate.js';
import { tapLatencyBench } from './tap-latency.js';

const benches: Record<string, () => Promise<Record<string, number>>> = {
  'frame rate, weston-simple-shm on a 60 Hz headless output': frameRateBench,
  'tap on a key to text in a text-input-v2 client': tapLatencyBench,
};

const only = process.argv[2];
for (const [name, bench] of Object.entries(benches)) {
  if (only && !name.includes(only)) continue;
  const figures = await bench();
  console.log(name);
  for (const [key, value] of Object.entries(figures))
    console.log(`  ${key}: ${Number.isInteger(value) ? value : value.toFixed(2)}`);
}
