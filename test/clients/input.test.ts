// Pointer and touch injected with `ctl` reach the surface under them in surface-local
// coordinates; the input-probe fixture prints what it receives.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { Wayboard, waitFor, type Client } from '../harness/wayboard.js';

let wayboard: Wayboard;
let probe: Client;
let second: Client;
// two outputs side by side: the probe goes to the first, a second probe to the second
beforeAll(async () => {
  wayboard = await Wayboard.start(['--output', '800x600@60', '--output', '640x480@60']);
  probe = wayboard.spawnClient(buildFixture('input-probe', ['xdg-shell']));
  await probe.waitForLine(/^ready$/);
  await wayboard.waitForSurface('input-probe');
});
afterAll(() => wayboard.stop());

it('pointer motion and buttons arrive in surface coordinates', async () => {
  await wayboard.ctl('pointer', 'move', 100, 50);
  await probe.waitForLine(/^pointer (enter|motion) 100 50$/);
  await wayboard.ctl('pointer', 'move', 321, 123);
  await probe.waitForLine(/^pointer motion 321 123$/);
  await wayboard.ctl('pointer', 'button', 'left', 'press');
  await wayboard.ctl('pointer', 'button', 'left', 'release');
  await probe.waitForLine(/^pointer button 272 1$/);
  await probe.waitForLine(/^pointer button 272 0$/);
});

it('touch down, motion and up arrive in surface coordinates', async () => {
  await wayboard.ctl('touch', 'down', 3, 40, 30);
  await probe.waitForLine(/^touch down 3 40 30$/);
  await wayboard.ctl('touch', 'motion', 3, 60, 35);
  await probe.waitForLine(/^touch motion 3 60 35$/);
  await wayboard.ctl('touch', 'up', 3);
  await probe.waitForLine(/^touch up 3$/);
});

it('a second client on the second output gets coordinates local to itself', async () => {
  second = wayboard.spawnClient(buildFixture('input-probe', ['xdg-shell']));
  await second.waitForLine(/^ready$/);
  await second.waitForLine(/^configure 640 480$/);
  const state = await wayboard.state();
  const surfaces = state.surfaces.filter((s) => s.app_id === 'input-probe');
  expect(surfaces.map((s) => [s.x, s.width])).toEqual([
    [0, 800],
    [800, 640],
  ]);
  await wayboard.tap(810, 20);
  await second.waitForLine(/^touch down 99 10 20$/);
  expect(probe.lines).not.toContain('touch down 99 10 20');
});

it('a key reaches only the focused client', async () => {
  await wayboard.ctl('key', 'a');
  const state = await wayboard.state();
  const focused = state.surfaces.find((s) => s.id === state.focus.keyboard)!;
  expect(focused.x).toBe(800); // the newest toplevel
  await second.waitForLine(/^key 30 1$/);
  expect(probe.lines.filter((l) => l.startsWith('key 30'))).toEqual([]);
});

it('a held modifier arrives as key and modifiers events', async () => {
  // the index of the first line matching, at or after `from`
  const next = (pattern: RegExp, from: number) =>
    waitFor(`${pattern} from the probe`, () => {
      const i = second.lines.findIndex((l, n) => n >= from && pattern.test(l));
      return i >= 0 ? i : undefined;
    });
  const start = second.lines.length;
  await wayboard.ctl('key', 'Shift_L', 'press');
  let at = await next(/^key 42 1$/, start); // KEY_LEFTSHIFT
  at = await next(/^modifiers 1 0 0 0$/, at); // Shift depressed
  await wayboard.ctl('key', 'Shift_L', 'release');
  at = await next(/^key 42 0$/, at);
  await next(/^modifiers 0 0 0 0$/, at);
});
