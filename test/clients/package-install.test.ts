// The package as a user gets it: `npm pack` (its prepack builds dist/), then `npm i -g` of the
// tarball into a private prefix, which builds the addon from the shipped native/ and
// binding.gyp; then the installed `wayboard` command runs a real client headless, and the
// example systemd unit that runs it as a kiosk session passes `systemd-analyze verify`.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { waitFor } from '../harness/wayboard.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'wayboard-package-'));
const prefix = path.join(work, 'prefix');
const wayboard = path.join(prefix, 'bin/wayboard');
const installed = path.join(prefix, 'lib/node_modules/wayboard');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function npm(args: string[], cwd: string): string {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
    cwd,
    encoding: 'utf8',
    timeout: 300000,
  });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

it('packs only what it needs and installs with its addon built at install', () => {
  const out = npm(['pack', '--json', '--pack-destination', work], root);
  // the JSON follows what prepack's build prints
  const [pack] = JSON.parse(out.slice(out.search(/^\[$/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = pack!.files.map((f) => f.path);
  // compiled JS, generated protocol code included; the addon's sources; no TypeScript
  expect(files).toEqual(
    expect.arrayContaining([
      'bin/wayboard.js',
      'dist/cli/main.js',
      'dist/generated/wayland.js',
      'dist/session/start.js',
      'dist/index.js',
      'dist/index.d.ts',
      'binding.gyp',
      'native/addon.cc',
      'native/drm-addon.cc',
      'tools/check-build-deps.js',
      'examples/systemd/wayboard-kiosk.service',
      'schema/keyboard-config.schema.json',
    ]),
  );
  const unwanted = files.filter((f) =>
    /^(test|bench|src|protocols|build)\/|^examples\/(?!systemd\/)|(?<!\.d)\.ts$|\.map$|^tools\/(arm64|generate)/.test(
      f,
    ),
  );
  expect(unwanted).toEqual([]);

  // deps come from npm's cache (filled by `npm ci`) when it has them
  const started = Date.now();
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', `./${pack!.filename}`], work);
  // built here, at install, not copied from the checkout's build/; the DRM backend's too
  for (const name of ['wayboard.node', 'wayboard_drm.node']) {
    const addon = statSync(path.join(installed, 'build/Release', name));
    expect(addon.mtimeMs).toBeGreaterThanOrEqual(started - 1000);
  }

  const version = spawnSync(wayboard, ['--version'], { encoding: 'utf8' });
  expect(version.status).toBe(0);
  expect(version.stdout).toMatch(/^wayboard \d+\.\d+\.\d+\n$/);
  const schema = spawnSync(wayboard, ['--print-config-schema'], { encoding: 'utf8' });
  expect(JSON.parse(schema.stdout)).toMatchObject({ title: 'wayboard keyboard config' });
}, 600000);

it('the installed wayboard runs weston-simple-shm and exits with its status', async () => {
  expect(existsSync(wayboard), 'installed by the test before').toBe(true);
  const runtimeDir = mkdtempSync(path.join(work, 'runtime-'));
  const env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir };
  delete env.WAYLAND_DISPLAY;
  const socket = 'wayboard-package';
  const child = spawn(
    wayboard,
    ['--backend', 'headless', '--socket', socket, '--', 'weston-simple-shm'],
    {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ctl = () => {
    const r = spawnSync(wayboard, ['ctl', '--socket', socket, 'state'], { env, encoding: 'utf8' });
    return r.status === 0
      ? (JSON.parse(r.stdout) as {
          outputs: { repaints: number }[];
          surfaces: { pid: number; mapped: boolean }[];
        })
      : undefined;
  };
  try {
    // the app's window mapped, and frames keep coming after that
    const first = await waitFor('the app mapped', () =>
      ctl()?.surfaces.find((s) => s.mapped) ? ctl() : undefined,
    );
    const repaints = first.outputs[0]!.repaints;
    await waitFor('10 more frames', () => (ctl()?.outputs[0]!.repaints ?? 0) >= repaints + 10);
    process.kill(first.surfaces[0]!.pid, 'SIGTERM');
    // 128 + SIGTERM: the app's status is wayboard's
    expect(await exited).toBe(143);
  } finally {
    child.kill('SIGKILL');
  }
}, 60000);

it('a project imports startCompositor from the installed package', () => {
  expect(existsSync(wayboard), 'installed by the test before').toBe(true);
  const project = mkdtempSync(path.join(work, 'project-'));
  mkdirSync(path.join(project, 'node_modules'));
  symlinkSync(installed, path.join(project, 'node_modules/wayboard'));
  writeFileSync(
    path.join(project, 'main.mjs'),
    `import { startCompositor } from 'wayboard';
     const compositor = startCompositor({ backend: 'headless', outputs: [], socketName: null, layout: 'us', configFile: null });
     console.log(compositor.socketName, compositor.state().outputs.length);
     compositor.destroy();
     process.exit(0);`,
  );
  const env = { ...process.env, XDG_RUNTIME_DIR: project };
  const result = spawnSync(process.execPath, ['main.mjs'], { cwd: project, env, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^wayland-\d+ 1\n$/);
  // the declarations the entry point names are in the package
  expect(existsSync(path.join(installed, 'dist/index.d.ts'))).toBe(true);
  expect(existsSync(path.join(installed, 'dist/session/start.d.ts'))).toBe(true);
});

it('the kiosk session unit passes systemd-analyze verify', () => {
  expect(existsSync(wayboard), 'installed by the test before').toBe(true);
  // the unit as shipped but for where wayboard is: verify checks that ExecStart's command
  // exists, and the test's install is in a temporary prefix, not /usr/local
  const unit = readFileSync(path.join(root, 'examples/systemd/wayboard-kiosk.service'), 'utf8');
  expect(unit).toContain('ExecStart=/usr/local/bin/wayboard ');
  const copy = path.join(work, 'wayboard-kiosk.service');
  writeFileSync(copy, unit.replace('/usr/local/bin/wayboard', wayboard));
  const result = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
  // unknown keys or bad values are only warnings to verify: none may be printed
  expect(result.stderr + result.stdout).toBe('');
  expect(result.status).toBe(0);
});
