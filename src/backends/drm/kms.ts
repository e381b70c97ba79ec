// What the DRM backend decides about the card (the addon only reports and obeys): each
// connector's name, mode and panel orientation, which CRTC drives it, and which connectors
// become outputs. Pure functions over the data native/drm.cc reports, so they are unit tested
// without hardware. The choices follow weston's and wlroots' DRM backends: the connector's
// preferred mode unless one is asked for, CRTCs handed out greedily in connector order,
// "panel orientation" turned into the output transform.
import type { OutputMode, OutputRequest } from '../backend.js';

/** a drmModeModeInfo, as native/drm.cc reports it */
export interface DrmMode {
  width: number;
  height: number;
  /** pixel clock, kHz */
  clock: number;
  htotal: number;
  vtotal: number;
  vscan: number;
  flags: number;
  preferred: boolean;
  name: string;
}

export interface DrmConnector {
  id: number;
  /** "HDMI-A", "eDP", "DSI", "Virtual"... (libdrm's connector type name) */
  type: string;
  typeId: number;
  connected: boolean;
  mmWidth: number;
  mmHeight: number;
  modes: DrmMode[];
  /** ids of the encoders that can drive it */
  encoders: number[];
  /** the "panel orientation" property's value, e.g. "Left Side Up"; null when none */
  panelOrientation: string | null;
}

export interface DrmEncoder {
  id: number;
  /** bit i set: it can be driven by crtcs[i] */
  possibleCrtcs: number;
}

export interface DrmResources {
  connectors: DrmConnector[];
  encoders: DrmEncoder[];
  crtcs: number[];
}

const DRM_MODE_FLAG_INTERLACE = 1 << 4;
const DRM_MODE_FLAG_DBLSCAN = 1 << 5;

/** the mode's refresh rate in mHz, computed as the kernel and weston do from its timings */
export function refreshMhz(mode: DrmMode): number {
  if (!mode.htotal || !mode.vtotal) return 0;
  let refresh = Math.floor(
    (Math.floor((mode.clock * 1000000) / mode.htotal) + Math.floor(mode.vtotal / 2)) / mode.vtotal,
  );
  if (mode.flags & DRM_MODE_FLAG_INTERLACE) refresh *= 2;
  if (mode.flags & DRM_MODE_FLAG_DBLSCAN) refresh = Math.floor(refresh / 2);
  if (mode.vscan > 1) refresh = Math.floor(refresh / mode.vscan);
  return refresh;
}

/** "HDMI-A-1", "eDP-1": the name userspace (weston, sway, xrandr) gives a connector */
export function connectorName(connector: DrmConnector): string {
  return `${connector.type}-${connector.typeId}`;
}

/** the "panel orientation" of a panel mounted turned → the transform that makes up for it */
export function panelTransform(orientation: string | null): number {
  switch (orientation) {
    case 'Upside Down':
      return 2; // 180
    case 'Left Side Up':
      return 1; // 90
    case 'Right Side Up':
      return 3; // 270
    default:
      return 0;
  }
}

/**
 * The index of the mode to use: with a request, the one of its size whose refresh is
 * closest to the asked one; else the preferred mode, else the first (the kernel lists the
 * best first). null when the request matches no mode.
 */
export function chooseMode(modes: DrmMode[], request?: OutputRequest): number | null {
  if (modes.length === 0) return null;
  if (!request) {
    const preferred = modes.findIndex((m) => m.preferred);
    return preferred >= 0 ? preferred : 0;
  }
  let best: number | null = null;
  modes.forEach((m, i) => {
    if (m.width !== request.width || m.height !== request.height) return;
    const off = Math.abs(refreshMhz(m) - request.refreshMhz);
    if (best === null || off < Math.abs(refreshMhz(modes[best]!) - request.refreshMhz)) best = i;
  });
  return best;
}

/**
 * A CRTC for each connector, in order: the first free CRTC that one of its encoders can
 * drive. `taken` holds CRTCs already in use (outputs kept across a hot-plug).
 */
export function assignCrtcs(
  connectors: DrmConnector[],
  resources: Pick<DrmResources, 'encoders' | 'crtcs'>,
  taken: ReadonlySet<number> = new Set(),
): Map<number, { crtc: number; crtcIndex: number }> {
  const used = new Set(taken);
  const result = new Map<number, { crtc: number; crtcIndex: number }>();
  for (const connector of connectors) {
    search: for (const encoderId of connector.encoders) {
      const encoder = resources.encoders.find((e) => e.id === encoderId);
      if (!encoder) continue;
      for (let i = 0; i < resources.crtcs.length; i++) {
        const crtc = resources.crtcs[i]!;
        if (encoder.possibleCrtcs & (1 << i) && !used.has(crtc)) {
          used.add(crtc);
          result.set(connector.id, { crtc, crtcIndex: i });
          break search;
        }
      }
    }
  }
  return result;
}

/** One connector that becomes an output. */
export interface OutputPlan {
  connector: number;
  name: string;
  modeIndex: number;
  mode: OutputMode;
  crtc: number;
  crtcIndex: number;
  transform: number;
  physicalSizeMm: { width: number; height: number };
}

/**
 * Which connected connectors become outputs, with what mode, CRTC and transform. The i-th
 * --output request applies to the i-th connected connector (by connector id); its transform
 * replaces the panel's own orientation. `existing` connectors (outputs already shown) are
 * skipped and keep their CRTCs. Problems (no free CRTC, no such mode) are one-line warnings.
 */
export function planOutputs(
  resources: DrmResources,
  requests: readonly OutputRequest[],
  existing: ReadonlyMap<number, number> = new Map(),
): { plans: OutputPlan[]; warnings: string[] } {
  const warnings: string[] = [];
  const connected = resources.connectors
    .filter((c) => c.connected && c.modes.length > 0)
    .sort((a, b) => a.id - b.id);
  const fresh = connected.filter((c) => !existing.has(c.id));
  const crtcs = assignCrtcs(fresh, resources, new Set(existing.values()));
  const plans: OutputPlan[] = [];
  for (const connector of fresh) {
    const name = connectorName(connector);
    const request = requests[connected.indexOf(connector)];
    let modeIndex = chooseMode(connector.modes, request);
    if (modeIndex === null) {
      const sizes = [...new Set(connector.modes.map((m) => `${m.width}x${m.height}`))];
      warnings.push(
        `${name} has no mode ${request!.width}x${request!.height} (it has ${sizes.join(', ')}); using its preferred mode`,
      );
      modeIndex = chooseMode(connector.modes)!;
    }
    const assigned = crtcs.get(connector.id);
    if (!assigned) {
      warnings.push(`${name}: no free CRTC can drive it; it stays dark`);
      continue;
    }
    const m = connector.modes[modeIndex]!;
    plans.push({
      connector: connector.id,
      name,
      modeIndex,
      mode: { width: m.width, height: m.height, refreshMhz: refreshMhz(m) },
      ...assigned,
      transform: request?.transform ?? panelTransform(connector.panelOrientation),
      physicalSizeMm: { width: connector.mmWidth, height: connector.mmHeight },
    });
  }
  return { plans, warnings };
}
