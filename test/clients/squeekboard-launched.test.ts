// `--input-method squeekboard`: wayboard starts the keyboard itself (trusted), it types into
// a GTK entry while the built-in keyboard stays hidden; killed, it is restarted; killed again
// and again, the built-in keyboard takes over.
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { waitForPanel } from '../harness/osk.js';
import { squeekboardKey, squeekboardSettings } from '../harness/squeekboard.js';
import { Wayboard, waitFor, type SurfaceInfo } from '../harness/wayboard.js';

const fixture = fileURLToPath(new URL('../fixtures/gtk-entry.py', import.meta.url));
const settings = squeekboardSettings();
let wayboard: Wayboard | undefined;
afterAll(async () => {
  await wayboard?.stop();
  settings.cleanup();
});

const squeekboardPanel = (previousPid?: number) =>
  waitFor(
    'squeekboard panel',
    async (): Promise<SurfaceInfo | undefined> =>
      (await wayboard!.state()).surfaces.find(
        (s) => s.role === 'layer' && s.mapped && s.pid !== previousPid,
      ),
    20000,
  );

it('squeekboard run by wayboard types, is restarted when killed, and replaced after 5 deaths', async () => {
  wayboard = await Wayboard.start(
    ['--output', '800x600@60', '--input-method', 'squeekboard'],
    [],
    settings.env,
  );
  const gtk = wayboard.spawnClient('/usr/bin/python3', [fixture, '3']);
  await gtk.waitForLine(/^focus entry$/);
  let panel = await squeekboardPanel();
  expect((await wayboard.state()).seats[0].panel.visible).toBe(false); // no built-in keyboard
  await wayboard.tap(...squeekboardKey(panel, 'h'));
  await gtk.waitForLine(/^text: h$/);
  await wayboard.tap(...squeekboardKey(panel, 'i'));
  await gtk.waitForLine(/^text: hi$/);

  // killed: wayboard starts it again, and it serves the field again
  process.kill(panel.pid, 'SIGKILL');
  panel = await squeekboardPanel(panel.pid);
  expect(wayboard.stderr).toMatch(/input method squeekboard was killed by SIGKILL; restarting/);
  expect((await wayboard.state()).seats[0].panel.visible).toBe(false);

  // four more deaths within the minute: the built-in keyboard takes over
  for (let death = 2; death <= 5; death++) {
    process.kill(panel.pid, 'SIGKILL');
    if (death < 5) panel = await squeekboardPanel(panel.pid);
  }
  await waitFor('the built-in keyboard', () =>
    /the built-in keyboard takes over/.test(wayboard!.stderr) ? true : undefined,
  );
  const keys = await waitForPanel(wayboard);
  expect(keys.keys.length).toBeGreaterThan(20);
  await wayboard.ctl('type', 'yo');
  await gtk.waitForLine(/^text: hiyo$/);
});
