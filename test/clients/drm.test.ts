// `--backend drm` where it cannot start says why in one line and exits 1: on this machine
// and CI's there is no DRM device at all. (What needs a screen, a seat and input devices is
// in /work/notes and the closing note: not run here.) Any other backend leaves the
// DRM backend's addon and its libraries unloaded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { listCards } from '../../src/backends/drm/cards.js';
import { Wayboard } from '../harness/wayboard.js';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/wayboard.js');

it('--backend drm without a usable DRM device: one line why, exit 1, no socket left', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-drm-'));
  const result = spawnSync(
    process.execPath,
    [bin, '--backend', 'drm', '--socket', 'drm-test', '--', 'true'],
    { env: { ...process.env, XDG_RUNTIME_DIR: dir }, encoding: 'utf8', timeout: 20000 },
  );
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  // with no card (this machine, CI) the reason is exactly that; with one, the seat or the
  // card says why
  expect(lines[0]).toMatch(
    listCards().length === 0
      ? /^wayboard: --backend drm: no DRM device \(\/dev\/dri\/card\* missing\)$/
      : /^wayboard: --backend drm: /,
  );
  expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout).not.toMatch(/drm-test/);
});

it("a headless wayboard maps none of the DRM backend's libraries", async () => {
  const wayboard = await Wayboard.start(['--backend', 'headless']);
  try {
    const maps = readFileSync(`/proc/${wayboard.process.pid}/maps`, 'utf8');
    const files = new Set(maps.match(/[^/\s]+\.(so|node)\b[.\d]*/g));
    expect(files).toContain('wayboard.node');
    const drmOnly =
      /^(wayboard_drm\.node|lib(seat|drm|input|udev|glib-2\.0|gobject-2\.0|systemd)\.so)/;
    expect([...files].filter((f) => drmOnly.test(f))).toEqual([]);
  } finally {
    await wayboard.stop();
  }
});
