// `./run demo`: a headless wayboard, a real Qt 5 app (examples/form.qml), the built-in
// keyboard typing into it through `ctl type`, and a screenshot with the keyboard up.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CtlConnection } from '../control/client.js';
import { PACKAGE_ROOT } from '../package-root.js';

const root = fileURLToPath(PACKAGE_ROOT);
const SOCKET = 'wayboard-demo';
// where the form's fields are (examples/form.qml lays them out at fixed places)
const FIELDS = { name: { x: 300, y: 99 }, email: { x: 300, y: 155 }, pin: { x: 150, y: 211 } };

function waitForReady(compositor: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`wayboard did not start:\n${log}`)), 15000);
    compositor.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(`ready on ${SOCKET}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    compositor.once('exit', (code) => reject(new Error(`wayboard exited (${code}):\n${log}`)));
  });
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'wayboard-demo-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir };
  const children: ChildProcess[] = [];
  try {
    const compositor = spawn(
      process.execPath,
      // headless whatever the desktop: the demo's screenshot is the point
      [
        path.join(root, 'bin/wayboard.js'),
        ...['--backend', 'headless', '--socket', SOCKET, '--output', '1280x720@60'],
      ],
      {
        env,
        stdio: ['ignore', 'inherit', 'pipe'],
      },
    );
    children.push(compositor);
    await waitForReady(compositor);
    const ctl = await CtlConnection.connect(path.join(runtimeDir, `${SOCKET}.ctl`));
    const app = spawn('qmlscene', [path.join(root, 'examples/form.qml')], {
      env: { ...env, WAYLAND_DISPLAY: SOCKET, QT_QPA_PLATFORM: 'wayland' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(app);
    const typed: string[] = [];
    const collect = (chunk: Buffer) =>
      typed.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l.includes('text ')),
      );
    app.stdout!.on('data', collect);
    app.stderr!.on('data', collect);
    await waitFor('the form to appear', async () => {
      const state = (await ctl.request(['state'])) as {
        surfaces: { app_id: string; mapped: boolean }[];
      };
      return (
        state.surfaces.some((s) => s.app_id === 'org.qt-project.qmlscene' && s.mapped) || undefined
      );
    });
    await sleep(500); // Qt draws its first frame after mapping
    type Keys = { visible: boolean; page: string; keys: { text?: string }[] };
    // each field's own page: the numeric pad, letters with @, plain letters
    const pageOf = {
      pin: (k: Keys) => k.page === 'digits',
      email: (k: Keys) => k.page === 'letters' && k.keys.some((key) => key.text === '@'),
      name: (k: Keys) => k.page === 'letters' && !k.keys.some((key) => key.text === '@'),
    };
    const entries: [keyof typeof FIELDS, string][] = [
      ['pin', '2024'],
      ['email', 'ada@example.org'],
      ['name', 'Ada Lovelace'],
    ];
    for (const [field, text] of entries) {
      await ctl.request(['tap', String(FIELDS[field].x), String(FIELDS[field].y)]);
      await waitFor(`the keyboard for the ${field} field`, async () => {
        const keys = (await ctl.request(['keys'])) as Keys;
        return (keys.visible && pageOf[field](keys)) || undefined;
      });
      await ctl.request(['type', text]);
      console.log(`typed "${text}" into ${field}`);
    }
    await sleep(300);
    const file = path.resolve(process.cwd(), 'wayboard-demo.png');
    await ctl.request(['screenshot', file]);
    ctl.close();
    console.log(`the app printed: ${typed.slice(-3).join(' | ')}`);
    console.log(`screenshot with the keyboard up: ${file}`);
  } finally {
    for (const child of children.reverse()) child.kill('SIGTERM');
    await sleep(300);
    rmSync(runtimeDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`demo: ${error.message}`);
  process.exit(1);
});
