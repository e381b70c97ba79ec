// wayland-info (a real client from Debian) lists every global wayboard must offer.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Wayboard } from '../harness/wayboard.js';

let wayboard: Wayboard;
beforeAll(async () => (wayboard = await Wayboard.start()));
afterAll(() => wayboard.stop());

it('wayland-info lists every global with its version', () => {
  const output = execFileSync('wayland-info', { env: wayboard.env, timeout: 10000 }).toString();
  const globals = new Map<string, number>();
  for (const m of output.matchAll(/interface: '(\w+)',\s+version:\s+(\d+)/g))
    globals.set(m[1], Number(m[2]));
  const expected: [string, number][] = [
    ['wl_compositor', 5],
    ['wl_subcompositor', 1],
    ['wl_shm', 1],
    ['wl_output', 4],
    ['wl_seat', 7],
    ['xdg_wm_base', 3],
    ['wl_data_device_manager', 3],
    ['zxdg_decoration_manager_v1', 1],
    ['wp_presentation', 1],
    ['wp_viewporter', 1],
    ['zxdg_output_manager_v1', 3],
    ['zwp_text_input_manager_v2', 1],
  ];
  for (const [name, minimum] of expected) {
    expect(globals.get(name), name).toBeGreaterThanOrEqual(minimum);
  }
  // the seat has all three capabilities even headless
  expect(output).toMatch(/capabilities:.*pointer.*keyboard.*touch/);
});
