// The nested backend: wayboard as a window in a parent compositor, here another wayboard
// (headless, at 30 Hz) whose `ctl tap` drives the nested one through real wl_touch events.
// A Qt 5 client in the nested wayboard is typed into with the nested keyboard, tapped through
// the parent; the parent's screenshot shows the nested keyboard; a still scene sends the parent
// nothing; the nested frames follow the parent's; a parent resize reaches nested clients.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { centre, keysOf, waitForPanel } from '../harness/osk.js';
import { layerClient } from '../harness/layer-client.js';
import { Wayboard, waitFor, type Client } from '../harness/wayboard.js';
import type { Image } from '../harness/png.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const form = path.join(fixtures, 'form.qml');
const screenQml = path.join(fixtures, 'screen.qml');
const NAME_FIELD = [300, 60] as const; // where test/fixtures/form.qml puts its first field
const W = 1280;
const H = 720;
const PANEL_BACKGROUND = [0x14, 0x16, 0x1a];

let parent: Wayboard;
let nested: Wayboard;
beforeAll(async () => {
  parent = await Wayboard.start(['--backend', 'headless', '--output', `${W}x${H}@30`]);
  // no --backend: WAYLAND_DISPLAY makes the nested backend the default; WAYLAND_DEBUG=client
  // logs every request it sends the parent
  nested = await Wayboard.start([], [], {
    WAYLAND_DISPLAY: path.join(parent.runtimeDir, parent.name),
    WAYLAND_DEBUG: 'client',
  });
  await parent.waitForSurface('wayboard');
});
afterAll(async () => {
  await nested?.stop();
  await parent?.stop();
});

/** requests the nested wayboard sent its parent (WAYLAND_DEBUG=client on its stderr) */
const sent = (child: Wayboard, request: RegExp) =>
  child.stderr.match(new RegExp(` -> ${request.source}`, 'g'))?.length ?? 0;
const commitsOf = (child: Wayboard) => sent(child, /wl_surface@\d+\.commit\(\)/);
const commitsToParent = () => commitsOf(nested);
/** every frame callback, sync and presentation feedback the nested wayboard asked its parent
 *  for was answered */
function answered(child: Wayboard): boolean {
  const received = (event: RegExp) =>
    child.stderr.match(new RegExp(` ${event.source}`, 'g'))?.length ?? 0;
  const callbacks = sent(child, /wl_surface@\d+\.frame\(/) + sent(child, /wl_display@1\.sync\(/);
  const feedbacks = sent(child, /wp_presentation@\d+\.feedback\(/);
  return (
    callbacks > 0 &&
    received(/wl_callback@\d+\.done\(/) === callbacks &&
    received(/wp_presentation_feedback@\d+\.(presented|discarded)\(/) === feedbacks
  );
}
/** nothing of the nested wayboard's is in flight at the parent, and it sent no commit for a
 *  little while (a repaint queued just before would show by then) */
async function settled(child: Wayboard): Promise<void> {
  let last = -1;
  let since = 0;
  await waitFor('the nested wayboard settled', () => {
    const commits = commitsOf(child);
    if (commits !== last || !answered(child)) {
      last = commits;
      since = Date.now();
      return false;
    }
    return Date.now() - since >= 300;
  });
}
const repaints = async (wayboard: Wayboard) => (await wayboard.state()).outputs[0]!.repaints;

it('is a window of the parent, titled after its output, with a wl_output of the window size', async () => {
  const window = (await parent.state()).surfaces.find((s) => s.app_id === 'wayboard')!;
  expect(window).toMatchObject({ title: 'wayboard – WL-1', mapped: true, width: W, height: H });
  expect(nested.stderr).not.toMatch(/running headless/);
  expect((await nested.state()).outputs).toMatchObject([{ name: 'WL-1', width: W, height: H }]);
  // asked for server-side decorations, since the parent offers xdg-decoration
  expect(nested.stderr).toMatch(/zxdg_toplevel_decoration_v1@\d+\.set_mode\(2\)/);
});

it('a still scene sends the parent nothing', async () => {
  // the first frame went out; then nothing changes in the nested wayboard
  await waitFor('the first frame', () => commitsToParent() > 0);
  await settled(nested);
  const before = { commits: commitsToParent(), parentRepaints: await repaints(parent) };
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(commitsToParent()).toBe(before.commits);
  expect(await repaints(parent)).toBe(before.parentRepaints);
});

it('nested frames follow the parent: no more repaints than the parent makes', async () => {
  const shm = nested.spawnClient('weston-simple-shm');
  await nested.waitForSurface('org.freedesktop.weston.simple-shm');
  const n0 = await repaints(nested);
  const p0 = await repaints(parent);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const n1 = await repaints(nested); // the nested count first: the parent's is read later
  const p1 = await repaints(parent);
  shm.process.kill('SIGTERM');
  await shm.exited;
  // it animates, at most once per parent frame (the parent runs at 30 Hz, the nested
  // output asks for 60 Hz: unpaced it would repaint twice as often)
  expect(n1 - n0).toBeGreaterThan(5);
  expect(n1 - n0).toBeLessThanOrEqual(p1 - p0 + 2);
});

it('a client waiting for frames without drawing gets them, and the parent gets nothing', async () => {
  const start = commitsToParent();
  const waiter = nested.spawnClient(buildFixture('frame-waiter', ['xdg-shell']), ['30']);
  await waiter.waitForLine(/^ready$/);
  await waitFor('its one buffer sent to the parent', () => commitsToParent() > start);
  await settled(nested);
  const before = commitsToParent();
  await waiter.waitForLine(/^done 30$/);
  expect(commitsToParent()).toBe(before);
  waiter.process.kill('SIGTERM');
  await waiter.exited;
});

it("a nested client's presentation times are the parent's for the same frames", async () => {
  const presented =
    /wp_presentation_feedback@\d+\.presented\((\d+), (\d+), (\d+), \d+, (\d+), (\d+),/g;
  const times = (text: string) =>
    new Set([...text.matchAll(presented)].map((m) => m.slice(1).join()));
  const client = nested.spawnClient('weston-presentation-shm', [], {
    env: { ...nested.env, WAYLAND_DEBUG: 'client' },
  });
  const seen = await waitFor('10 frames presented to the client', () => {
    const got = times(client.lines.join('\n'));
    return got.size >= 10 && got;
  });
  client.process.kill('SIGTERM');
  await client.exited;
  // each time and sequence the client got is one the parent reported to the nested wayboard
  const fromParent = times(nested.stderr);
  expect([...seen].filter((t) => !fromParent.has(t))).toEqual([]);
});

/** pixels of the nested keyboard panel's area, in both screenshots, agree */
function panelMismatches(
  a: Image,
  b: Image,
  rect: { x: number; y: number; width: number; height: number },
): number {
  let bad = 0;
  for (let y = rect.y + 2; y < rect.y + rect.height; y += 17)
    for (let x = rect.x + 2; x < rect.x + rect.width; x += 23)
      if (a.pixel(x, y).join() !== b.pixel(x, y).join()) bad++;
  return bad;
}

it("a Qt 5 client in the nested wayboard is typed into with its keyboard, tapped or clicked through the parent, and with the parent's keys", async () => {
  const qt: Client = nested.spawnClient('qmlscene', [form]);
  await nested.waitForSurface('org.qt-project.qmlscene');
  // the window fills the parent's output at 0,0: a parent point is the same nested point
  await parent.tap(...NAME_FIELD);
  const shown = await waitForPanel(nested);
  for (const char of 'hello') {
    const key = shown.keys.find((k) => k.text === char);
    if (!key) throw new Error(`no key ${char} on the nested keyboard`);
    await parent.tap(...centre(key));
  }
  await qt.waitForLine(/^qml: text name hello$/);
  // the parent's mouse clicks a key as well, and the parent's keyboard types through the
  // nested wayboard's keymap into the focused client
  const w = shown.keys.find((k) => k.text === 'w')!;
  await parent.ctl('pointer', 'move', ...centre(w));
  await parent.ctl('pointer', 'button', 'left', 'press');
  await parent.ctl('pointer', 'button', 'left', 'release');
  await qt.waitForLine(/^qml: text name hellow$/);
  await parent.ctl('key', 'z');
  await qt.waitForLine(/^qml: key z$/);
  await qt.waitForLine(/^qml: text name hellowz$/);

  // the parent shows the nested keyboard: its background, and the same pixels as the
  // nested wayboard's own screenshot of it
  const panel = (await nested.state()).seats[0]!.panel;
  expect(panel).toMatchObject({ visible: true, width: W });
  expect((await keysOf(nested)).visible).toBe(true);
  let nestedShot = await nested.screenshot();
  const parentShot = await waitFor('the parent showing the nested frame', async () => {
    const shot = await parent.screenshot();
    if (panelMismatches(shot, nestedShot, panel) === 0) return shot;
    nestedShot = await nested.screenshot(); // a key's pressed look may have faded meanwhile
    return undefined;
  });
  expect(parentShot.pixel(panel.x + 2, panel.y + 2).slice(0, 3)).toEqual(PANEL_BACKGROUND);
  qt.process.kill('SIGTERM');
  await qt.exited;
});

it('the parent resizing the window resizes the nested output, as its clients hear', async () => {
  // a Qt client bound before the resize hears the new size through wl_output and xdg-output,
  // and the kiosk configures its window to it
  const qt = nested.spawnClient('qmlscene', [screenQml]);
  await qt.waitForLine(new RegExp(`^qml: screen ${W}x${H}$`));
  // a parent panel with a 200 px exclusive zone: the parent configures the window smaller
  const bar = layerClient(parent, [
    ...['get', 2, 'test-bar', 'anchor', 2 | 4 | 8, 'size', 0, 200, 'zone', 200],
    ...['commit', 'wait-configure', 'map'],
  ]);
  await bar.waitForLine(/^ready$/);
  await waitFor('the nested output resized', async () => {
    const [output] = (await nested.state()).outputs;
    return output!.height === H - 200 && output!.width === W;
  });
  await qt.waitForLine(new RegExp(`^qml: screen ${W}x${H - 200}$`));
  await qt.waitForLine(new RegExp(`^qml: window ${W}x${H - 200}$`));
  const info = spawnSync('wayland-info', {
    env: nested.env,
    encoding: 'utf8',
    timeout: 10000,
  });
  expect(info.status, info.stderr).toBe(0);
  expect(info.stdout).toMatch(new RegExp(`width: ${W} px, height: ${H - 200} px`));
  bar.process.kill('SIGTERM');
  await waitFor('the nested output back to full size', async () => {
    return (await nested.state()).outputs[0]!.height === H;
  });
  await qt.waitForLine(new RegExp(`^qml: window ${W}x${H}$`));
  qt.process.kill('SIGTERM');
  await qt.exited;
});

it('closing the window ends the nested wayboard and its app cleanly (exit 0)', async () => {
  const other = await Wayboard.start(['--backend', 'headless']);
  const child = await Wayboard.start(['--backend', 'wayland', '--', 'weston-simple-shm'], [], {
    WAYLAND_DISPLAY: path.join(other.runtimeDir, other.name),
  });
  const exited = new Promise<number | null>((resolve) => child.process.once('exit', resolve));
  const window = await other.waitForSurface('wayboard');
  await other.ctl('close', window.id); // xdg_toplevel.close, as a close button sends it
  expect(await exited).toBe(0);
  expect(child.stderr).toMatch(/^wayboard: the nested window was closed$/m);
  await child.stop().catch(() => {}); // it has exited: only its runtime dir is left
  await other.stop();
});

it('losing the parent ends the nested wayboard cleanly, with one line why', async () => {
  const other = await Wayboard.start(['--backend', 'headless']);
  const child = await Wayboard.start(['--backend', 'wayland'], [], {
    WAYLAND_DISPLAY: path.join(other.runtimeDir, other.name),
  });
  const exited = new Promise<number | null>((resolve) => child.process.once('exit', resolve));
  other.process.kill('SIGKILL');
  expect(await exited).toBe(0);
  expect(child.stderr).toMatch(/^wayboard: lost the parent compositor: .+$/m);
  await other.stop().catch(() => {}); // it was killed: only its runtime dir is left to remove
  await child.stop().catch(() => {});
});

it('--backend wayland without a parent: one line why, exit 1', () => {
  const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/wayboard.js');
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-nested-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, WAYLAND_DISPLAY: 'wayland-9' };
  const result = spawnSync(process.execPath, [bin, '--backend', 'wayland'], {
    env,
    encoding: 'utf8',
    timeout: 20000,
  });
  rmSync(runtimeDir, { recursive: true, force: true });
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(
    'wayboard: --backend wayland: cannot connect to the parent compositor ' +
      '(WAYLAND_DISPLAY=wayland-9): No such file or directory\n',
  );
});

it('nests in a headless weston too: frames flow while a client animates, none while still', async () => {
  const westonDir = mkdtempSync(path.join(tmpdir(), 'wayboard-weston-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: westonDir };
  delete env.WAYLAND_DISPLAY;
  const weston = spawn(
    'weston',
    ['--backend=headless-backend.so', '--use-pixman', '--socket=parent', '--idle-time=0'],
    { env, stdio: 'ignore' },
  );
  try {
    const socket = path.join(westonDir, 'parent');
    await waitFor('weston listening', () => existsSync(socket));
    const child = await Wayboard.start(['--backend', 'wayland', '--output', '800x600'], [], {
      WAYLAND_DISPLAY: socket,
      WAYLAND_DEBUG: 'client',
    });
    expect((await child.state()).outputs).toMatchObject([{ width: 800, height: 600 }]);
    const shm = child.spawnClient('weston-simple-shm');
    await child.waitForSurface('org.freedesktop.weston.simple-shm');
    const start = await repaints(child);
    await waitFor('frames paced by weston', async () => (await repaints(child)) > start + 20);
    shm.process.kill('SIGTERM');
    await shm.exited;
    await waitFor('its window gone', async () => (await child.state()).surfaces.length === 0);
    await settled(child);
    const still = commitsOf(child);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(commitsOf(child)).toBe(still);
    await child.stop();
  } finally {
    weston.kill('SIGTERM');
    rmSync(westonDir, { recursive: true, force: true });
  }
});
