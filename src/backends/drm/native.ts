// Typed view of the addon's DRM part (native/drm.cc, native/seat.cc): the calls the DRM
// backend makes. Kept next to the backend, which is their only user.
import { native } from '../../native.js';
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
  drmOutputCreate(
    card: number,
    connector: number,
    crtc: number,
    crtcIndex: number,
    modeIndex: number,
  ): number;
  /** show dumb buffer 0|1 (with a modeset when asked); 0, or -errno */
  drmPresent(output: number, buffer: number, modeset: boolean): number;
  drmCopy(output: number, buffer: number, framebuffer: number, rects: Int32Array): void;
  drmOutputDestroy(output: number, disable: boolean): void;
  drmClose(card: number): void;
}

export const drm = native as unknown as DrmNative;
