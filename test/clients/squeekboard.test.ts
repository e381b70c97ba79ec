// squeekboard (Debian's phosh keyboard: input-method-v2, virtual-keyboard, layer-shell) as
// the external input method, handed over like a program wayboard trusts, typing into a GTK 3
// entry (text-input-v3). It replaces the built-in keyboard while it is bound and gives it
// back when it goes. It needs no D-Bus (it only warns), but it shows itself only when the
// GNOME a11y setting screen-keyboard-enabled is true: a GSettings keyfile provides it.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnTrusted } from '../harness/handover.js';
import { squeekboardKey, squeekboardSettings } from '../harness/squeekboard.js';
import { Wayboard, waitFor, type Client, type SurfaceInfo } from '../harness/wayboard.js';

const W = 800;
const H = 600;
const fixture = fileURLToPath(new URL('../fixtures/gtk-entry.py', import.meta.url));
const settings = squeekboardSettings();

let wayboard: Wayboard;
let gtk: Client;
beforeAll(async () => {
  wayboard = await Wayboard.start(['--output', `${W}x${H}@60`]);
  gtk = wayboard.spawnClient('/usr/bin/python3', [fixture, '3']);
  await gtk.waitForLine(/^focus entry$/);
});
afterAll(async () => {
  await wayboard.stop();
  settings.cleanup();
});

const osk = async (): Promise<SurfaceInfo | undefined> =>
  (await wayboard.state()).surfaces.find((s) => s.role === 'layer' && s.mapped);
const panelVisible = async () => (await wayboard.state()).seats[0].panel.visible;

/** a line the GTK entry printed after `from` lines */
const textAfter = (from: number, text: string) =>
  waitFor(`"text: ${text}" (got ${gtk.lines.slice(-3).join(' | ')})`, () =>
    gtk.lines.slice(from).includes(`text: ${text}`),
  );

it('types into a GTK entry in place of the built-in keyboard, which comes back after', async () => {
  await waitFor('the built-in keyboard', panelVisible);
  const env: NodeJS.ProcessEnv = { ...wayboard.env, ...settings.env };
  delete env.DBUS_SESSION_BUS_ADDRESS; // none here anyway: it must not need one
  const squeekboard = spawnTrusted(wayboard, 'squeekboard', [], { env });
  // it binds input-method-v2: the built-in keyboard hides, squeekboard is activated and
  // shows its panel at the bottom (layer-shell), the app is configured to the rest
  const panel = await waitFor('squeekboard panel', osk, 15000);
  expect(await panelVisible()).toBe(false);
  expect(panel).toMatchObject({ x: 0, width: W, namespace: 'osk' });
  expect(panel.y + panel.height).toBe(H);
  let from = gtk.lines.length;
  await wayboard.tap(...squeekboardKey(panel, 'h')); // commit_string over input-method-v2
  await textAfter(from, 'h');
  await wayboard.tap(...squeekboardKey(panel, 'i'));
  await textAfter(from, 'hi');
  // backspace comes as a key of its virtual keyboard, in squeekboard's own keymap
  from = gtk.lines.length;
  await wayboard.tap(...squeekboardKey(panel, 'backspace'));
  await textAfter(from, 'h');
  // the seat's own keys reach the app in the seat's keymap again
  from = gtk.lines.length;
  await wayboard.ctl('key', 'a');
  await textAfter(from, 'ha');
  // gone: the built-in keyboard serves the field again
  squeekboard.process.kill('SIGTERM');
  await squeekboard.exited;
  await waitFor('the built-in keyboard back', panelVisible);
  expect(await osk()).toBeUndefined();
});
