// text-input-v2 with the built-in keyboard and a real Qt 5 client (qmlscene): focus shows
// the panel, taps on its keys type, Backspace and Enter work, focus elsewhere hides it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Wayboard, waitFor, type Client } from '../harness/wayboard.js';
import { centre, keysOf, tapKey as tapKeyOn, type Keys } from '../harness/osk.js';

const form = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/form.qml');
// where test/fixtures/form.qml puts its items
const NAME = [300, 60];
const EMAIL = [300, 120];
const PIN = [300, 180];
const PASSWORD = [300, 240];
const BUTTON = [90, 300];
const PANEL_BACKGROUND = [0x14, 0x16, 0x1a];

let wayboard: Wayboard;
let qt: Client;
beforeAll(async () => {
  wayboard = await Wayboard.start();
  qt = wayboard.spawnClient('qmlscene', [form], { env: { ...wayboard.env, WAYLAND_DEBUG: '1' } });
  await wayboard.waitForSurface('org.qt-project.qmlscene');
  await qt.waitForLine(/zwp_text_input_manager_v2.*get_text_input/);
});
afterAll(() => wayboard.stop());

const keys = () => keysOf(wayboard);
const tapKey = (match: Parameters<typeof tapKeyOn>[1]) => tapKeyOn(wayboard, match);

async function focusField([x, y]: number[]): Promise<Keys> {
  await wayboard.tap(x, y);
  return waitFor('the panel', async () => ((await keys()).visible ? keys() : undefined));
}

it('a tap on a text field shows the keyboard and the app moves above it', async () => {
  await focusField(NAME);
  const state = await wayboard.state();
  const panel = state.seats[0].panel;
  expect(panel).toMatchObject({ visible: true, x: 0, width: 1280 });
  expect(panel.y + panel.height).toBe(720);
  expect(state.seats[0].text_input).toMatchObject({ protocol: 'text-input-v2', enabled: true });
  await qt.waitForLine(/input_panel_state\(1, 0, \d+, 1280, \d+\)/);
  const app = await waitFor('the app configured above the panel', async () =>
    (await wayboard.state()).surfaces.find((s) => s.height === panel.y),
  );
  expect(app.width).toBe(1280);
  const shot = await wayboard.screenshot();
  expect(shot.pixel(2, 719).slice(0, 3)).toEqual(PANEL_BACKGROUND); // the panel's margin
  expect(shot.pixel(2, panel.y - 2).slice(0, 3)).not.toEqual(PANEL_BACKGROUND);
});

it('taps on h, e, l, l, o type hello; Backspace leaves hell; Enter accepts', async () => {
  for (const letter of 'hello') await tapKey((k) => k.text === letter);
  await qt.waitForLine(/^qml: text name hello$/);
  await tapKey((k) => k.action === 'backspace');
  await qt.waitForLine(/^qml: text name hell$/);
  await tapKey((k) => k.action === 'enter');
  await qt.waitForLine(/^qml: accepted name$/);
});

it('an email field shows @ on the first page; a digits field shows the numeric pad', async () => {
  const email = await focusField(EMAIL);
  await waitFor('the email page', async () => (await keys()).keys.some((k) => k.text === '@'));
  expect(email.page).toBe('letters');
  await waitFor('the numeric pad', async () => {
    await wayboard.tap(PIN[0], PIN[1]);
    const pad = await keys();
    return (
      pad.page === 'digits' && pad.keys.filter((k) => /^[0-9]$/.test(k.text ?? '')).length === 10
    );
  });
  await wayboard.ctl('type', '2024');
  await qt.waitForLine(/^qml: text pin 2024$/);
});

it('a password field types correctly and shows no key pop-up', async () => {
  const popupPixel = async (field: number[], isItsPurpose: (purpose: string) => boolean) => {
    await focusField(field);
    // the field's own content type, not the one focused before (the PIN field's, sensitive)
    await waitFor("the field's content type", async () => {
      const input = (await wayboard.state()).seats[0].text_input;
      return isItsPurpose(String(input?.content_purpose)) && (await keys()).page === 'letters';
    });
    const key = (await keys()).keys.find((k) => k.text?.toLowerCase() === 'g')!;
    const [x, y] = centre(key);
    await wayboard.ctl('touch', 'down', 5, x, y);
    const pixel = (await wayboard.screenshot()).pixel(x, key.y - Math.round(key.height / 2));
    // slide off the key before lifting: a release outside the pressed key types nothing
    await wayboard.ctl('touch', 'motion', 5, x, 10);
    await wayboard.ctl('touch', 'up', 5);
    return pixel.slice(0, 3);
  };
  // above a pressed key: the pop-up in a normal field, the panel's own row in a password field
  const normal = await popupPixel(EMAIL, (p) => p === 'email');
  const secret = await popupPixel(PASSWORD, (p) => p !== 'email');
  expect(normal).not.toEqual(secret);
  expect(qt.lines.some((l) => /^qml: text (email|password) .*g/i.test(l))).toBe(false);
  await wayboard.ctl('type', 'S3cret');
  await qt.waitForLine(/^qml: text password S3cret$/);
});

it('a tap on a non-text item hides the panel and tells the client', async () => {
  await focusField(NAME);
  await wayboard.tap(BUTTON[0], BUTTON[1]);
  await waitFor('the panel to hide', async () => !(await wayboard.state()).seats[0].panel.visible);
  await qt.waitForLine(/input_panel_state\(0, 0, 0, 0, 0\)/);
  const app = await waitFor('the app back to full height', async () =>
    (await wayboard.state()).surfaces.find((s) => s.height === 720),
  );
  expect(app.width).toBe(1280);
});
