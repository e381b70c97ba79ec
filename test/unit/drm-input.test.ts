// libinput events (as native/seat.cc reports them) → the compositor's input sink: touch on
// the output each touch screen belongs to, in its panel's pixels, absolute and relative
// pointers, keys, and Ctrl+Alt+Fn as a VT switch; then panel pixels → layout on a rotated
// screen, and the pointer kept on the outputs.
import { describe, expect, it } from 'vitest';
import type { BackendOutput, InputSink, OutputInfo } from '../../src/backends/backend.js';
import {
  InputTranslator,
  outputForDevice,
  type InputDevice,
} from '../../src/backends/drm/input.js';
import { keepOnOutputs } from '../../src/compositor/backend-host.js';
import { panelToLayout } from '../../src/compositor/transform.js';

function output(name: string, width: number, height: number, mm: [number, number]): BackendOutput {
  const info: OutputInfo = {
    name,
    make: 'wayboard',
    model: 'drm',
    mode: { width, height, refreshMhz: 60000 },
    physicalSizeMm: { width: mm[0], height: mm[1] },
    scale: 1,
    transform: 0,
  };
  return { info, requestFrame: () => {}, present: () => {} };
}

const HDMI = output('HDMI-A-1', 1920, 1080, [520, 290]);
const DSI = output('DSI-1', 800, 1280, [107, 172]);

function recorder() {
  const calls: unknown[][] = [];
  const sink: InputSink = {
    pointerMotion: (o, x, y) => calls.push(['pointerMotion', o.info.name, x, y]),
    pointerMotionRelative: (dx, dy) => calls.push(['pointerMotionRelative', dx, dy]),
    pointerButton: (code, pressed) => calls.push(['pointerButton', code, pressed]),
    touchDown: (o, id, x, y) => calls.push(['touchDown', o.info.name, id, x, y]),
    touchMotion: (o, id, x, y) => calls.push(['touchMotion', o.info.name, id, x, y]),
    touchUp: (id) => calls.push(['touchUp', id]),
    key: (code, pressed) => calls.push(['key', code, pressed]),
  };
  const vts: number[] = [];
  const translator = new InputTranslator(
    sink,
    () => [HDMI, DSI],
    (vt) => vts.push(vt),
  );
  return { calls, vts, translator };
}

const device = (d: Partial<InputDevice> & Pick<InputDevice, 'device'>): InputDevice => ({
  name: 'test device',
  sysname: `event${d.device}`,
  keyboard: false,
  pointer: false,
  touch: false,
  ...d,
});

describe('outputForDevice', () => {
  it('takes the output udev names, else the one of the same size, else the first', () => {
    const outputs = [HDMI, DSI];
    expect(outputForDevice(device({ device: 1, outputName: 'DSI-1' }), outputs)).toBe(DSI);
    // a 108×171 mm touch screen is the 107×172 mm panel
    expect(outputForDevice(device({ device: 1, widthMm: 108, heightMm: 171 }), outputs)).toBe(DSI);
    expect(outputForDevice(device({ device: 1, widthMm: 300, heightMm: 200 }), outputs)).toBe(HDMI);
    expect(outputForDevice(device({ device: 1, outputName: 'DP-9' }), outputs)).toBe(HDMI);
    expect(outputForDevice(undefined, outputs)).toBe(HDMI);
    expect(outputForDevice(undefined, [])).toBeUndefined();
  });
});

describe('InputTranslator', () => {
  it('puts a touch screen’s points on its own output, in that panel’s pixels', () => {
    const { calls, translator } = recorder();
    translator.handle([
      { type: 'device-added', ...device({ device: 7, touch: true, widthMm: 107, heightMm: 172 }) },
      { type: 'touch-down', device: 7, slot: 0, x: 0.5, y: 0.25 },
      { type: 'touch-motion', device: 7, slot: 0, x: 0.75, y: 0.25 },
      { type: 'touch-up', slot: 0 },
      { type: 'touch-motion', device: 7, slot: 0, x: 0.1, y: 0.1 }, // not down: dropped
      { type: 'touch-up', slot: 0 },
    ]);
    expect(calls).toEqual([
      ['touchDown', 'DSI-1', 0, 400, 320],
      ['touchMotion', 'DSI-1', 0, 600, 320],
      ['touchUp', 0],
    ]);
  });

  it('a cancelled touch lifts every point still down', () => {
    const { calls, translator } = recorder();
    translator.handle([
      { type: 'touch-down', device: 3, slot: 0, x: 0, y: 0 },
      { type: 'touch-down', device: 3, slot: 1, x: 0.5, y: 0.5 },
      { type: 'touch-cancel' },
    ]);
    expect(calls.slice(2)).toEqual([
      ['touchUp', 0],
      ['touchUp', 1],
    ]);
  });

  it('passes relative motion, absolute motion, buttons and keys', () => {
    const { calls, translator } = recorder();
    translator.handle([
      { type: 'motion', dx: 3.5, dy: -2 },
      { type: 'motion-absolute', device: 9, x: 0.5, y: 0.5 },
      { type: 'button', code: 0x110, pressed: true },
      { type: 'key', code: 30, pressed: true },
      { type: 'key', code: 30, pressed: false },
    ]);
    expect(calls).toEqual([
      ['pointerMotionRelative', 3.5, -2],
      ['pointerMotion', 'HDMI-A-1', 960, 540],
      ['pointerButton', 0x110, true],
      ['key', 30, true],
      ['key', 30, false],
    ]);
  });

  it('Ctrl+Alt+F2 switches to VT 2 and the F2 never reaches clients', () => {
    const { calls, vts, translator } = recorder();
    const key = (code: number, pressed: boolean) => ({ type: 'key' as const, code, pressed });
    translator.handle([key(29, true), key(56, true), key(60, true), key(60, false)]);
    expect(vts).toEqual([2]);
    expect(calls).toEqual([
      ['key', 29, true],
      ['key', 56, true],
    ]);
    // the seat goes away: what is held is released for the clients
    translator.releaseAll();
    expect(calls.slice(2)).toEqual([
      ['key', 29, false],
      ['key', 56, false],
    ]);
  });
});

describe('on a rotated screen', () => {
  it('a touch at the panel’s top-left lands at the layout’s top-right (rotate-90)', () => {
    // a 1280×720 panel mounted turned: a 720×1280 layout; libinput reports (0, 0) of the panel
    const geometry = { x: 0, y: 0, width: 720, height: 1280, transform: 1 };
    expect(panelToLayout(geometry, 0, 0)).toEqual({ x: 720, y: 0 });
    expect(panelToLayout(geometry, 1280 * 0.5, 720 * 0.25)).toEqual({ x: 540, y: 640 });
  });

  it('keeps a relative pointer on the outputs', () => {
    const outputs = [
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 720, height: 1280 },
    ];
    expect(keepOnOutputs(outputs, 100, 100, 150, 90)).toEqual({ x: 150, y: 90 });
    // across to the second output
    expect(keepOnOutputs(outputs, 1900, 100, 1950, 100)).toEqual({ x: 1950, y: 100 });
    // below the first output (the second one is taller): stops at its edge
    expect(keepOnOutputs(outputs, 100, 1070, 100, 1200)).toEqual({ x: 100, y: 1079 });
    expect(keepOnOutputs(outputs, 10, 10, -50, -5)).toEqual({ x: 0, y: 0 });
  });
});
