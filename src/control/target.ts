// What the control socket can ask of a running compositor. The compositor implements it;
// the control server (src/control/server.ts) only parses commands and calls these.
// Coordinates are in output-layout pixels. Every method has handled its input and flushed
// the Wayland events it caused before it returns (or before its promise resolves).

export type PointerButtonName = 'left' | 'right' | 'middle';

export interface ControlTarget {
  /** the JSON object printed by `wayboard ctl state` */
  state(): Record<string, unknown>;
  /** write a PNG of one output (default: the first) */
  screenshot(file: string, outputName?: string): Promise<void>;
  pointerMove(x: number, y: number): void | Promise<void>;
  pointerButton(button: PointerButtonName, pressed: boolean): void | Promise<void>;
  touchDown(id: number, x: number, y: number): void | Promise<void>;
  touchMotion(id: number, x: number, y: number): void | Promise<void>;
  touchUp(id: number): void | Promise<void>;
  /** key by xkb keysym name (e.g. "a", "Return") or evdev code ("30"); throws on an unknown name */
  key(name: string, pressed: boolean): void | Promise<void>;
  /** serve a Wayland client on an already connected socket fd (wlcs, tests) */
  addClientFd?(fd: number): number;
  /** extension point for later commands (e.g. `keys`, `type` of the on-screen keyboard) */
  extraCommands?(): Record<string, (args: string[]) => unknown | Promise<unknown>>;
}
