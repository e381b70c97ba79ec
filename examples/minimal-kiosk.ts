// A whole kiosk in one file, on wayboard's public API: one headless output, one app shown
// full screen, and a script that taps into it and takes a screenshot.
//
//   npx tsx examples/minimal-kiosk.ts [APP ARGS...]      (default app: weston-simple-shm)
//
// Everything here is what `wayboard -- APP` does, minus argument parsing and the control
// socket: read it to see how the pieces fit. `wayboard` is the package's typed entry point
// (dist/index.js and its .d.ts: `npm run build` first in a checkout; in a project, after
// `npm i wayboard-VERSION.tgz`, the same import works).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCompositor } from 'wayboard';

// 1. Wayland clients find the compositor's socket in XDG_RUNTIME_DIR, a private directory.
process.env.XDG_RUNTIME_DIR ??= mkdtempSync(path.join(tmpdir(), 'kiosk-'));

// 2. The compositor: a display with a socket, outputs, and every global (seat, xdg-shell,
//    text-input...). It runs on Node's own event loop: no threads, no polling.
const compositor = startCompositor({
  backend: 'headless',
  outputs: [{ width: 1024, height: 600, refreshMhz: 60000 }],
  socketName: null, // the first free wayland-N
  layout: 'us', // the XKB layout of the keymap and of the on-screen keyboard
  configFile: null, // keyboard theme defaults
});
console.log(`compositor on ${compositor.socketName}`);

// 3. The app: any Wayland client, pointed at our socket. The kiosk shell configures its
//    toplevel to fill the output and gives it keyboard focus.
const [command, ...args] = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['weston-simple-shm'];
const app = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, WAYLAND_DISPLAY: compositor.socketName, QT_QPA_PLATFORM: 'wayland' },
});

// 4. Wait until the app's window is mapped: `state()` is what `wayboard ctl state` prints.
type Surfaces = { surfaces: { app_id: string; width: number; height: number }[] };
while (!(compositor.state() as Surfaces).surfaces.length) await sleep(50);
console.log('mapped:', (compositor.state() as Surfaces).surfaces[0]);

// 5. Input goes through the same path real touches take: hit-testing, focus, then
//    wl_touch events in the surface's own coordinates.
await compositor.touchDown(0, 100, 100);
await compositor.touchUp(0);

// 6. Screenshots read the framebuffer after painting any pending damage.
await sleep(300);
await compositor.screenshot('minimal-kiosk.png');
console.log('wrote minimal-kiosk.png');

// 7. Tear down: the app first, then the compositor (which disconnects every client).
app.kill('SIGTERM');
app.once('exit', () => {
  compositor.destroy();
  process.exit(0);
});
