// The emoji pages with a real Qt 5 client: the ☺ key opens them, emoji are drawn in colour
// (fonts-noto-color-emoji), `ctl type` reaches a flag through the category tabs, a long
// press offers skin tones, and what arrives is the emoji's UTF-8, every code point of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Wayboard, waitFor, type Client } from '../harness/wayboard.js';
import { centre, keysOf, tapKey, waitForPanel } from '../harness/osk.js';

const form = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/words.qml');
const WORDS = [300, 60];

let wayboard: Wayboard;
let qt: Client;
const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-emoji-'));
beforeAll(async () => {
  wayboard = await Wayboard.start([], [], {
    XDG_CACHE_HOME: path.join(dir, 'cache'),
    XDG_STATE_HOME: path.join(dir, 'state'),
  });
  qt = wayboard.spawnClient('qmlscene', [form]);
  await wayboard.waitForSurface('org.qt-project.qmlscene');
  await wayboard.tap(WORDS[0], WORDS[1]);
  await waitForPanel(wayboard);
});
afterAll(async () => {
  await wayboard.stop();
  rmSync(dir, { recursive: true, force: true });
});

const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16));

it('the ☺ key opens a page of colour emoji with category tabs', async () => {
  await tapKey(wayboard, (k) => k.action === 'page:emoji');
  const page = await waitFor('the emoji page', async () => {
    const keys = await keysOf(wayboard);
    return keys.page === 'emoji' ? keys : undefined;
  });
  const emoji = page.keys.filter((k) => k.action === 'emoji');
  expect(emoji.length).toBe(30);
  expect(emoji[0].text).toBe('😀');
  const tabs = page.keys.filter((k) => /^page:emoji-\d+-0$/.test(k.action));
  expect(tabs.map((k) => k.label).join('')).toBe('😀👋🐻🍔✈️⚽💡🔣🏁');
  // the grinning face is yellow: colour glyphs, not an outline in the label colour
  const [x, y] = centre(emoji[0]);
  await waitFor('a yellow face', async () => {
    const shot = await wayboard.screenshot();
    let yellow = 0;
    for (let dy = -8; dy <= 8; dy++)
      for (let dx = -8; dx <= 8; dx++) {
        const [r, g, b] = shot.pixel(x + dx, y + dy);
        if (r > 200 && g > 140 && b < 100) yellow++;
      }
    return yellow > 20;
  });
});

it('ctl type reaches a flag through the tabs; it arrives as its two code points', async () => {
  await wayboard.ctl('type', '🇩🇪');
  const line = await qt.waitForLine(/^qml: text words /);
  expect(codePoints(line.slice('qml: text words '.length))).toEqual(['1f1e9', '1f1ea']);
});

it('a long press on 👋 offers skin tones; sliding to one types it', async () => {
  await tapKey(wayboard, (k) => k.action === 'page:emoji-1-0');
  const wave = await waitFor('👋 first on the page of people', async () =>
    (await keysOf(wayboard)).keys.find((k) => k.action === 'emoji' && k.text === '👋'),
  );
  const [x, y] = centre(wave);
  // after the long-press time a strip opens above, to the right: the base, then 5 tones
  const [sx, sy] = [x + wave.width * 3, y - wave.height];
  const before = (await wayboard.screenshot()).pixel(sx, sy).join();
  await wayboard.ctl('touch', 'down', 7, x, y);
  await waitFor('the skin tone strip', async () => {
    return (await wayboard.screenshot()).pixel(sx, sy).join() !== before;
  });
  await wayboard.ctl('touch', 'motion', 7, sx, y);
  await wayboard.ctl('touch', 'up', 7);
  const line = await qt.waitForLine(/^qml: text words 🇩🇪./u);
  const typed = line.slice('qml: text words 🇩🇪'.length);
  expect(codePoints(typed)).toEqual(['1f44b', '1f3fd']); // 👋🏽: medium skin tone
});

it('the first emoji page shows the recent ones, newest first', async () => {
  await tapKey(wayboard, (k) => k.action === 'page:emoji');
  const recent = await waitFor('the recent emoji', async () => {
    const keys = await keysOf(wayboard);
    return keys.page === 'emoji' ? keys.keys.filter((k) => k.action === 'emoji') : undefined;
  });
  expect(recent.map((k) => k.text)).toEqual(['👋🏽', '🇩🇪']);
});
