// Rotated outputs and buffer transforms, with a real libwayland client (transform-probe: a
// 200×100 buffer of red, green, blue and white quadrants) and wayland-info. Screenshots show
// the panel's pixels, as a rotated screen holds them; `ctl` coordinates are layout ones.
// The expected positions below are worked out by hand from wl_output.transform's meaning
// (90: what is drawn turns a quarter counter-clockwise onto the panel, as in weston).
import { spawnSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';
import type { Image } from '../harness/png.js';

const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const BLUE = [0, 0, 255];
const WHITE = [255, 255, 255];
const BACKGROUND = [0x20, 0x21, 0x24];

let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

async function startProbe(outputSpec: string, bufferTransform: number) {
  wayboard = await Wayboard.start(['--output', outputSpec]);
  const probe = wayboard.spawnClient(buildFixture('transform-probe', ['xdg-shell']), [
    String(bufferTransform),
  ]);
  await probe.waitForLine(/^ready$/);
  const surface = await wayboard.waitForSurface('transform-probe');
  return { probe, surface };
}

/** the screenshot once the probe's pixels are in it */
async function shotWith(x: number, y: number, colour: number[]): Promise<Image> {
  return waitFor(`colour ${colour} at ${x},${y}`, async () => {
    const shot = await wayboard!.screenshot();
    return shot.pixel(x, y).slice(0, 3).join() === colour.join() ? shot : undefined;
  });
}

const rgb = (shot: Image, x: number, y: number) => shot.pixel(x, y).slice(0, 3);

it('rotate-90: a 640×480 panel shows a 480×640 layout turned a quarter', async () => {
  const { probe, surface } = await startProbe('640x480@60,rotate-90', 0);
  const state = await wayboard!.state();
  expect(state.outputs[0]).toMatchObject({ width: 480, height: 640 });
  expect(surface).toMatchObject({ x: 0, y: 0, width: 200, height: 100 });
  // the client hears the panel's mode and the transform
  expect(probe.lines).toContain('output geometry 1');
  expect(probe.lines).toContain('output mode 640 480');
  // layout pixel (x, y) is panel pixel (y, 479 - x): the layout's top-left corner is at the
  // panel's bottom-left, and layout x runs up the panel
  const shot = await shotWith(25, 429, RED); // layout (50, 25)
  expect([shot.width, shot.height]).toEqual([640, 480]);
  expect(rgb(shot, 25, 329)).toEqual(GREEN); // layout (150, 25)
  expect(rgb(shot, 75, 429)).toEqual(BLUE); // layout (50, 75)
  expect(rgb(shot, 75, 329)).toEqual(WHITE); // layout (150, 75)
  expect(rgb(shot, 25, 250)).toEqual(BACKGROUND); // layout (229, 25): right of the surface
  expect(rgb(shot, 600, 100)).toEqual(BACKGROUND);
});

it('rotate-90: a tap and a pointer at layout points land on the surface-local points', async () => {
  const { probe } = await startProbe('640x480,rotate-90', 0);
  await wayboard!.tap(150, 75);
  await probe.waitForLine(/^touch down \d+ 150 75$/);
  await wayboard!.ctl('pointer', 'move', 30, 90);
  await probe.waitForLine(/^pointer (enter|motion) 30 90$/);
});

it('rotate-180 and flipped-270 put the quadrants where the transform does', async () => {
  // 180: layout pixel (x, y) is panel pixel (639 - x, 479 - y)
  await startProbe('640x480,rotate-180', 0);
  let shot = await shotWith(589, 454, RED); // layout (50, 25)
  expect(rgb(shot, 489, 454)).toEqual(GREEN);
  expect(rgb(shot, 589, 404)).toEqual(BLUE);
  expect(rgb(shot, 489, 404)).toEqual(WHITE);
  await wayboard!.stop();
  // flipped-270 (a 480×640 layout): layout pixel (x, y) is panel pixel (639 - y, 479 - x)
  await startProbe('640x480,flipped-270', 0);
  shot = await shotWith(614, 429, RED); // layout (50, 25)
  expect(rgb(shot, 614, 329)).toEqual(GREEN); // layout (150, 25)
  expect(rgb(shot, 564, 429)).toEqual(BLUE); // layout (50, 75)
  expect(rgb(shot, 564, 329)).toEqual(WHITE); // layout (150, 75)
});

it('a buffer drawn with transform 90 is shown turned a quarter clockwise', async () => {
  const { probe, surface } = await startProbe('640x480', 1);
  // the 200×100 buffer makes a 100×200 surface
  expect(surface).toMatchObject({ width: 100, height: 200 });
  // surface pixel (x, y) shows buffer pixel (y, 99 - x): the buffer's top-left corner is at
  // the surface's top-right
  const shot = await shotWith(75, 50, RED); // buffer (50, 24)
  expect(rgb(shot, 75, 150)).toEqual(GREEN); // buffer (150, 24)
  expect(rgb(shot, 25, 50)).toEqual(BLUE); // buffer (50, 74)
  expect(rgb(shot, 25, 150)).toEqual(WHITE); // buffer (150, 74)
  expect(rgb(shot, 150, 50)).toEqual(BACKGROUND); // right of the 100-wide surface
  await wayboard!.tap(90, 190);
  await probe.waitForLine(/^touch down \d+ 90 190$/);
});

it('a buffer pre-rotated like its rotate-90 output lands on the panel unturned', async () => {
  await startProbe('640x480,rotate-90', 1);
  // both 90: the buffer's pixels go straight to the panel, its top-left at panel (0, 380)
  const shot = await shotWith(50, 405, RED);
  expect(rgb(shot, 150, 405)).toEqual(GREEN);
  expect(rgb(shot, 50, 455)).toEqual(BLUE);
  expect(rgb(shot, 150, 455)).toEqual(WHITE);
});

it('wayland-info: wl_output reports the transform and the panel mode, xdg-output the layout size', async () => {
  wayboard = await Wayboard.start(['--output', '1280x720,rotate-270']);
  const info = spawnSync('wayland-info', { env: wayboard.env, encoding: 'utf8', timeout: 10000 });
  expect(info.status, info.stderr).toBe(0);
  expect(info.stdout).toMatch(/output_transform: 270/);
  expect(info.stdout).toMatch(/width: 1280 px, height: 720 px/);
  expect(info.stdout).toMatch(/logical_width: 720, logical_height: 1280/);
});
