// A client's bad request becomes a protocol error for that client alone: the compositor and
// the other clients keep running. A client killed mid-frame leaves no surface behind.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, runBadClient, startWithBystander } from '../harness/bystander.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';

let wayboard: Wayboard;
beforeAll(async () => {
  wayboard = await startWithBystander();
});
afterAll(() => wayboard.stop());

const cases: [string, RegExp][] = [
  ['bad-enum', /^error wl_surface 1$/], // invalid_transform
  ['destroyed-buffer', /^error wl_display 1$/], // invalid_method: the object is gone
  ['bad-ack', /^error xdg_surface 4$/], // invalid_serial
  ['zero-pool', /^error wl_shm 1$/], // invalid_stride (libwayland's name for a bad size)
  ['big-pool', /^error wl_buffer 2$/], // invalid_fd: reading the pool hit SIGBUS
  // wl_shm sizes: every one is checked before a pixel is read (src/compositor/shm.ts)
  ['short-stride', /^error wl_shm_pool 1$/], // invalid_stride: stride < width * 4
  ['odd-stride', /^error wl_shm_pool 1$/], // invalid_stride: not a multiple of 4
  ['row-past-pool', /^error wl_shm_pool 1$/], // invalid_stride: the last row ends past the pool
  ['wrapping-size', /^error wl_shm_pool 1$/], // invalid_stride: 64-bit arithmetic, no wrap
  ['bad-format', /^error wl_shm_pool 0$/], // invalid_format
  ['pipe-fd', /^error wl_shm 2$/], // invalid_fd: mmap failed
  ['shrink-pool', /^error wl_shm_pool 1$/], // invalid_stride: a pool only grows
  ['many-pools', /^error wl_display 2$/], // no_memory: more pools than a client may hold
  ['huge-pools', /^error wl_display 2$/], // no_memory: more mapped bytes than a client may hold
];

for (const [mode, expected] of cases) {
  it(`${mode}: the client gets a protocol error, others keep running`, async () => {
    const result = runBadClient(wayboard, mode);
    expect(result.stdout).toMatch(expected);
    expect(result.status).toBe(0);
    await expectStillServing(wayboard);
  });
}

it('the shm pools of the bad clients, all gone now, are unmapped', () => {
  const maps = readFileSync(`/proc/${wayboard.process.pid}/maps`, 'utf8');
  expect(maps.split('\n').filter((line) => line.includes('memfd:bad-client'))).toEqual([]);
});

it('SIGKILL in the middle of frames leaves the compositor running and the surface gone', async () => {
  const victim = wayboard.spawnClient('weston-simple-shm');
  await waitFor(
    'two simple-shm surfaces',
    async () =>
      (await wayboard.state()).surfaces.filter(
        (s) => s.app_id === 'org.freedesktop.weston.simple-shm',
      ).length === 2 || undefined,
  );
  victim.process.kill('SIGKILL');
  await waitFor(
    "the killed client's surface to go",
    async () =>
      (await wayboard.state()).surfaces.every((s) => s.pid !== victim.process.pid) || undefined,
  );
  await expectStillServing(wayboard);
});
