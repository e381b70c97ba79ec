// weston-simple-shm renders and keeps getting frames; a static client leaves the compositor idle.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { Wayboard } from '../harness/wayboard.js';

const BACKGROUND = [0x20, 0x21, 0x24];
let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

it('weston-simple-shm shows its pixels and keeps getting frame callbacks', async () => {
  wayboard = await Wayboard.start();
  wayboard.spawnClient('weston-simple-shm');
  const surface = await wayboard.waitForSurface('org.freedesktop.weston.simple-shm');
  expect(surface).toMatchObject({ x: 0, y: 0, width: 250, height: 250 });
  await sleep(300);
  const shot = await wayboard.screenshot();
  // its centre is drawn, not the background; outside it the background remains
  expect(shot.pixel(125, 125).slice(0, 3)).not.toEqual(BACKGROUND);
  expect(shot.pixel(800, 500).slice(0, 3)).toEqual(BACKGROUND);
  const first = (await wayboard.state()).outputs[0].repaints;
  await sleep(1000);
  const second = (await wayboard.state()).outputs[0].repaints;
  // a 60 Hz output repaints about 60 times a second while the client animates
  expect(second - first).toBeGreaterThan(45);
  expect(second - first).toBeLessThan(70);
});

it('idle: with one static client, no repaint and no timer over 3 s', async () => {
  wayboard = await Wayboard.start();
  const probe = wayboard.spawnClient(buildFixture('input-probe', ['xdg-shell']));
  await probe.waitForLine(/^ready$/);
  await wayboard.waitForSurface('input-probe');
  await sleep(500);
  const before = (await wayboard.state()).outputs[0].repaints;
  // every syscall that waits or arms a timer, for 3 s, on every thread
  const trace = spawnSync(
    'timeout',
    [
      '3',
      'strace',
      '-f',
      '-qq',
      '-e',
      'trace=timerfd_settime,epoll_wait,epoll_pwait,nanosleep,clock_nanosleep',
      '-p',
      String(wayboard.process.pid),
    ],
    { encoding: 'utf8', timeout: 10000 },
  ).stderr;
  // strace pads the pid to a fixed width: "[pid   467] ..."
  const mainThread = trace
    .split('\n')
    .filter((l) => new RegExp(`^\\[pid\\s+${wayboard!.process.pid}\\]`).test(l));
  // the event loop sleeps in one epoll wait the whole time: never woken, no timer armed
  expect(mainThread.length, trace).toBe(1);
  expect(mainThread[0]).toMatch(/epoll_pwait\(\d+,\s+<(unfinished|detached)/);
  expect(trace).not.toMatch(/timerfd_settime/);
  const after = (await wayboard.state()).outputs[0].repaints;
  expect(after).toBe(before);
}, 20000);
