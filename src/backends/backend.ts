// The backend interface: what shows wayboard's outputs and feeds it input (headless, a window
// in a parent compositor, a DRM screen). The composition root (src/session/start.ts) picks one
// and starts it with the compositor as its host; the compositor and the renderer never import
// a backend, they see only these types.
//
// The frame path contract: the backend paces and presents; the renderer composites damage;
// nothing else.
//   compositor has damage or waiting frame callbacks → output.requestFrame()
//   backend, when the output can take a frame (vblank, parent's frame callback, page flip)
//     → host.frame(output): the renderer composites the damage into the output's framebuffer
//     → output.present(framebuffer, damage): the backend shows those rectangles
//   backend, once they are on screen → host.presented(output, time): only then do frame
//     callbacks get `done` and presentation feedback `presented`.
import type { Rect } from '../native.js';

export type { Rect };

export interface OutputMode {
  width: number;
  height: number;
  /** wl_output's unit: millihertz */
  refreshMhz: number;
}

/** An output asked for on the command line (--output): a mode, and how the panel is mounted. */
export interface OutputRequest extends OutputMode {
  /** a wl_output.transform value; absent: normal */
  transform?: number;
}

/** What wl_output (and xdg-output) tell clients about an output. */
export interface OutputInfo {
  /** unique while the output exists: "HEADLESS-1", "WL-1", "HDMI-A-1" */
  name: string;
  make: string;
  model: string;
  mode: OutputMode;
  physicalSizeMm: { width: number; height: number };
  scale: number;
  /** a wl_output.transform value (0 = normal) */
  transform: number;
}

/** When a frame reached the screen: what wl_callback.done and wp_presentation report. */
export interface PresentationTime {
  /** CLOCK_MONOTONIC, nanoseconds */
  timeNs: bigint;
  /** the time to the next frame, 0 when unknown */
  refreshNs: bigint;
  /** frame counter of the output (vblank sequence), 0 when unknown */
  sequence: number;
}

/** One output as its backend drives it. */
export interface BackendOutput {
  /** current description; after host.outputChanged it holds the new mode */
  readonly info: OutputInfo;
  /** the compositor has a frame to draw (damage, or frame callbacks waiting): call
   *  host.frame(this) when the output can take one. Repeated calls before then are one. */
  requestFrame(): void;
  /** the renderer composited `damage` (rectangles of framebuffer pixels, possibly none) into
   *  `framebuffer` (a texture of the output's mode size, the panel's orientation, already
   *  turned by the output's transform): show it, then report
   *  host.presented(this, ...) once it is on screen. With no damage nothing changed on
   *  screen; the report still comes, paced like a frame. */
  present(framebuffer: number, damage: readonly Rect[]): void;
}

/** Input from the backend's devices. Positions are pixels of `output`'s panel (its mode, its
 *  framebuffer's orientation, before the transform); the compositor turns them into layout
 *  coordinates (panelToLayout in src/compositor/transform.ts). */
export interface InputSink {
  pointerMotion(output: BackendOutput, x: number, y: number): void;
  /** a mouse moved by (dx, dy) layout pixels: the compositor moves its pointer and keeps
   *  it on the outputs */
  pointerMotionRelative(dx: number, dy: number): void;
  /** an evdev button code (BTN_LEFT = 0x110) */
  pointerButton(code: number, pressed: boolean): void;
  touchDown(output: BackendOutput, id: number, x: number, y: number): void;
  touchMotion(output: BackendOutput, id: number, x: number, y: number): void;
  touchUp(id: number): void;
  /** an evdev key code (KEY_A = 30), typed through wayboard's own keymap */
  key(code: number, pressed: boolean): void;
}

/** What a backend reports to: the compositor, wired by the composition root. */
export interface BackendHost {
  outputAdded(output: BackendOutput): void;
  /** its info changed (a nested window resized): the next frame is drawn at the new mode */
  outputChanged(output: BackendOutput): void;
  outputRemoved(output: BackendOutput): void;
  /** the output can take a frame now: composite its damage and call output.present */
  frame(output: BackendOutput): void;
  /** the frame last presented on `output` is on screen */
  presented(output: BackendOutput, time: PresentationTime): void;
  readonly input: InputSink;
  /** the backend's display is gone for good (the nested window was closed): the session
   *  ends cleanly */
  quit(reason: string): void;
}

export interface Backend {
  /** as given to --backend */
  readonly name: string;
  /** connect, then announce outputs through host.outputAdded before returning; throws a
   *  BackendUnavailable when it cannot */
  start(host: BackendHost): void;
  /** release everything: outputs, connections, timers */
  destroy(): void;
}

/** A backend that cannot start here: the message is the one line wayboard prints, e.g.
 *  "--backend wayland: cannot connect to the parent compositor (WAYLAND_DISPLAY=wayland-9):
 *  No such file or directory". */
export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
}
