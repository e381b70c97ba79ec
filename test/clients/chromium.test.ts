// Chromium on a local page with an <input>, with the built-in keyboard: over text-input-v3
// (its default) and over v1 (--wayland-text-input-version=1). The page mirrors the field's
// value into its title, which `ctl state` shows, so the test reads back what Chromium holds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { tapKey, tapText, waitForPanel } from '../harness/osk.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';

const page = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/input-page.html');
// where input-page.html puts its field and button (--test-type hides the --no-sandbox bar)
const FIELD = [300, 42] as const;
const BUTTON = [70, 126] as const;

let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

function chromium(extra: string[]): string[] {
  return [
    '--no-sandbox', // we run as root here
    '--test-type',
    '--ozone-platform=wayland',
    '--enable-wayland-ime',
    ...extra,
    `--user-data-dir=${mkdtempSync(path.join(tmpdir(), 'chromium-'))}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-gpu',
    `--app=file://${page}`,
  ];
}

const title = async () =>
  (await wayboard!.state()).surfaces.find((s) => s.role === 'toplevel')?.title;
const pageValue = (value: string) =>
  waitFor(`the page's value "${value}"`, async () =>
    (await title()) === `value:${value}` ? true : undefined,
  );

for (const [protocol, flags] of [
  ['text-input-v3', []],
  ['text-input-v1', ['--wayland-text-input-version=1']],
] as const) {
  it(`Chromium over ${protocol}: tap the field, type hello by taps, Backspace, hide on blur`, async () => {
    wayboard = await Wayboard.start();
    wayboard.spawnClient('chromium', chromium([...flags]));
    await wayboard.waitForSurface(/^chrome-/, 30000);
    await waitFor('the page', async () => ((await title()) === 'value:' ? true : undefined), 20000);
    await waitForPanel(wayboard, false); // nothing focused yet: no keyboard at start
    // Chromium may map before it handles input: tap until the field asks for the keyboard
    await waitFor('the keyboard', async () => {
      await wayboard!.tap(...FIELD);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return ((await wayboard!.ctl('keys')) as { visible: boolean }).visible || undefined;
    });
    expect((await wayboard.state()).seats[0].text_input).toMatchObject({ protocol, enabled: true });
    await tapText(wayboard, 'hello');
    await pageValue('hello');
    await tapKey(wayboard, (k) => k.action === 'backspace');
    await pageValue('hell');
    await wayboard.tap(...BUTTON);
    await waitForPanel(wayboard, false);
  });
}
