// The DRM backend's own logic over a stand-in for the addon's DRM calls (the real ones need a
// card, a seat and input devices this machine does not have): outputs from connectors, the
// first frame modesets, frames are copied where each buffer lacks and paced by flip events,
// a VT switch pauses and resumes, hot-plug adds and removes outputs, and start-up failures
// are one line each.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendHost, BackendOutput, PresentationTime } from '../../src/backends/backend.js';
import type { DrmConnector, DrmResources } from '../../src/backends/drm/kms.js';
import type { FlipEvent, SeatEvent, UdevEvent } from '../../src/backends/drm/native.js';
import type { InputEvent } from '../../src/backends/drm/input.js';

const fake = vi.hoisted(() => ({
  calls: [] as unknown[][],
  resources: null as unknown as DrmResources,
  seatError: null as string | null,
  onSeat: (_e: SeatEvent[]) => {},
  onFlip: (_e: FlipEvent[]) => {},
  onUdev: (_e: UdevEvent[]) => {},
  onInput: (_e: InputEvent[]) => {},
  nextOutput: 1,
  presentResult: 0,
}));

// dumb buffer `b` of output `o` is mapped as memory token o * 10 + b
vi.mock('../../src/backends/drm/native.js', () => ({
  loadDrm: () => ({
    seatOpen: (cb: typeof fake.onSeat) => {
      if (fake.seatError) throw new Error(fake.seatError);
      fake.onSeat = cb;
      return 'seat0';
    },
    seatOpenDevice: (path: string) => (fake.calls.push(['open', path]), { fd: 42, device: 3 }),
    seatCloseDevice: (d: number) => fake.calls.push(['closeDevice', d]),
    seatDisable: () => fake.calls.push(['seatDisable']),
    seatSwitchSession: (vt: number) => fake.calls.push(['switch', vt]),
    seatClose: () => fake.calls.push(['seatClose']),
    inputOpen: (cb: typeof fake.onInput) => (fake.onInput = cb),
    inputSuspend: () => fake.calls.push(['inputSuspend']),
    inputResume: () => fake.calls.push(['inputResume']),
    hotplugMonitor: (cb: typeof fake.onUdev) => (fake.onUdev = cb),
    drmOpen: (_fd: number, atomic: boolean, cb: typeof fake.onFlip) => {
      fake.onFlip = cb;
      return { card: 1, atomic };
    },
    drmResources: () => fake.resources,
    drmOutputCreate: (_card: number, connector: number, crtc: number) => {
      fake.calls.push(['create', connector, crtc]);
      const output = fake.nextOutput++;
      const buffer = (b: number) => ({
        offset: 4096 * (output * 10 + b),
        size: 8294400,
        pitch: 7680,
      });
      return { output, buffers: [buffer(0), buffer(1)] };
    },
    drmPresent: (output: number, buffer: number, modeset: boolean) => {
      fake.calls.push(['present', output, buffer, modeset]);
      return fake.presentResult;
    },
    drmOutputDestroy: (output: number) => fake.calls.push(['destroy', output]),
    drmClose: () => fake.calls.push(['drmClose']),
  }),
  // the main addon's side: the card's fd mapped, the framebuffer (7 here) copied in
  pixels: {
    memoryMap: (fd: number, offset: number, size: number) => {
      expect([fd, size]).toEqual([42, 8294400]);
      return offset / 4096;
    },
    memoryDestroy: (memory: number) => fake.calls.push(['unmap', memory]),
    framebufferCopyRects: (
      fb: number,
      memory: number,
      offset: number,
      stride: number,
      rects: Int32Array,
    ) => {
      expect([fb, offset, stride]).toEqual([7, 0, 7680]);
      fake.calls.push(['copy', Math.floor(memory / 10), memory % 10, [...rects]]);
    },
  },
}));

const { DrmBackend } = await import('../../src/backends/drm/backend.js');

const connector = (id: number, connected = true): DrmConnector => ({
  id,
  type: 'HDMI-A',
  typeId: id,
  connected,
  mmWidth: 520,
  mmHeight: 290,
  modes: [
    {
      width: 1920,
      height: 1080,
      clock: 148500,
      htotal: 2200,
      vtotal: 1125,
      vscan: 0,
      flags: 0,
      preferred: true,
      name: '1920x1080',
    },
  ],
  encoders: [100 + id],
  panelOrientation: null,
});

function host() {
  const outputs: BackendOutput[] = [];
  const presented: [string, PresentationTime][] = [];
  const log = {
    outputs,
    presented,
    removed: [] as string[],
    damage: [{ x: 0, y: 0, width: 1920, height: 1080 }],
  };
  const h: BackendHost = {
    outputAdded: (o) => outputs.push(o),
    outputChanged: () => {},
    outputRemoved: (o) => log.removed.push(o.info.name),
    // the renderer: composites its damage and presents at once
    frame: (o) => o.present(7, log.damage.splice(0)),
    presented: (o, time) => presented.push([o.info.name, time]),
    input: {
      pointerMotion: () => {},
      pointerMotionRelative: () => {},
      pointerButton: () => {},
      touchDown: () => {},
      touchMotion: () => {},
      touchUp: () => {},
      key: () => {},
    },
    quit: () => {},
  };
  return { h, log };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const flip = (output: number, sec = 5) =>
  fake.onFlip([{ type: 'flip', output, sequence: 9, sec, usec: 250 }]);

beforeEach(() => {
  fake.calls = [];
  fake.seatError = null;
  fake.nextOutput = 1;
  fake.presentResult = 0;
  fake.resources = {
    connectors: [connector(1), connector(2, false)],
    encoders: [
      { id: 101, possibleCrtcs: 0b11 },
      { id: 102, possibleCrtcs: 0b11 },
    ],
    crtcs: [31, 32],
  };
});

describe('DrmBackend', () => {
  it('says why in one line when there is no card or no seat', () => {
    expect(() => new DrmBackend([], true, []).start(host().h)).toThrow(
      /^--backend drm: no DRM device \(\/dev\/dri\/card\* missing\)$/,
    );
    fake.seatError = 'Permission denied';
    expect(() => new DrmBackend([], true, ['/dev/dri/card0']).start(host().h)).toThrow(
      /^--backend drm: no seat for this session \(Permission denied\): run it on a VT with seatd or logind, or as root$/,
    );
  });

  it('a connected connector becomes an output; the first frame modesets, flips pace the rest', async () => {
    const { h, log } = host();
    const backend = new DrmBackend([], true, ['/dev/dri/card0']);
    backend.start(h);
    expect(log.outputs.map((o) => [o.info.name, o.info.mode])).toEqual([
      ['HDMI-A-1', { width: 1920, height: 1080, refreshMhz: 60000 }],
    ]);
    const output = log.outputs[0]!;
    expect(fake.calls).toEqual([
      ['open', '/dev/dri/card0'],
      ['create', 1, 31],
    ]);
    fake.calls = [];
    output.requestFrame();
    output.requestFrame(); // one frame for both
    await tick();
    expect(fake.calls).toEqual([
      ['copy', 1, 1, [0, 0, 1920, 1080]],
      ['present', 1, 1, true],
    ]);
    // a frame asked for while the flip is pending waits for it
    fake.calls = [];
    log.damage.push({ x: 10, y: 10, width: 5, height: 5 });
    output.requestFrame();
    await tick();
    expect(fake.calls).toEqual([]);
    flip(1);
    expect(log.presented).toEqual([
      ['HDMI-A-1', { timeNs: 5000250000n, refreshNs: 16666667n, sequence: 9 }],
    ]);
    await tick();
    // buffer 0, never shown yet, gets everything; no modeset now
    expect(fake.calls).toEqual([
      ['copy', 1, 0, [0, 0, 1920, 1080]],
      ['present', 1, 0, false],
    ]);
    flip(1);
    // a still frame: buffer 1 only lacks the last change, and it still flips (pacing)
    fake.calls = [];
    output.requestFrame();
    await tick();
    expect(fake.calls).toEqual([
      ['copy', 1, 1, [10, 10, 5, 5]],
      ['present', 1, 1, false],
    ]);
    backend.destroy();
    expect(fake.calls.slice(2)).toEqual([
      ['unmap', 10],
      ['unmap', 11],
      ['destroy', 1],
      ['drmClose'],
      ['closeDevice', 3],
      ['seatClose'],
    ]);
  });

  it('a VT switch pauses frames and input, then modesets and shows everything again', async () => {
    const { h, log } = host();
    const backend = new DrmBackend([], true, ['/dev/dri/card0']);
    backend.start(h);
    const output = log.outputs[0]!;
    output.requestFrame();
    await tick();
    flip(1);
    fake.calls = [];
    fake.onSeat([{ type: 'disable' }]);
    expect(fake.calls).toEqual([['inputSuspend'], ['seatDisable']]);
    fake.calls = [];
    log.damage.push({ x: 0, y: 0, width: 1, height: 1 });
    output.requestFrame();
    await tick();
    expect(fake.calls).toEqual([]); // nothing drawn while away
    fake.onSeat([{ type: 'enable' }]);
    await tick();
    expect(fake.calls).toEqual([
      ['inputResume'],
      ['copy', 1, 0, [0, 0, 1920, 1080]],
      ['present', 1, 0, true],
    ]);
    backend.destroy();
  });

  it('hot-plug: a connector plugged in becomes an output on a free CRTC, one unplugged goes', () => {
    const { h, log } = host();
    const backend = new DrmBackend([], true, ['/dev/dri/card0']);
    backend.start(h);
    fake.resources.connectors = [connector(1), connector(2)];
    fake.onUdev([{ type: 'udev', action: 'change', sysname: 'card1', hotplug: true }]);
    expect(log.outputs).toHaveLength(1); // another card's event
    fake.onUdev([{ type: 'udev', action: 'change', sysname: 'card0', hotplug: true }]);
    expect(log.outputs.map((o) => o.info.name)).toEqual(['HDMI-A-1', 'HDMI-A-2']);
    expect(fake.calls).toContainEqual(['create', 2, 32]);
    fake.resources.connectors = [connector(1, false), connector(2)];
    fake.onUdev([{ type: 'udev', action: 'change', sysname: 'card0', hotplug: true }]);
    expect(log.removed).toEqual(['HDMI-A-1']);
    expect(fake.calls).toContainEqual(['destroy', 1]);
    backend.destroy();
  });

  it('a failing flip says so once and still answers the frame a refresh later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const { h, log } = host();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const backend = new DrmBackend([], true, ['/dev/dri/card0']);
    backend.start(h);
    fake.presentResult = -16; // EBUSY
    log.outputs[0]!.requestFrame();
    await tick();
    vi.advanceTimersByTime(20);
    expect(log.presented).toHaveLength(1);
    log.outputs[0]!.requestFrame();
    await tick();
    vi.advanceTimersByTime(20);
    expect(log.presented).toHaveLength(2);
    expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual([
      'wayboard: HDMI-A-1: modeset failed (errno 16)\n',
    ]);
    stderr.mockRestore();
    vi.useRealTimers();
    backend.destroy();
  });

  it('Ctrl+Alt+F3 from libinput asks the seat for VT 3', () => {
    const { h } = host();
    const backend = new DrmBackend([], true, ['/dev/dri/card0']);
    backend.start(h);
    fake.onInput([
      { type: 'key', code: 29, pressed: true },
      { type: 'key', code: 56, pressed: true },
      { type: 'key', code: 61, pressed: true },
    ]);
    expect(fake.calls).toContainEqual(['switch', 3]);
    backend.destroy();
  });
});
