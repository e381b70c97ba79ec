// text-input-v1 with the built-in keyboard and weston-editor, which speaks only v1: a tap on
// an entry activates it and shows the keyboard, taps on keys type, Backspace deletes, the
// numeric entry gets the digits pad, and the keyboard hides when the editor loses focus.
// weston-editor sends its whole text back with set_surrounding_text after every change,
// so `ctl state` shows what the client really holds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keysOf, tapKey, tapText, waitForPanel } from '../harness/osk.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';

// weston-editor's two entries share the window: "Entry" above, "Numeric" below
const ENTRY = [200, 150] as const;
const NUMERIC_WITH_PANEL = [200, 345] as const;

let wayboard: Wayboard;
beforeAll(async () => {
  wayboard = await Wayboard.start();
  wayboard.spawnClient('weston-editor');
  await wayboard.waitForSurface('org.freedesktop.weston.text-editor');
});
afterAll(() => wayboard.stop());

const textInput = async () => (await wayboard.state()).seats[0].text_input;
const clientText = (expected: string) =>
  waitFor(`weston-editor to hold "${expected}"`, async () =>
    (await textInput())?.surrounding_text === expected ? true : undefined,
  );

it('a tap on the entry activates it over v1 and shows the keyboard', async () => {
  await waitForPanel(wayboard, false); // nothing asked for it at start
  await wayboard.tap(...ENTRY);
  await waitForPanel(wayboard);
  await clientText('Entry'); // its state follows the activation
  expect(await textInput()).toMatchObject({ protocol: 'text-input-v1', enabled: true });
});

it('taps type hello; Backspace deletes one letter', async () => {
  await tapText(wayboard, 'hello');
  await clientText('Entryhello');
  await tapKey(wayboard, (k) => k.action === 'backspace');
  await clientText('Entryhell');
});

it('the numeric entry gets the digits pad and types digits', async () => {
  await wayboard.tap(...NUMERIC_WITH_PANEL);
  await waitFor('the digits pad', async () => (await keysOf(wayboard)).page === 'digits');
  await tapText(wayboard, '42');
  await clientText('Numeric42');
});

it('another app taking focus hides the keyboard; text goes nowhere meanwhile', async () => {
  wayboard.spawnClient('weston-simple-shm');
  await wayboard.waitForSurface('org.freedesktop.weston.simple-shm');
  await waitForPanel(wayboard, false);
  expect((await wayboard.state()).seats[0].text_input).toBeNull();
});
