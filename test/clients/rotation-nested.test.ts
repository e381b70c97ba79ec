// A rotated output of a nested wayboard: the parent's window shows the panel (the nested
// framebuffer, turned), and a touch the parent delivers at a window point — panel pixels —
// reaches the nested client at the layout point panelToLayout makes of it.
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';

let parent: Wayboard | undefined;
let nested: Wayboard | undefined;
afterAll(async () => {
  await nested?.stop();
  await parent?.stop();
});

it('a touch on a rotate-90 nested output lands where the layout has it', async () => {
  parent = await Wayboard.start(['--backend', 'headless', '--output', '1280x720']);
  nested = await Wayboard.start(['--backend', 'wayland', '--output', '1280x720,rotate-90'], [], {
    WAYLAND_DISPLAY: path.join(parent.runtimeDir, parent.name),
  });
  const window = await parent.waitForSurface('wayboard');
  const probe = nested.spawnClient(buildFixture('transform-probe', ['xdg-shell']), ['0']);
  await probe.waitForLine(/^ready$/);
  await nested.waitForSurface('transform-probe');
  // the window is the panel: 1280×720; the nested layout is 720×1280
  expect(window).toMatchObject({ width: 1280, height: 720 });
  expect((await nested.state()).outputs[0]).toMatchObject({ width: 720, height: 1280 });
  // panel (x, y) shows layout (719 - y, x): the probe's red top-left quadrant (layout 50, 25)
  // is at panel (25, 669), its green one (layout 150, 25) at panel (25, 569)
  await waitFor('the probe in the parent', async () => {
    const shot = await parent!.screenshot();
    const at = (x: number, y: number) =>
      shot
        .pixel(window.x + x, window.y + y)
        .slice(0, 3)
        .join();
    return at(25, 669) === '255,0,0' && at(25, 569) === '0,255,0';
  });
  // a tap on the window at (60, 650) is the layout point (720 - 650, 60) = (70, 60)
  await parent.tap(window.x + 60, window.y + 650);
  await probe.waitForLine(/^touch down \d+ 70 60$/);
});
