// Typed view of the DRM backend's addon (wayboard_drm.node: native/drm.cc, native/seat.cc) and
// of the main addon's calls that write into dumb buffers (native/pixel-memory.cc). Kept next
// to the backend, their only user. The DRM addon links libseat, libinput, libudev and libdrm
// (and glib, libsystemd... behind them), so it is loaded only when this backend starts.
import { createRequire } from 'node:module';
import { native } from '../../native.js';
import type { ParentConnectionNative } from '../wayland/native-client.js';
import type { InputEvent } from './input.js';
import type { DrmResources } from './kms.js';

export type SeatEvent = { type: 'enable' } | { type: 'disable' };
export interface FlipEvent {
  type: 'flip';
  /** the output (drmOutputCreate's token) whose buffer is now on screen */
  output: number;
  sequence: number;
  sec: number;
  usec: number;
}
export interface UdevEvent {
  type: 'udev';
  action: string;
  sysname: string;
  /** HOTPLUG=1: a connector changed */
  hotplug: boolean;
}

export interface DrmNative {
  /** open the session's seat and wait (≤ 5 s) until it is active; throws with the reason */
  seatOpen(onEvents: (events: SeatEvent[]) => void): string;
  /** a device node opened through the seat; throws with the reason */
  seatOpenDevice(path: string): { fd: number; device: number };
  seatCloseDevice(device: number): void;
  /** acknowledge a "disable" event */
  seatDisable(): void;
  seatSwitchSession(vt: number): void;
  /** input, hot-plug watch and the seat */
  seatClose(): void;

  inputOpen(onEvents: (events: InputEvent[]) => void): void;
  inputSuspend(): void;
  inputResume(): void;
  hotplugMonitor(onEvents: (events: UdevEvent[]) => void): void;

  drmOpen(
    fd: number,
    atomic: boolean,
    onEvents: (events: FlipEvent[]) => void,
  ): { card: number; atomic: boolean };
  drmResources(card: number): DrmResources;
  /** an output's two dumb buffers, each to be mapped from the card's fd */
  drmOutputCreate(
    card: number,
    connector: number,
    crtc: number,
    crtcIndex: number,
    modeIndex: number,
  ): { output: number; buffers: DumbBuffer[] };
  /** show dumb buffer 0|1 (with a modeset when asked); 0, or -errno */
  drmPresent(output: number, buffer: number, modeset: boolean): number;
  drmOutputDestroy(output: number, disable: boolean): void;
  drmClose(card: number): void;
}

export interface DumbBuffer {
  /** where mmap of the card's fd finds its pixels */
  offset: number;
  size: number;
  /** bytes per row */
  pitch: number;
}

let addon: DrmNative | null = null;

/** the DRM addon, loaded on first use; WAYBOARD_DRM_ADDON names another build of it (the
 *  aarch64 one tools/arm64/ cross-builds). Throws an Error saying why it cannot load. */
export function loadDrm(): DrmNative {
  addon ??= createRequire(import.meta.url)(
    process.env.WAYBOARD_DRM_ADDON || '../../../build/Release/wayboard_drm.node',
  ) as DrmNative;
  return addon;
}

/** The main addon's part that fills dumb buffers (the pixel memory the nested backend uses
 *  too): each buffer mapped from the card's fd in wayboard.node, so that framebuffer pixels
 *  never cross between the two addons. */
export interface DumbBufferNative extends Pick<
  ParentConnectionNative,
  'memoryDestroy' | 'framebufferCopyRects'
> {
  /** `size` bytes of `fd` from `offset`, mapped read-write; throws with strerror's reason */
  memoryMap(fd: number, offset: number, size: number): number;
}

export const pixels = native as unknown as DumbBufferNative;
