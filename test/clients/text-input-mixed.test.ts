// Qt 6 types over text-input-v2, and clients of different protocol versions side by side:
// text goes only to the focused one, whatever the mix.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { tapKey, tapText, waitForPanel } from '../harness/osk.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const NAME_FIELD = [300, 60] as const; // in test/fixtures/form.qml

let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

it('Qt 6 (qml) types hello by taps over text-input-v2, Backspace deletes', async () => {
  wayboard = await Wayboard.start();
  const qt6 = wayboard.spawnClient('/usr/lib/qt6/bin/qml', [path.join(fixtures, 'form.qml')]);
  await wayboard.waitForSurface('org.qt-project.qml');
  await wayboard.tap(...NAME_FIELD);
  await waitForPanel(wayboard);
  expect((await wayboard.state()).seats[0].text_input).toMatchObject({
    protocol: 'text-input-v2',
    enabled: true,
  });
  await tapText(wayboard, 'hello');
  await qt6.waitForLine(/^qml: text name hello$/);
  await tapKey(wayboard, (k) => k.action === 'backspace');
  await qt6.waitForLine(/^qml: text name hell$/);
});

it('Qt 5 (v2) and GTK (v3) side by side: text goes only to the one with focus', async () => {
  // one output each; a tap on a window gives it focus
  wayboard = await Wayboard.start(['--output', '1280x720', '--output', '1280x720']);
  const qt = wayboard.spawnClient('qmlscene', [path.join(fixtures, 'form.qml')]);
  await wayboard.waitForSurface('org.qt-project.qmlscene');
  const gtk = wayboard.spawnClient('/usr/bin/python3', [path.join(fixtures, 'gtk-entry.py'), '3']);
  await wayboard.waitForSurface('org.wayboard.GtkEntry3');
  await gtk.waitForLine(/^focus entry$/);
  const panel = (await waitForPanel(wayboard)).keys[0];
  expect(panel.x).toBeGreaterThanOrEqual(1280); // on GTK's output
  await tapText(wayboard, 'abc');
  await gtk.waitForLine(/^text: abc$/);

  await wayboard.tap(...NAME_FIELD); // Qt's field, on the first output
  await waitFor("the keyboard on Qt's output", async () => {
    const keys = await waitForPanel(wayboard!);
    return keys.keys[0].x < 1280 || undefined;
  });
  await tapText(wayboard, 'xy');
  await qt.waitForLine(/^qml: text name xy$/);
  expect(gtk.lines.filter((l) => l.startsWith('text:')).at(-1)).toBe('text: abc');
  expect(qt.lines.some((l) => /text name .*abc/.test(l))).toBe(false);
  expect((await wayboard.state()).seats[0].text_input).toMatchObject({ protocol: 'text-input-v2' });
});
