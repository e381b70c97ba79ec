// --input-method CMD: wayboard runs the keyboard program on a socket of its own, restarts it
// when it dies, and after repeated deaths the built-in keyboard takes over.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { waitForPanel } from '../harness/osk.js';
import { Wayboard, waitFor } from '../harness/wayboard.js';

const form = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/form.qml');
let wayboard: Wayboard | undefined;
afterEach(async () => {
  await wayboard?.stop();
  wayboard = undefined;
});

it('a keyboard program that keeps dying is restarted, then replaced by the built-in keyboard', async () => {
  wayboard = await Wayboard.start(['--input-method', 'false']);
  const qt = wayboard.spawnClient('qmlscene', [form]);
  await wayboard.waitForSurface('org.qt-project.qmlscene');
  // meanwhile no keyboard at all: the external one is supposed to serve
  await wayboard.tap(300, 60);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await wayboard.state()).seats[0].panel.visible).toBe(false);
  await waitFor(
    'the built-in keyboard to take over',
    () => /the built-in keyboard takes over/.test(wayboard!.stderr) || undefined,
    15000,
  );
  expect(wayboard.stderr.match(/restarting it in \d+ ms/g)).toHaveLength(4);
  await wayboard.tap(300, 60);
  await waitForPanel(wayboard);
  await wayboard.ctl('type', 'ok');
  await qt.waitForLine(/^qml: text name ok$/);
});

it('--trusted-client: a client of that executable sees the privileged globals', async () => {
  const info = realpathSync('/usr/bin/wayland-info');
  wayboard = await Wayboard.start(['--trusted-client', info]);
  const listed = execFileSync(info, { env: wayboard.env, timeout: 10000 }).toString();
  expect(listed).toMatch(/zwp_input_method_manager_v2/);
  expect(listed).toMatch(/zwp_virtual_keyboard_manager_v1/);
  expect(listed).toMatch(/zwlr_layer_shell_v1/);
});
