// The DRM backend's native side as it runs, without a card: its addon (wayboard_drm.node) is
// a module of its own that loads on demand, or says in one line why it cannot; and the main
// addon fills a dumb buffer by mapping it from the card's fd at the offset the kernel gives,
// which a plain file at a page offset stands in for here.
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { BackendHost } from '../../src/backends/backend.js';
import { DrmBackend } from '../../src/backends/drm/backend.js';
import { loadDrm, pixels } from '../../src/backends/drm/native.js';
import { native } from '../../src/native.js';

it('a DRM addon that cannot load is one line saying why', () => {
  const saved = process.env.WAYBOARD_DRM_ADDON;
  process.env.WAYBOARD_DRM_ADDON = '/nonexistent/wayboard_drm.node';
  try {
    expect(() => new DrmBackend([], true, ['/dev/dri/card0']).start({} as BackendHost)).toThrow(
      /^--backend drm: cannot load its addon \(Cannot find module '\/nonexistent\/wayboard_drm\.node'\)$/,
    );
  } finally {
    if (saved === undefined) delete process.env.WAYBOARD_DRM_ADDON;
    else process.env.WAYBOARD_DRM_ADDON = saved;
  }
});

it('the DRM addon loads on its own with the calls the backend makes; the main one has none of them', () => {
  const calls = Object.keys(loadDrm()).sort();
  expect(calls).toEqual([
    'drmClose',
    'drmOpen',
    'drmOutputCreate',
    'drmOutputDestroy',
    'drmPresent',
    'drmResources',
    'hotplugMonitor',
    'inputOpen',
    'inputResume',
    'inputSuspend',
    'seatClose',
    'seatCloseDevice',
    'seatDisable',
    'seatOpen',
    'seatOpenDevice',
    'seatSwitchSession',
  ]);
  expect(calls.filter((name) => name in native)).toEqual([]);
});

it('framebuffer rectangles land in an fd mapped at an offset, the rest of it untouched', () => {
  // a 4×3 XRGB8888 buffer with 16-byte rows, one page into the file
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wayboard-dumb-')), 'buffer');
  writeFileSync(file, Buffer.alloc(4096 + 48, 0xee));
  const fd = openSync(file, 'r+');
  const framebuffer = native.framebufferCreate(4, 3);
  native.render(framebuffer, 0x336699, new Float64Array(0), new Int32Array([0, 0, 4, 3]));
  const memory = pixels.memoryMap(fd, 4096, 48);
  pixels.framebufferCopyRects(framebuffer, memory, 0, 16, new Int32Array([1, 1, 2, 1]));
  pixels.memoryDestroy(memory);
  closeSync(fd);
  native.textureDestroy(framebuffer);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 4096).every((b) => b === 0xee)).toBe(true);
  const rows = [0, 1, 2].map((y) =>
    [0, 1, 2, 3].map((x) => [...bytes.subarray(4096 + y * 16 + x * 4, 4096 + y * 16 + x * 4 + 3)]),
  );
  const untouched = [0xee, 0xee, 0xee];
  const blue = [0x99, 0x66, 0x33]; // XRGB8888 in memory: B, G, R
  expect(rows).toEqual([
    [untouched, untouched, untouched, untouched],
    [untouched, blue, blue, untouched],
    [untouched, untouched, untouched, untouched],
  ]);
});

it('memoryMap says why it cannot map', () => {
  expect(() => pixels.memoryMap(-1, 0, 4096)).toThrow(
    /^cannot map the memory: Bad file descriptor$/,
  );
});
