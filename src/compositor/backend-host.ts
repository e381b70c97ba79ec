// The compositor's side of the backend interface: outputs the backend announces become
// Outputs (wl_output globals with framebuffers), its frame and presented reports drive the
// renderer, and its input devices feed the same input routing as `wayboard ctl`.
import type { BackendHost, BackendOutput } from '../backends/backend.js';
import type { Wayboard } from './compositor.js';
import type { Output } from './output.js';
import { BUTTON_CODES } from './seat/pointer.js';
import type { Rect } from './region.js';
import { panelToLayout } from './transform.js';

const BUTTON_NAMES = new Map(
  Object.entries(BUTTON_CODES).map(([name, code]) => [code, name as keyof typeof BUTTON_CODES]),
);

export function createBackendHost(wayboard: Wayboard, quit: (reason: string) => void): BackendHost {
  const outputs = new Map<BackendOutput, Output>();
  const adopted = (backendOutput: BackendOutput): Output => {
    const output = outputs.get(backendOutput);
    if (!output) throw new Error(`output ${backendOutput.info.name} was never added`);
    return output;
  };
  return {
    outputAdded: (backendOutput) => outputs.set(backendOutput, wayboard.addOutput(backendOutput)),
    outputChanged: (backendOutput) => wayboard.outputChanged(adopted(backendOutput)),
    outputRemoved: (backendOutput) => {
      const output = outputs.get(backendOutput);
      outputs.delete(backendOutput);
      if (output) wayboard.removeOutput(output);
    },
    frame: (backendOutput) => wayboard.renderer.repaint(adopted(backendOutput)),
    presented: (backendOutput, time) => {
      // a report for an output removed meanwhile has no frame callbacks left to answer
      const output = outputs.get(backendOutput);
      if (output) wayboard.renderer.presented(output, time);
    },
    input: {
      pointerMotion: (backendOutput, x, y) => {
        const p = panelToLayout(adopted(backendOutput), x, y);
        wayboard.input.pointerMove(p.x, p.y);
      },
      pointerMotionRelative: (dx, dy) => {
        const { x, y } = wayboard.seat.pointer;
        const p = keepOnOutputs(wayboard.outputs, x, y, x + dx, y + dy);
        wayboard.input.pointerMove(p.x, p.y);
      },
      pointerButton: (code, pressed) => {
        // the seat knows the three buttons a touch kiosk needs; others are dropped
        const name = BUTTON_NAMES.get(code as (typeof BUTTON_CODES)[keyof typeof BUTTON_CODES]);
        if (name) wayboard.input.pointerButton(name, pressed);
      },
      touchDown: (backendOutput, id, x, y) => {
        const p = panelToLayout(adopted(backendOutput), x, y);
        wayboard.input.touchDown(id, p.x, p.y);
      },
      touchMotion: (backendOutput, id, x, y) => {
        const p = panelToLayout(adopted(backendOutput), x, y);
        wayboard.input.touchMotion(id, p.x, p.y);
      },
      touchUp: (id) => wayboard.input.touchUp(id),
      key: (code, pressed) => wayboard.seat.keyboard.key(code, pressed),
    },
    quit,
  };
}

/** where a pointer moving from (x, y) to (nx, ny) stops: the new point when an output shows
 *  it, else the nearest point of the output it was on (or of the first) */
export function keepOnOutputs(
  outputs: readonly Rect[],
  x: number,
  y: number,
  nx: number,
  ny: number,
): { x: number; y: number } {
  const on = (r: Rect, px: number, py: number) =>
    px >= r.x && py >= r.y && px < r.x + r.width && py < r.y + r.height;
  if (outputs.some((r) => on(r, nx, ny))) return { x: nx, y: ny };
  const home = outputs.find((r) => on(r, x, y)) ?? outputs[0];
  if (!home) return { x, y };
  return {
    x: Math.min(Math.max(nx, home.x), home.x + home.width - 1),
    y: Math.min(Math.max(ny, home.y), home.y + home.height - 1),
  };
}
