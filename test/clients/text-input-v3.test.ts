// text-input-v3 with the built-in keyboard and real clients that speak only v3 (GTK 3, GTK 4,
// foot): focus shows the keyboard, taps on its keys type, Backspace deletes one character
// (in UTF-8 bytes), and the keyboard hides when the field loses focus.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { tapKey, tapText, waitForPanel } from '../harness/osk.js';
import { Wayboard, waitFor, type Client } from '../harness/wayboard.js';

const gtkEntry = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/gtk-entry.py',
);
// where gtk-entry.py puts its button, with the keyboard shown (the entry is above it)
const BUTTON = [640, 95] as const;

let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

/** Debian's python3 has gi (GTK); the entry has focus once the window shows */
async function startGtk(version: 3 | 4, args: string[] = []): Promise<Client> {
  wayboard = await Wayboard.start(args);
  return startedWithField(spawnGtk(version), version);
}

function spawnGtk(version: 3 | 4, fixtureArgs: string[] = []): Client {
  return wayboard!.spawnClient('/usr/bin/python3', [gtkEntry, String(version), ...fixtureArgs]);
}

async function startedWithField(gtk: Client, version: 3 | 4): Promise<Client> {
  await wayboard!.waitForSurface(`org.wayboard.GtkEntry${version}`);
  await gtk.waitForLine(/^focus entry$/);
  return gtk;
}

async function expectV3Field(): Promise<void> {
  await waitForPanel(wayboard!);
  const textInput = (await wayboard!.state()).seats[0].text_input;
  expect(textInput).toMatchObject({ protocol: 'text-input-v3', enabled: true });
}

for (const version of [3, 4] as const) {
  it(`GTK ${version}: the focused entry shows the keyboard, taps type hello, Backspace, hide`, async () => {
    const gtk = await startGtk(version);
    await expectV3Field();
    await tapText(wayboard!, 'hello');
    await gtk.waitForLine(/^text: hello$/);
    await tapKey(wayboard!, (k) => k.action === 'backspace');
    await gtk.waitForLine(/^text: hell$/);
    await wayboard!.tap(...BUTTON);
    await gtk.waitForLine(/^focus button$/);
    await waitForPanel(wayboard!, false);
    expect((await wayboard!.state()).seats[0].text_input).toMatchObject({ enabled: false });
    // a tap back on the entry enables it again: the keyboard returns
    await wayboard!.tap(640, 50);
    await waitForPanel(wayboard!);
  });
}

it('GTK 4 with --layout de: ü and ß type, Backspace deletes ß (2 bytes) whole', async () => {
  const gtk = await startGtk(4, ['--layout', 'de']);
  await expectV3Field();
  await tapText(wayboard!, 'grü');
  await gtk.waitForLine(/^text: grü$/);
  // ß sits on the German letters page's top row end or behind a long press of s
  const keys = (await wayboard!.ctl('keys')) as { keys: { text?: string }[] };
  if (keys.keys.some((k) => k.text === 'ß')) await tapText(wayboard!, 'ß');
  else await wayboard!.ctl('type', 'ß');
  await gtk.waitForLine(/^text: grüß$/);
  const state = (await wayboard!.state()).seats[0].text_input!;
  expect(state).toMatchObject({ surrounding_text: 'grüß', cursor: 6 }); // bytes, not chars
  await tapKey(wayboard!, (k) => k.action === 'backspace');
  await gtk.waitForLine(/^text: grü$/);
  await tapKey(wayboard!, (k) => k.action === 'backspace');
  await gtk.waitForLine(/^text: gr$/);
});

/** rows above the panel where the screenshot shows the focused entry's blue frame */
async function entryFrameRowsAbovePanel(): Promise<number[]> {
  const panel = (await wayboard!.state()).seats[0].panel;
  const shot = await wayboard!.screenshot();
  const rows: number[] = [];
  for (let y = 0; y < panel.y; y++) {
    const [r, g, b] = shot.pixel(640, y);
    if (b > r + 60 && b > g + 20) rows.push(y);
  }
  return rows;
}

it('a field low in a tall GTK form stays in view: the window shrinks above the keyboard', async () => {
  wayboard = await Wayboard.start();
  const gtk = spawnGtk(3, ['--low']);
  await startedWithField(gtk, 3);
  const panel = (await wayboard!.state()).seats[0].panel;
  const window = await waitFor('the window above the panel', async () =>
    (await wayboard!.state()).surfaces.find((s) => s.y + s.height <= panel.y),
  );
  expect(window.y).toBe(0);
  await waitFor('the entry drawn above the keyboard', async () =>
    (await entryFrameRowsAbovePanel()).length > 1 ? true : undefined,
  );
});

it('a window that cannot shrink is panned up until the field shows, and back down on hide', async () => {
  wayboard = await Wayboard.start();
  const gtk = spawnGtk(3, ['--low', '--fixed']);
  await startedWithField(gtk, 3);
  const panned = await waitFor('the window panned up', async () =>
    (await wayboard!.state()).surfaces.find((s) => s.y < 0),
  );
  expect(panned.height).toBe(720); // it kept its size
  await waitFor('the entry drawn above the keyboard', async () =>
    (await entryFrameRowsAbovePanel()).length > 1 ? true : undefined,
  );
  await tapKey(wayboard!, (k) => k.action === 'hide');
  await waitForPanel(wayboard!, false);
  await waitFor('the window back at the top', async () =>
    (await wayboard!.state()).surfaces.find((s) => s.y === 0),
  );
});

it('foot: the keyboard shows, hello typed by taps and Enter reach the shell, focus away hides it', async () => {
  wayboard = await Wayboard.start();
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'foot-')), 'typed');
  // the line is written whole (a rename); keys go once the shell runs (its terminal buffers)
  const ready = `${out}.ready`;
  const script = `touch ${ready}; read line; echo "$line" > ${out}.tmp && mv ${out}.tmp ${out}; sleep 60`;
  wayboard.spawnClient('foot', ['sh', '-c', script]);
  await wayboard.waitForSurface('foot');
  await expectV3Field();
  await waitFor('the shell in foot', () => existsSync(ready) || undefined);
  await tapText(wayboard, 'hello');
  await tapKey(wayboard, (k) => k.action === 'backspace');
  await tapKey(wayboard, (k) => k.action === 'enter');
  const typed = await waitFor('foot to write the typed line', () =>
    existsSync(out) ? readFileSync(out, 'utf8') : undefined,
  );
  expect(typed.trim()).toBe('hell');
  // another app takes focus: foot's field loses it, the keyboard hides
  wayboard.spawnClient('weston-simple-shm');
  await wayboard.waitForSurface('org.freedesktop.weston.simple-shm');
  await waitForPanel(wayboard, false);
});
