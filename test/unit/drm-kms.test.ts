// The DRM backend's decisions that need no hardware: refresh rates from mode timings, mode
// choice, connector names and panel orientation, CRTC assignment, which connectors become
// outputs, and what each dumb buffer must be sent. Mode timings are those of real monitors
// (CEA-861 1080p60 and 720p60, VESA 1024x768@60).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assignCrtcs,
  chooseMode,
  connectorName,
  panelTransform,
  planOutputs,
  refreshMhz,
  type DrmConnector,
  type DrmMode,
  type DrmResources,
} from '../../src/backends/drm/kms.js';
import { BufferDamage } from '../../src/backends/drm/damage.js';
import { listCards } from '../../src/backends/drm/cards.js';

const mode = (m: Partial<DrmMode> & Pick<DrmMode, 'width' | 'height'>): DrmMode => ({
  clock: 0,
  htotal: 0,
  vtotal: 0,
  vscan: 0,
  flags: 0,
  preferred: false,
  name: `${m.width}x${m.height}`,
  ...m,
});
// real timings: pixel clock (kHz), htotal, vtotal
const P1080_60 = mode({ width: 1920, height: 1080, clock: 148500, htotal: 2200, vtotal: 1125 });
const P1080_50 = mode({ width: 1920, height: 1080, clock: 148500, htotal: 2640, vtotal: 1125 });
const P720_60 = mode({ width: 1280, height: 720, clock: 74250, htotal: 1650, vtotal: 750 });
const XGA_60 = mode({ width: 1024, height: 768, clock: 65000, htotal: 1344, vtotal: 806 });
const I1080_60 = mode({
  width: 1920,
  height: 1080,
  clock: 74250,
  htotal: 2200,
  vtotal: 1125,
  flags: 1 << 4, // interlaced
});

const connector = (c: Partial<DrmConnector> & Pick<DrmConnector, 'id'>): DrmConnector => ({
  type: 'HDMI-A',
  typeId: 1,
  connected: true,
  mmWidth: 520,
  mmHeight: 290,
  modes: [{ ...P1080_60, preferred: true }, P1080_50, P720_60],
  encoders: [c.id + 100],
  panelOrientation: null,
  ...c,
});

describe('modes', () => {
  it('computes refresh rates from timings as the kernel does', () => {
    expect(refreshMhz(P1080_60)).toBe(60000);
    expect(refreshMhz(P1080_50)).toBe(50000);
    expect(refreshMhz(P720_60)).toBe(60000);
    expect(refreshMhz(XGA_60)).toBe(60004);
    expect(refreshMhz(I1080_60)).toBe(60000); // an interlaced field rate
    expect(refreshMhz({ ...P720_60, vscan: 2 })).toBe(30000);
    expect(refreshMhz({ ...P720_60, htotal: 0 })).toBe(0);
  });

  it('takes the preferred mode, else the first', () => {
    expect(chooseMode([P720_60, { ...P1080_60, preferred: true }])).toBe(1);
    expect(chooseMode([P720_60, P1080_60])).toBe(0);
    expect(chooseMode([])).toBeNull();
  });

  it('takes the asked size with the refresh nearest the asked one', () => {
    const modes = [{ ...P1080_60, preferred: true }, P1080_50, P720_60];
    expect(chooseMode(modes, { width: 1920, height: 1080, refreshMhz: 50000 })).toBe(1);
    expect(chooseMode(modes, { width: 1920, height: 1080, refreshMhz: 59940 })).toBe(0);
    expect(chooseMode(modes, { width: 1280, height: 720, refreshMhz: 75000 })).toBe(2);
    expect(chooseMode(modes, { width: 800, height: 600, refreshMhz: 60000 })).toBeNull();
  });
});

describe('connectors', () => {
  it('names connectors as the rest of userspace does', () => {
    expect(connectorName(connector({ id: 1 }))).toBe('HDMI-A-1');
    expect(connectorName(connector({ id: 2, type: 'eDP', typeId: 1 }))).toBe('eDP-1');
    expect(connectorName(connector({ id: 3, type: 'DSI', typeId: 2 }))).toBe('DSI-2');
  });

  it('turns the panel orientation property into the transform that makes up for it', () => {
    expect(panelTransform(null)).toBe(0);
    expect(panelTransform('Normal')).toBe(0);
    expect(panelTransform('Upside Down')).toBe(2);
    expect(panelTransform('Left Side Up')).toBe(1);
    expect(panelTransform('Right Side Up')).toBe(3);
  });

  it('hands out CRTCs greedily, each once, only where an encoder can reach', () => {
    const resources = {
      crtcs: [31, 32],
      encoders: [
        { id: 101, possibleCrtcs: 0b11 },
        { id: 102, possibleCrtcs: 0b01 }, // only the first CRTC
        { id: 103, possibleCrtcs: 0b11 },
      ],
    };
    const result = assignCrtcs(
      [connector({ id: 1 }), connector({ id: 2 }), connector({ id: 3 })],
      resources,
    );
    expect(result.get(1)).toEqual({ crtc: 31, crtcIndex: 0 });
    expect(result.get(2)).toBeUndefined(); // its only CRTC is taken
    expect(result.get(3)).toEqual({ crtc: 32, crtcIndex: 1 });
    // with the first CRTC kept by an output already shown
    expect(assignCrtcs([connector({ id: 2 })], resources, new Set([31])).size).toBe(0);
  });
});

describe('planOutputs', () => {
  const resources = (connectors: DrmConnector[]): DrmResources => ({
    connectors,
    crtcs: [31, 32, 33],
    encoders: connectors.map((c) => ({ id: c.id + 100, possibleCrtcs: 0b111 })),
  });

  it('makes each connected connector an output with its preferred mode', () => {
    const { plans, warnings } = planOutputs(
      resources([
        connector({ id: 5, type: 'eDP', panelOrientation: 'Right Side Up', mmWidth: 150 }),
        connector({ id: 3 }),
        connector({ id: 4, type: 'DP', connected: false }),
      ]),
      [],
    );
    expect(warnings).toEqual([]);
    expect(plans).toEqual([
      {
        connector: 3,
        name: 'HDMI-A-1',
        modeIndex: 0,
        mode: { width: 1920, height: 1080, refreshMhz: 60000 },
        crtc: 31,
        crtcIndex: 0,
        transform: 0,
        physicalSizeMm: { width: 520, height: 290 },
      },
      expect.objectContaining({ connector: 5, name: 'eDP-1', crtc: 32, transform: 3 }),
    ]);
  });

  it('applies the i-th --output to the i-th connected connector, transform included', () => {
    const { plans } = planOutputs(
      resources([connector({ id: 1, panelOrientation: 'Upside Down' }), connector({ id: 2 })]),
      [{ width: 1280, height: 720, refreshMhz: 60000, transform: 1 }],
    );
    expect(plans.map((p) => [p.name, p.mode.width, p.transform])).toEqual([
      ['HDMI-A-1', 1280, 1], // asked: rotate-90 instead of the panel's upside down
      ['HDMI-A-1', 1920, 0],
    ]);
  });

  it('warns and uses the preferred mode when the asked one does not exist', () => {
    const { plans, warnings } = planOutputs(resources([connector({ id: 1 })]), [
      { width: 800, height: 600, refreshMhz: 60000 },
    ]);
    expect(plans[0]!.mode.width).toBe(1920);
    expect(warnings).toEqual([
      'HDMI-A-1 has no mode 800x600 (it has 1920x1080, 1280x720); using its preferred mode',
    ]);
  });

  it('after a hot-plug, plans only the new connector, on a CRTC nobody uses', () => {
    const { plans } = planOutputs(
      resources([connector({ id: 1 }), connector({ id: 2, typeId: 2 })]),
      [],
      new Map([[1, 31]]),
    );
    expect(plans.map((p) => [p.name, p.crtc])).toEqual([['HDMI-A-2', 32]]);
  });

  it('a connector no CRTC can drive stays dark, with a warning', () => {
    const { plans, warnings } = planOutputs(
      {
        connectors: [connector({ id: 1 }), connector({ id: 2, typeId: 2 })],
        crtcs: [31],
        encoders: [
          { id: 101, possibleCrtcs: 1 },
          { id: 102, possibleCrtcs: 1 },
        ],
      },
      [],
    );
    expect(plans.map((p) => p.name)).toEqual(['HDMI-A-1']);
    expect(warnings).toEqual(['HDMI-A-2: no free CRTC can drive it; it stays dark']);
  });
});

describe('BufferDamage', () => {
  const r = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

  it('fills each new buffer whole, then copies this frame and the frame before', () => {
    const damage = new BufferDamage(100, 50);
    // both buffers start empty: the first time each is used it gets everything, once
    expect(damage.take(1, [r(0, 0, 10, 10)])).toEqual([r(0, 0, 100, 50)]);
    expect(damage.take(0, [r(20, 0, 5, 5)])).toEqual([r(0, 0, 100, 50)]);
    // buffer 1 lacks what buffer 0 got last frame, and this frame's change
    expect(damage.take(1, [r(40, 40, 5, 5)])).toEqual([r(20, 0, 5, 5), r(40, 40, 5, 5)]);
    // a still frame: buffer 0 still lacks the last change, then nothing
    expect(damage.take(0, [])).toEqual([r(40, 40, 5, 5)]);
    expect(damage.take(1, [])).toEqual([]);
  });

  it('clips to the buffer and merges a flood into one box', () => {
    const damage = new BufferDamage(100, 50);
    damage.take(0, []);
    damage.take(1, []);
    expect(damage.take(0, [r(-10, 40, 30, 30), r(200, 0, 5, 5)])).toEqual([r(0, 40, 20, 10)]);
    const flood = Array.from({ length: 40 }, (_, i) => r(i, i, 1, 1));
    // with what buffer 1 still lacks from buffer 0's frame: one box over all of it
    expect(damage.take(1, flood)).toEqual([r(0, 0, 40, 50)]);
  });

  it('reset: every buffer lacks everything (a VT switch back, a modeset)', () => {
    const damage = new BufferDamage(100, 50);
    damage.take(0, []);
    damage.take(1, []);
    damage.reset();
    expect(damage.take(0, [])).toEqual([r(0, 0, 100, 50)]);
  });
});

describe('listCards', () => {
  it('lists card nodes in number order and nothing when the directory is missing', () => {
    expect(listCards('/nonexistent/dri')).toEqual([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'dri-'));
    for (const name of ['card10', 'renderD128', 'card1', 'by-path', 'card0'])
      writeFileSync(path.join(dir, name), '');
    expect(listCards(dir)).toEqual(['card0', 'card1', 'card10'].map((n) => `${dir}/${n}`));
    rmSync(dir, { recursive: true });
  });
});
