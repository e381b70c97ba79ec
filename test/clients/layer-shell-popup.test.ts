// xdg_popups of layer surfaces (an xdg_popup made with a null parent, then
// zwlr_layer_surface_v1.get_popup): placed against the layer surface and kept on its output,
// drawn and hit above their panel (also after set_layer) and above the app; a grabbing one
// takes keyboard focus, even from an exclusive panel; taps on the owning client leave it open
// (owner-events), a tap elsewhere dismisses it; unmapping the panel dismisses it; committing
// one that still has no parent, or giving it a second, is a protocol error. wlcs's
// LayerShellPopup and layer_shell_popup_placed_correctly tests cover placement on one
// output and pointer focus.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { layerClient as startLayerClient, lineAfter, send } from '../harness/layer-client.js';
import { Wayboard, waitFor, type Client, type SurfaceInfo } from '../harness/wayboard.js';

const W = 800;
const H = 600;
const BLUE = [0x30, 0x60, 0xc0, 255]; // layer-client's default colour: the panel
const GREEN = [0x20, 0xa0, 0x40, 255]; // input-probe's: the app
const YELLOW = [0xe0, 0xe0, 0x20, 255]; // the popups here
const ANCHOR = { top: 1, bottom: 2, left: 4, right: 8 };
/** xdg_positioner anchor and gravity values, and constraint adjustment bits */
const XDG = { topLeft: 5, bottomLeft: 6, topRight: 7, bottomRight: 8, flipY: 8 };
const TOP_LAYER = 2;
const ON_DEMAND = 2;
const EXCLUSIVE = 1;

let wayboard: Wayboard;
let app: Client;
beforeAll(async () => {
  wayboard = await Wayboard.start(['--output', `${W}x${H}@60`]);
  app = wayboard.spawnClient(buildFixture('input-probe', ['xdg-shell']));
  await app.waitForLine(/^ready$/);
  await wayboard.waitForSurface('input-probe');
});
afterAll(() => wayboard.stop());

/** layer clients of the running test: killed after it, pass or fail, so none leaks into
 *  the next */
const spawned: Client[] = [];
afterEach(async () => {
  for (const client of spawned.splice(0)) client.process.kill('SIGKILL');
  await waitFor('the layer surfaces to go', async () => (await surfacesOf('layer')).length === 0);
});

function layerClient(script: (string | number)[]): Client {
  const client = startLayerClient(wayboard, script);
  spawned.push(client);
  return client;
}

function surfacesOf(role: string): Promise<SurfaceInfo[]> {
  return wayboard.state().then((s) => s.surfaces.filter((x) => x.role === role));
}

function one(role: string): Promise<SurfaceInfo> {
  return waitFor(`one ${role}`, async () => {
    const list = await surfacesOf(role);
    return list.length === 1 && list[0];
  });
}

function focusOn(id: number): Promise<true> {
  return waitFor(`keyboard focus on surface ${id}`, async () => {
    return (await wayboard.state()).focus.keyboard === id || undefined;
  });
}

/** a 100 px panel along the bottom of the output (it reserves that strip from the app) */
function bottomPanel(interactivity: number, layer = TOP_LAYER): Client {
  return layerClient([
    ...['get', layer, 'menu-panel', 'anchor', ANCHOR.bottom | ANCHOR.left | ANCHOR.right],
    ...['size', 0, 100, 'zone', 100, 'interactivity', interactivity],
    ...['commit', 'wait-configure', 'map'],
  ]);
}

it('is placed against its panel, flipped to stay on the output, drawn and hit above it', async () => {
  const panel = bottomPanel(0);
  await panel.waitForLine(/^ready$/);
  expect(await one('layer')).toMatchObject({ x: 0, y: H - 100, width: W, height: 100 });
  // below the anchor rectangle it would leave the output: flip_y puts it above instead
  const below = [10, 60, 40, 20, XDG.bottomLeft, XDG.bottomRight, XDG.flipY];
  await send(panel, `popup 120 80 ${below.join(' ')}`);
  expect(panel.lines).toContain('popup configure 10 -20 120 80');
  await send(panel, 'color ffe0e020');
  await send(panel, 'popup-map');
  expect(await one('popup')).toMatchObject({ x: 10, y: H - 120, width: 120, height: 80 });
  const shot = await wayboard.screenshot();
  expect(shot.pixel(50, H - 110)).toEqual(YELLOW); // over the app
  expect(shot.pixel(50, H - 50)).toEqual(YELLOW); // over its panel
  expect(shot.pixel(200, H - 50)).toEqual(BLUE);
  expect(shot.pixel(200, H - 110)).toEqual(GREEN);
  await wayboard.tap(50, H - 50);
  await panel.waitForLine(/^touch down 99 40 70 popup$/);

  // the panel moves to the overlay layer: its popup is still above it
  await send(panel, 'layer 3');
  await send(panel, 'commit');
  await waitFor('the panel in the overlay layer', async () =>
    (await surfacesOf('layer')).some((s) => s.layer === 'overlay'),
  );
  const mark = panel.lines.length;
  await wayboard.tap(60, H - 50);
  await lineAfter(panel, mark, /^touch down 99 50 70 popup$/);
  panel.process.kill('SIGKILL');
  await waitFor('its popup gone', async () => (await surfacesOf('popup')).length === 0);
});

it('of a bottom-layer surface shows above the app that covers the surface', async () => {
  const under = layerClient([
    ...['get', 1, 'under', 'anchor', ANCHOR.bottom, 'size', 200, 100],
    ...['commit', 'wait-configure', 'map'],
  ]);
  await under.waitForLine(/^ready$/);
  await waitFor('the app over the whole output', async () => {
    const probe = (await wayboard.state()).surfaces.find((s) => s.app_id === 'input-probe');
    return probe?.width === W && probe.height === H;
  });
  await send(under, `popup 60 40 0 0 200 10 ${XDG.topLeft} ${XDG.bottomRight} 0`);
  await send(under, 'color ffe0e020');
  await send(under, 'popup-map');
  expect(await one('popup')).toMatchObject({ x: (W - 200) / 2, y: H - 100, width: 60 });
  const shot = await wayboard.screenshot();
  expect(shot.pixel((W - 200) / 2 + 10, H - 90)).toEqual(YELLOW);
  expect(shot.pixel((W - 200) / 2 + 100, H - 50)).toEqual(GREEN); // the app hides its parent
});

it('grabbing: takes keyboard focus; taps on its own client leave it open, others dismiss it', async () => {
  const appId = (await wayboard.state()).surfaces.find((s) => s.app_id === 'input-probe')!.id;
  const panel = bottomPanel(ON_DEMAND);
  await panel.waitForLine(/^ready$/);
  const layer = await one('layer');
  await focusOn(layer.id);
  await wayboard.tap(300, H - 50); // the press the grab answers
  await panel.waitForLine(/^touch down 99 300 50$/);
  await send(panel, `popup 100 50 0 0 50 50 ${XDG.topLeft} ${XDG.topRight} 0`);
  await send(panel, 'popup-grab');
  await send(panel, 'popup-map');
  await panel.waitForLine(/^keyboard enter popup$/);
  const popup = await one('popup');
  expect(popup).toMatchObject({ x: 0, y: H - 150, width: 100, height: 50 });
  await focusOn(popup.id);

  // owner-events: the panel's own client gets the tap, the menu stays, and so does focus
  const mark = panel.lines.length;
  await wayboard.tap(400, H - 50);
  await lineAfter(panel, mark, /^touch down 99 400 50$/);
  expect(panel.lines.slice(mark)).not.toContain('popup done');
  expect((await wayboard.state()).focus.keyboard).toBe(popup.id);

  // a tap on the app dismisses it, and the app is focused
  await wayboard.tap(400, 100);
  await panel.waitForLine(/^popup done$/);
  await focusOn(appId);
  await waitFor('the popup gone', async () => (await surfacesOf('popup')).length === 0);
});

it('of an exclusive panel takes focus from it; unmapping the panel dismisses it', async () => {
  const appId = (await wayboard.state()).surfaces.find((s) => s.app_id === 'input-probe')!.id;
  const panel = bottomPanel(EXCLUSIVE);
  await panel.waitForLine(/^ready$/);
  await focusOn((await one('layer')).id);
  await wayboard.tap(300, H - 50);
  await panel.waitForLine(/^touch down 99 300 50$/);
  await send(panel, `popup 100 50 0 0 50 50 ${XDG.topLeft} ${XDG.topRight} 0`);
  await send(panel, 'popup-grab');
  await send(panel, 'popup-map');
  await panel.waitForLine(/^keyboard enter popup$/);
  await focusOn((await one('popup')).id);

  await send(panel, 'unmap');
  await panel.waitForLine(/^popup done$/);
  await focusOn(appId);
  await waitFor('the popup gone', async () => (await surfacesOf('popup')).length === 0);
});

it('committed without a parent: invalid_popup_parent; given a second parent: invalid_surface_state', async () => {
  const cases: [string, string, number][] = [
    ['popup-orphan 50 50 popup-commit', 'xdg_wm_base', 3],
    [`popup 50 50 0 0 10 10 0 0 0 popup-parent`, 'zwlr_layer_surface_v1', 0],
  ];
  for (const [script, iface, code] of cases) {
    const client = layerClient([
      ...['get', TOP_LAYER, 'errors', 'size', 100, 100, 'commit', 'wait-configure', 'map'],
      ...script.split(' '),
    ]);
    expect(await client.exited).toBe(3);
    expect(client.lines).toContain(`protocol-error ${iface} ${code}`);
    expect(wayboard.alive).toBe(true);
  }
});
