// What a hostile or broken client builds must never hang or bleed the compositor: parent
// links that would close a cycle are refused with the protocol's error, trees and object
// counts have limits, and a client that goes away takes everything it caused with it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectStillServing, runBadClient, startWithBystander } from '../harness/bystander.js';
import { Wayboard, waitFor, type Handles } from '../harness/wayboard.js';

let wayboard: Wayboard;
beforeAll(async () => {
  wayboard = await startWithBystander();
});
afterAll(() => wayboard.stop());

async function handles(): Promise<Handles> {
  return (await wayboard.state()).handles;
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
    const result = runBadClient(wayboard, mode);
    expect(result.stdout).toMatch(expected);
    expect(result.status).toBe(0);
    await expectStillServing(wayboard);
  });
}

it('a client whose surface dies before its keyboard and text-input leaves nothing behind', async () => {
  // warm up once (lazily created things: keymap fds, caches), then count
  expect(runBadClient(wayboard, 'late-binders').stdout).toBe('mapped');
  const idle = async () => {
    const h = await handles();
    return h.clients === 1 ? h : undefined; // only the bystander is left
  };
  const before = await waitFor('the first client to be gone', idle);
  for (let i = 0; i < 20; i++) expect(runBadClient(wayboard, 'late-binders').stdout).toBe('mapped');
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
  await expectStillServing(wayboard);
});
