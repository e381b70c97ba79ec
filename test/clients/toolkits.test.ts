// Real toolkit clients (Qt 5, GTK 3, foot) map a toplevel that fills the output, get keyboard
// focus, and a key injected with `ctl key` reaches them.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { Wayboard, waitFor } from '../harness/wayboard.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

/** the app's toplevel fills the output, less the on-screen keyboard when one of its fields
 *  asked for it (foot enables text-input-v3 as it gets focus, and the kiosk shell then keeps
 *  it above the panel), and has the keyboard focus */
async function expectFullscreenWithFocus(appId: string) {
  await wayboard!.waitForSurface(appId);
  const state = await waitFor(`${appId} to fill the output, focused`, async () => {
    const state = await wayboard!.state();
    const surface = state.surfaces.find((s) => s.mapped && s.app_id === appId);
    const panel = state.seats[0].panel;
    const height = panel.visible ? panel.y : 720;
    const fills = surface && surface.width >= 1280 && surface.height >= height;
    return fills && state.focus.keyboard === surface.id ? state : undefined;
  });
  const surface = state.surfaces.find((s) => s.mapped && s.app_id === appId)!;
  expect(surface).toMatchObject({ role: 'toplevel', x: 0, y: 0 });
  return surface;
}

async function typeKeys(keys: string[]) {
  for (const key of keys) await wayboard!.ctl('key', key);
}

it('Qt 5 qmlscene fills the output, has focus, and gets injected keys', async () => {
  wayboard = await Wayboard.start();
  const qt = wayboard.spawnClient('qmlscene', [path.join(fixtures, 'form.qml')]);
  const surface = await expectFullscreenWithFocus('org.qt-project.qmlscene');
  expect(surface.width).toBe(1280);
  expect(surface.height).toBe(720);
  await wayboard.tap(300, 60); // the name field
  await typeKeys(['h', 'i']);
  // the key events themselves (form.qml's Keys handler) and the text they typed
  await qt.waitForLine(/^qml: key h$/);
  await qt.waitForLine(/^qml: key i$/);
  await qt.waitForLine(/^qml: text name hi$/);
});

it('GTK 3 gtk3-widget-factory maps with focus and takes keys in its entry', async () => {
  wayboard = await Wayboard.start();
  const gtk = wayboard.spawnClient('gtk3-widget-factory');
  await expectFullscreenWithFocus('gtk3-widget-factory');
  // the first entry has focus with its text selected: typing replaces it, then Ctrl+Q quits
  await typeKeys(['x']);
  await wayboard.ctl('key', 'Control_L', 'press');
  await wayboard.ctl('key', 'q');
  await wayboard.ctl('key', 'Control_L', 'release');
  expect(
    await waitFor(
      'gtk3-widget-factory to quit on Ctrl+Q',
      async () => (gtk.process.exitCode !== null ? true : undefined),
      10000,
    ),
  ).toBe(true);
});

it('foot maps with focus and a typed line reaches its shell', async () => {
  wayboard = await Wayboard.start();
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'foot-')), 'typed');
  // the line is written whole (a rename), so the test never reads a half-written file; keys
  // go once the shell runs (its terminal then buffers them until `read`)
  const ready = `${out}.ready`;
  const script = `touch ${ready}; read line; echo "$line" > ${out}.tmp && mv ${out}.tmp ${out}`;
  wayboard.spawnClient('foot', ['sh', '-c', script]);
  await expectFullscreenWithFocus('foot');
  await waitFor('the shell in foot', () => existsSync(ready) || undefined);
  await typeKeys(['o', 'k', 'Return']);
  const typed = await waitFor(
    'foot to write the typed line',
    () => (existsSync(out) ? readFileSync(out, 'utf8') : undefined),
    10000,
  );
  expect(typed.trim()).toBe('ok');
});
