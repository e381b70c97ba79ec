// Keyboard layouts from xkbcommon reach the client as the right characters; text goes only
// to the focused client.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';

const form = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/form.qml');
interface Key {
  text?: string;
  action: string;
  x: number;
  y: number;
}
let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

async function formWithPanel(layout: string) {
  wayboard = await Wayboard.start(['--layout', layout]);
  const qt = wayboard.spawnClient('qmlscene', [form]);
  await wayboard.waitForSurface('org.qt-project.qmlscene');
  await wayboard.tap(300, 60);
  const keys = await waitFor('the panel', async () => {
    const k = (await wayboard!.ctl('keys')) as { visible: boolean; keys: Key[] };
    return k.visible ? k.keys : undefined;
  });
  return { qt, keys, wb: wayboard };
}

it('--layout de puts z, ü, ö, ä where the German layout has them and types them', async () => {
  const { qt, keys, wb } = await formWithPanel('de');
  const rows = [...new Set(keys.map((k) => k.y))].sort((a, b) => a - b);
  const row = (i: number) =>
    keys.filter((k) => k.y === rows[i] && k.action === 'text').map((k) => k.text);
  expect(row(0)).toEqual(['q', 'w', 'e', 'r', 't', 'z', 'u', 'i', 'o', 'p', 'ü']);
  expect(row(1).slice(-2)).toEqual(['ö', 'ä']);
  expect(row(2)[0]).toBe('y');
  await wb.ctl('type', 'züöä');
  await qt.waitForLine(/^qml: text name züöä$/);
});

it('--layout ru types Cyrillic', async () => {
  const { qt, keys, wb } = await formWithPanel('ru');
  expect(keys.find((k) => k.action === 'text')?.text).toBe('й');
  await wb.ctl('type', 'привет');
  await qt.waitForLine(/^qml: text name привет$/);
});

it('two clients, one focused: taps never reach the other', async () => {
  wayboard = await Wayboard.start();
  const probe = buildFixture('text-input-probe');
  const first = wayboard.spawnClient(probe);
  await first.waitForLine(/^panel 1 /);
  const second = wayboard.spawnClient(probe);
  await second.waitForLine(/^panel 1 /);
  await first.waitForLine(/^leave$/);
  await wayboard.ctl('type', 'secret');
  await second.waitForLine(/^commit \d+ t$/);
  expect(
    second.lines
      .filter((l) => l.startsWith('commit'))
      .map((l) => l.split(' ')[2])
      .join(''),
  ).toBe('secret');
  expect(first.lines.some((l) => l.startsWith('commit'))).toBe(false);
  const state = await wayboard.state();
  expect(state.seats[0].text_input?.client_pid).toBe(second.process.pid);
});
