// Tests of bad clients: a wayboard with a well-behaved bystander (weston-simple-shm) that
// must keep being served whatever the bad client did, and the bad-client fixture's runner.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { buildFixture } from './fixtures.js';
import { Wayboard } from './wayboard.js';

export const BYSTANDER_APP_ID = 'org.freedesktop.weston.simple-shm';

export async function startWithBystander(): Promise<Wayboard> {
  const wayboard = await Wayboard.start();
  wayboard.spawnClient('weston-simple-shm');
  await wayboard.waitForSurface(BYSTANDER_APP_ID);
  return wayboard;
}

/** the compositor is alive, answers `ctl state` at once, and the bystander still gets frames */
export async function expectStillServing(wayboard: Wayboard): Promise<void> {
  expect(wayboard.alive).toBe(true);
  const asked = Date.now();
  const before = (await wayboard.state()).outputs[0].repaints;
  expect(Date.now() - asked).toBeLessThan(1000);
  await sleep(300);
  const state = await wayboard.state();
  expect(state.outputs[0].repaints).toBeGreaterThan(before + 5);
  expect(state.surfaces.some((s) => s.app_id === BYSTANDER_APP_ID)).toBe(true);
}

/** test/fixtures/bad-client.c in one mode: prints "error INTERFACE CODE" (or "mapped") */
export function runBadClient(
  wayboard: Wayboard,
  mode: string,
): { stdout: string; status: number | null } {
  const result = spawnSync(buildFixture('bad-client'), [mode], {
    env: wayboard.env,
    encoding: 'utf8',
    timeout: 10000,
  });
  return { stdout: result.stdout.trim(), status: result.status };
}
