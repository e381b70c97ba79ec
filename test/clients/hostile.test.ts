// What a hostile or broken client builds must never hang or bleed the compositor: parent
// links that would close a cycle are refused with the protocol's error, trees and object
// counts have limits, and a client that goes away takes everything it caused with it.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildFixture } from '../harness/fixtures.js';
import { Wayboard, waitFor, type Handles } from '../harness/wayboard.js';

let wayboard: Wayboard;
beforeAll(async () => {
  wayboard = await Wayboard.start();
  wayboard.spawnClient('weston-simple-shm');
  await wayboard.waitForSurface('org.freedesktop.weston.simple-shm');
});
afterAll(() => wayboard.stop());

async function handles(): Promise<Handles> {
  return (await wayboard.state()).handles;
}

/** the control socket answers at once and the bystander still gets frames */
async function stillServing(): Promise<void> {
  const started = Date.now();
  const before = (await wayboard.state()).outputs[0].repaints;
  expect(Date.now() - started).toBeLessThan(1000);
  await sleep(300);
  expect((await wayboard.state()).outputs[0].repaints).toBeGreaterThan(before + 5);
  expect(wayboard.alive).toBe(true);
}

function runBadClient(mode: string): { stdout: string; status: number | null } {
  const result = spawnSync(buildFixture('bad-client'), [mode], {
    env: wayboard.env,
    encoding: 'utf8',
    timeout: 10000,
  });
  return { stdout: result.stdout.trim(), status: result.status };
}

const refused: [string, RegExp][] = [
  ['popup-self-parent', /^error xdg_wm_base 3$/], // invalid_popup_parent (it hung before)
  ['popup-cycle', /^error xdg_wm_base 3$/],
  ['toplevel-cycle', /^error xdg_toplevel 1$/], // invalid_parent
  ['second-xdg-surface', /^error xdg_wm_base 0$/], // role
  ['deep-subsurfaces', /^error wl_subcompositor 0$/], // bad_surface: deeper than 32 levels
  ['many-surfaces', /^error wl_display 2$/], // no_memory: over 4096 surfaces
  ['frame-flood', /^error wl_display 2$/], // no_memory: over 64 waiting frame callbacks
];

for (const [mode, expected] of refused) {
  it(`${mode}: refused with a protocol error, the compositor keeps serving`, async () => {
    const result = runBadClient(mode);
    expect(result.stdout).toMatch(expected);
    expect(result.status).toBe(0);
    await stillServing();
  });
}

it('a client whose surface dies before its keyboard and text-input leaves nothing behind', async () => {
  // warm up once (lazily created things: keymap fds, caches), then count
  expect(runBadClient('late-binders').stdout).toBe('mapped');
  const idle = async () => {
    const h = await handles();
    return h.clients === 1 ? h : undefined; // only the bystander is left
  };
  const before = await waitFor('the first client to be gone', idle);
  for (let i = 0; i < 20; i++) expect(runBadClient('late-binders').stdout).toBe('mapped');
  const after = await waitFor('the clients to be gone', idle);
  // each leaked client would keep its surface, its texture and its objects
  // (the bystander's frame callbacks come and go: a few objects either way are its own)
  expect(after.surfaces).toBe(before.surfaces);
  expect(after.images).toBe(before.images);
  expect(after.resources).toBeLessThanOrEqual(before.resources + 4);
  expect(after.fds).toBeLessThanOrEqual(before.fds + 2);
  expect(wayboard.stderr).not.toMatch(/internal error|threw/);
  const state = await wayboard.state();
  expect(state.surfaces.filter((s) => s.app_id === 'bad-client')).toEqual([]);
  expect(state.focus.keyboard).not.toBeNull(); // focus went back to the bystander
  await stillServing();
});
