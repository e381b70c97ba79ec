// zwlr_layer_shell_v1 with real clients: only trusted (handed-over) clients see it; the
// layer-client fixture maps panels that draw in their layer, take touches, reserve their
// exclusive zone from the app (input-probe, a toplevel that prints its configures) and give
// it back; each protocol error of the XML's enums is posted; wvkbd (Debian's panel keyboard)
// maps, types and hides; foot fits above the built-in panel and a layer panel together; a
// panel on one of two outputs reserves only there.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { layerClient as startLayerClient, lineAfter, send } from '../harness/layer-client.js';
import { spawnTrusted } from '../harness/handover.js';
import { Wayboard, waitFor, type Client, type SurfaceInfo } from '../harness/wayboard.js';

const W = 800;
const H = 600;
const BLUE = [0x30, 0x60, 0xc0, 255]; // layer-client's default colour
const GREEN = [0x20, 0xa0, 0x40, 255]; // input-probe's
const ANCHOR = { top: 1, bottom: 2, left: 4, right: 8 };

let wayboard: Wayboard;
let app: Client;
beforeAll(async () => {
  wayboard = await Wayboard.start(['--output', `${W}x${H}@60`]);
  app = wayboard.spawnClient(buildFixture('input-probe', ['xdg-shell']));
  await app.waitForLine(/^ready$/);
  await wayboard.waitForSurface('input-probe');
});
afterAll(() => wayboard.stop());

/** the layer-client fixture running `script`, trusted (handed over) unless said otherwise */
function layerClient(script: (string | number)[], trusted = true, on = wayboard): Client {
  return startLayerClient(on, script, trusted);
}

async function appSurface(): Promise<SurfaceInfo> {
  return (await wayboard.state()).surfaces.find((s) => s.app_id === 'input-probe')!;
}

/** the app's window once it has the given geometry */
function appAt(x: number, y: number, width: number, height: number): Promise<SurfaceInfo> {
  return waitFor(`input-probe at ${x},${y} ${width}x${height}`, async () => {
    const s = await appSurface();
    return s.x === x && s.y === y && s.width === width && s.height === height && s;
  });
}

function layerSurfaces(): Promise<SurfaceInfo[]> {
  return wayboard.state().then((s) => s.surfaces.filter((x) => x.role === 'layer'));
}

/** kill layer clients and wait until none of their surfaces is left */
async function stop(...clients: Client[]): Promise<void> {
  for (const client of clients) client.process.kill('SIGKILL');
  await Promise.all(clients.map((c) => c.exited));
  await waitFor('the layer surfaces to go', async () => (await layerSurfaces()).length === 0);
}

it('is visible to handed-over clients only', async () => {
  const plain = execFileSync('wayland-info', { env: wayboard.env, timeout: 10000 }).toString();
  expect(plain).toMatch(/interface: 'wl_compositor'/);
  // nor the other privileged globals (an untrusted client could type into any app)
  expect(plain).not.toMatch(/zwlr_layer_shell_v1|zwp_input_method_manager_v2|zwp_virtual_keyboard/);
  const info = spawnTrusted(wayboard, 'wayland-info');
  await info.waitForLine(/interface: 'zwlr_layer_shell_v1',\s+version:\s+4/);
  await info.waitForLine(/interface: 'zwp_input_method_manager_v2'/);
  await info.waitForLine(/interface: 'zwp_virtual_keyboard_manager_v1'/);
  expect(await info.exited).toBe(0);
  const untrusted = layerClient([], false);
  expect(await untrusted.exited).toBe(4);
  expect(untrusted.lines).toContain('no-layer-shell');
});

it('a bottom panel maps at the bottom, takes its exclusive zone, and gives it back', async () => {
  const panel = layerClient([
    ...['get', 2, 'test-panel', 'anchor', ANCHOR.bottom | ANCHOR.left | ANCHOR.right],
    ...['size', 0, 200, 'zone', 200, 'commit', 'wait-configure', 'map'],
  ]);
  await panel.waitForLine(/^ready$/);
  // size 0 across, anchored to both sides: stretched to the output's width
  expect(panel.lines.filter((l) => l.startsWith('configure'))).toEqual([
    expect.stringMatching(new RegExp(`^configure \\d+ ${W} 200$`)),
  ]);
  const [layer] = await waitFor('a mapped layer surface', async () => {
    const list = await layerSurfaces();
    return list.length > 0 && list;
  });
  expect(layer).toMatchObject({
    role: 'layer',
    namespace: 'test-panel',
    layer: 'top',
    x: 0,
    y: H - 200,
    width: W,
    height: 200,
    mapped: true,
  });
  // the app is configured above it, and the panel's pixels show below the app
  await app.waitForLine(new RegExp(`^configure ${W} ${H - 200}$`));
  await appAt(0, 0, W, H - 200);
  const shot = await wayboard.screenshot();
  expect(shot.pixel(W / 2, H - 100)).toEqual(BLUE);
  expect(shot.pixel(W / 2, H - 201)).toEqual(GREEN);

  // a touch on the panel reaches it; keyboard focus stays with the app (interactivity none)
  const before = await wayboard.state();
  await wayboard.tap(100, H - 150);
  await panel.waitForLine(/^touch down 99 100 50$/);
  const after = await wayboard.state();
  expect(after.focus.keyboard).toBe(before.focus.keyboard);
  expect(after.focus.keyboard).toBe((await appSurface()).id);
  expect(panel.lines).not.toContain('keyboard enter');

  // the client goes: the whole output is the app's again
  const mark = app.lines.length;
  await stop(panel);
  await lineAfter(app, mark, new RegExp(`^configure ${W} ${H}$`));
  await appAt(0, 0, W, H);
  expect((await wayboard.screenshot()).pixel(W / 2, H - 100)).toEqual(GREEN);
});

it('unmapping gives the zone back; a commit after it configures again and it maps again', async () => {
  const panel = layerClient([
    ...['get', 3, 'remap', 'anchor', ANCHOR.top, 'size', 300, 50, 'zone', 50],
    ...['margin', 10, 0, 0, 0, 'commit', 'wait-configure', 'map'],
  ]);
  await panel.waitForLine(/^ready$/);
  // the zone counts from the edge with the margin: the app starts below 10 + 50
  await appAt(0, 60, W, H - 60);
  const [layer] = await layerSurfaces();
  expect(layer).toMatchObject({ x: (W - 300) / 2, y: 10, width: 300, height: 50 });
  expect(layer.layer).toBe('overlay');

  await send(panel, 'unmap');
  await appAt(0, 0, W, H);
  expect(await layerSurfaces()).toEqual([]);
  const mark = panel.lines.length;
  await send(panel, 'commit');
  await lineAfter(panel, mark, /^configure \d+ 300 50$/);
  await send(panel, 'map');
  await appAt(0, 60, W, H - 60);

  // double-buffered: a new zone applies only with the commit
  await send(panel, 'zone 100');
  expect((await appSurface()).y).toBe(60);
  await send(panel, 'commit');
  await appAt(0, 110, W, H - 110);
  await stop(panel);
  await appAt(0, 0, W, H);
});

it('background and bottom draw below the app, top and overlay above it', async () => {
  const full = [
    ...['anchor', ANCHOR.top | ANCHOR.bottom | ANCHOR.left | ANCHOR.right],
    ...['size', 0, 0, 'zone', -1],
  ];
  const background = layerClient([
    ...['color', 'ffc03030', 'get', 0, 'wallpaper', ...full, 'commit', 'wait-configure', 'map'],
  ]);
  await background.waitForLine(/^ready$/);
  expect(background.lines).toContainEqual(expect.stringMatching(`^configure \\d+ ${W} ${H}$`));
  // no anchor: centred; top layer
  const top = layerClient([
    ...['color', 'ffe0e020', 'get', 2, 'badge', 'size', 100, 80, 'commit'],
    ...['wait-configure', 'map'],
  ]);
  await top.waitForLine(/^ready$/);
  await waitFor('two layer surfaces', async () => (await layerSurfaces()).length === 2);
  const shot = await wayboard.screenshot();
  expect(shot.pixel(10, 10)).toEqual(GREEN); // the app hides the wallpaper
  expect(shot.pixel(W / 2, H / 2)).toEqual([0xe0, 0xe0, 0x20, 255]); // the badge is above it
  expect(shot.pixel(W / 2 - 51, H / 2)).toEqual(GREEN);

  // input: the badge gets what lands on it, the app what lands beside it
  await wayboard.tap(W / 2, H / 2);
  await top.waitForLine(/^touch down 99 50 40$/);
  const mark = app.lines.length;
  await wayboard.tap(10, 10);
  await lineAfter(app, mark, /^touch down 99 10 10$/);
  expect(background.lines.some((l) => l.startsWith('touch'))).toBe(false);

  // set_layer moves the badge below the app
  await send(top, 'layer 1');
  await send(top, 'commit');
  await waitFor('the badge in the bottom layer', async () =>
    (await layerSurfaces()).some((s) => s.namespace === 'badge' && s.layer === 'bottom'),
  );
  expect((await wayboard.screenshot()).pixel(W / 2, H / 2)).toEqual(GREEN);
  await stop(background, top);
});

/** the state's keyboard focus, once it is `id` */
function focusOn(id: number): Promise<true> {
  return waitFor(`keyboard focus on surface ${id}`, async () => {
    return (await wayboard.state()).focus.keyboard === id || undefined;
  });
}

it('keyboard interactivity on_demand: focused on map and by a tap; a tap on the app takes it back', async () => {
  const panel = layerClient([
    ...['get', 2, 'focusable', 'anchor', ANCHOR.bottom, 'size', 200, 100, 'interactivity', 2],
    ...['commit', 'wait-configure', 'map'],
  ]);
  await panel.waitForLine(/^ready$/);
  const [layer] = await waitFor('a layer surface', async () => {
    const list = await layerSurfaces();
    return list.length === 1 && list;
  });
  await panel.waitForLine(/^keyboard enter$/); // as a new window would be
  await focusOn(layer.id);
  await wayboard.ctl('key', 'a');
  await panel.waitForLine(/^key 30 1$/);

  const mark = app.lines.length;
  await wayboard.tap(10, 10);
  await panel.waitForLine(/^keyboard leave$/);
  await lineAfter(app, mark, /^keyboard enter$/);
  await focusOn((await appSurface()).id);

  // a tap focuses it again; when it goes, the app gets focus back
  await wayboard.tap(W / 2, H - 50);
  await focusOn(layer.id);
  const again = app.lines.length;
  await stop(panel);
  await lineAfter(app, again, /^keyboard enter$/);
  await focusOn((await appSurface()).id);
});

it('keyboard interactivity exclusive above the apps holds focus until it lets go', async () => {
  const appId = (await appSurface()).id;
  const lock = layerClient([
    ...['get', 3, 'lock', 'anchor', ANCHOR.top, 'size', 200, 100, 'interactivity', 1],
    ...['commit', 'wait-configure', 'map'],
  ]);
  await lock.waitForLine(/^ready$/);
  const [layer] = await layerSurfaces();
  await focusOn(layer.id);
  // a tap on the app does not take it away
  await wayboard.tap(10, H - 10);
  await wayboard.ctl('key', 'b');
  await lock.waitForLine(/^key 48 1$/);
  expect((await wayboard.state()).focus.keyboard).toBe(layer.id);
  // interactivity none: the app has it again
  await send(lock, 'interactivity 0');
  expect((await wayboard.state()).focus.keyboard).toBe(layer.id); // double-buffered
  await send(lock, 'commit');
  await lock.waitForLine(/^keyboard leave$/);
  await focusOn(appId);
  // exclusive again takes it at once; unmapping gives it back
  await send(lock, 'interactivity 1');
  await send(lock, 'commit');
  await focusOn(layer.id);
  await send(lock, 'unmap');
  await focusOn(appId);
  await stop(lock);
});

it('a buffer on the first commit is configured and shown, not an error (as for xdg_surface)', async () => {
  const eager = layerClient(['get', 2, 'eager', 'size', 60, 40, 'attach', 60, 40]);
  await eager.waitForLine(/^ready$/);
  expect(eager.lines).toContainEqual(expect.stringMatching(/^configure \d+ 60 40$/));
  const [layer] = await waitFor('the eager surface', async () => {
    const list = await layerSurfaces();
    return list.length === 1 && list;
  });
  expect(layer).toMatchObject({ x: (W - 60) / 2, y: (H - 40) / 2, width: 60, height: 40 });
  await stop(eager);
});

describe('protocol errors', () => {
  const cases: [string, (string | number)[], string, number][] = [
    ['role: the surface is a toplevel', ['toplevel', 'get', 2, 'x'], 'zwlr_layer_shell_v1', 0],
    ['invalid_layer in get_layer_surface', ['get', 4, 'x'], 'zwlr_layer_shell_v1', 1],
    ['invalid_layer in set_layer', ['get', 2, 'x', 'layer', 9], 'zwlr_layer_shell_v1', 1],
    [
      'already_constructed: a buffer came first',
      ['attach', 10, 10, 'get', 2, 'x'],
      'zwlr_layer_shell_v1',
      2,
    ],
    [
      'invalid_size: width 0 without left and right anchors',
      ['get', 2, 'x', 'size', 0, 50, 'anchor', ANCHOR.bottom, 'commit'],
      'zwlr_layer_surface_v1',
      1,
    ],
    ['invalid_anchor', ['get', 2, 'x', 'anchor', 16], 'zwlr_layer_surface_v1', 2],
    [
      'invalid_keyboard_interactivity',
      ['get', 2, 'x', 'interactivity', 3],
      'zwlr_layer_surface_v1',
      3,
    ],
    [
      'invalid_surface_state: ack of a serial never sent',
      ['get', 2, 'x', 'size', 10, 10, 'commit', 'ack', 4000000000],
      'zwlr_layer_surface_v1',
      0,
    ],
  ];
  it.each(cases)('%s', async (_name, script, iface, code) => {
    const client = layerClient(script);
    expect(await client.exited).toBe(3);
    expect(client.lines).toContain(`protocol-error ${iface} ${code}`);
    expect(wayboard.alive).toBe(true);
    expect(await layerSurfaces()).toEqual([]);
  });
});

it('wvkbd (a layer-shell panel keyboard) maps at the bottom and reserves its height', async () => {
  const mark = app.lines.length;
  const wvkbd = spawnTrusted(wayboard, 'wvkbd-mobintl', ['-H', '180', '-L', '180']);
  const outcome = await Promise.race([
    wvkbd.exited.then(() => 'exited' as const),
    waitFor('wvkbd mapped', async () => (await layerSurfaces()).length > 0 && 'mapped', 15000),
  ]);
  // it exits at once without zwp_virtual_keyboard_manager_v1 (also trusted-only)
  if (outcome === 'exited') throw new Error(`wvkbd exited: ${wvkbd.lines.join(' | ')}`);
  const [layer] = await layerSurfaces();
  expect(layer).toMatchObject({ x: 0, y: H - 180, width: W, height: 180, mapped: true });
  await lineAfter(app, mark, new RegExp(`^configure ${W} ${H - 180}$`));
  await appAt(0, 0, W, H - 180);
  expect(layer.namespace).toBe('wlroots'); // what wvkbd 0.12 calls itself
  // its keys are drawn there: light labels on dark keys
  const shot = await wayboard.screenshot();
  let light = 0;
  for (let y = H - 180; y < H; y++)
    for (let x = 0; x < W; x++) if (shot.pixel(x, y)[0] > 200) light++;
  expect(light).toBeGreaterThan(500);
  // a tap on its "q" (top row, second key) types into the focused app, which keeps focus
  const keys = app.lines.length;
  await wayboard.tap(91, H - 158);
  await lineAfter(app, keys, /^key 16 1$/);
  expect((await wayboard.state()).focus.keyboard).toBe((await appSurface()).id);
  // SIGUSR1 hides it (its surfaces go), SIGUSR2 shows it again: the zone follows
  wvkbd.process.kill('SIGUSR1');
  await appAt(0, 0, W, H);
  expect(await layerSurfaces()).toEqual([]);
  wvkbd.process.kill('SIGUSR2');
  await appAt(0, 0, W, H - 180);
  expect(await layerSurfaces()).toHaveLength(1);
  const again = app.lines.length;
  await stop(wvkbd);
  await lineAfter(app, again, new RegExp(`^configure ${W} ${H}$`));
  await appAt(0, 0, W, H);
});

it('a toolkit app (foot) fits above both the built-in panel and a taller layer panel', async () => {
  // foot enables text-input-v3: the built-in keyboard shows and reserves its own strip
  const foot = wayboard.spawnClient('foot', ['--app-id', 'foot-layer', 'sh', '-c', 'sleep 60']);
  const footAt = (height: number) =>
    waitFor(`foot ${W}x${height}`, async () => {
      const s = (await wayboard.state()).surfaces.find((x) => x.app_id === 'foot-layer');
      return s?.mapped && s.x === 0 && s.y === 0 && s.width === W && s.height === height;
    });
  const builtin = await waitFor('the built-in panel', async () => {
    const panel = (await wayboard.state()).seats[0].panel;
    return panel.visible && panel.y > 0 && panel;
  });
  await footAt(builtin.y);
  const zone = H - builtin.y + 100;
  const panel = layerClient([
    ...['get', 2, 'panel', 'anchor', ANCHOR.bottom | ANCHOR.left | ANCHOR.right],
    ...['size', 0, zone, 'zone', zone, 'commit', 'wait-configure', 'map'],
  ]);
  await panel.waitForLine(/^ready$/);
  await footAt(H - zone);
  // the layer panel goes; the built-in panel's reservation is still there
  await stop(panel);
  await footAt(builtin.y);
  foot.process.kill('SIGTERM');
  await foot.exited;
});

describe('two outputs', () => {
  let two: Wayboard;
  beforeAll(async () => {
    two = await Wayboard.start(['--output', '800x600@60', '--output', '640x480@60']);
  });
  afterAll(() => two.stop());

  it('a panel reserves only on its own output; no output means the focused app’s', async () => {
    const probe = buildFixture('input-probe', ['xdg-shell']);
    const left = two.spawnClient(probe);
    await left.waitForLine(/^ready$/);
    const right = two.spawnClient(probe); // the newest app: focused, on the second output
    await right.waitForLine(/^configure 640 480$/);
    const apps = async () =>
      (await two.state()).surfaces
        .filter((s) => s.app_id === 'input-probe')
        .map((s) => [s.x, s.y, s.width, s.height]);
    const bar = (get: (string | number)[]) =>
      layerClient(
        [
          ...[...get, 'anchor', ANCHOR.top | ANCHOR.left | ANCHOR.right, 'size', 0, 40],
          ...['zone', 40, 'commit', 'wait-configure', 'map'],
        ],
        true,
        two,
      );

    const onFirst = bar(['get-output', 0, 2, 'first']);
    await onFirst.waitForLine(/^ready$/);
    expect(onFirst.lines).toContainEqual(expect.stringMatching(/^configure \d+ 800 40$/));
    await waitFor(
      'the first app below the bar',
      async () =>
        JSON.stringify(await apps()) ===
        JSON.stringify([
          [0, 40, 800, 560],
          [800, 0, 640, 480],
        ]),
    );

    const unnamed = bar(['get', 2, 'unnamed']);
    await unnamed.waitForLine(/^ready$/);
    expect(unnamed.lines).toContainEqual(expect.stringMatching(/^configure \d+ 640 40$/));
    await waitFor(
      'the second app below its bar',
      async () =>
        JSON.stringify(await apps()) ===
        JSON.stringify([
          [0, 40, 800, 560],
          [800, 40, 640, 440],
        ]),
    );
    const layers = (await two.state()).surfaces.filter((s) => s.role === 'layer');
    expect(layers.map((s) => [s.namespace, s.x, s.y, s.width, s.height])).toEqual([
      ['first', 0, 0, 800, 40],
      ['unnamed', 800, 0, 640, 40],
    ]);
  });
});
