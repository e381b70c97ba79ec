// Typed view of the addon's client side (native/wayland-client.cc) and its shared pixel
// memory (native/pixel-memory.cc): a connection to a parent compositor, marshalled by
// signature like the server side. Proxies are tokens; 1 is the parent's wl_display.
import { native } from '../../native.js';

export interface ParentConnectionNative {
  /** connect to `name` (null: $WAYLAND_DISPLAY); events and a broken connection are reported
   *  from the event loop. Throws an Error whose message is strerror's. */
  parentConnect(
    name: string | null,
    onEvent: (proxy: number, opcode: number, args: unknown[]) => void,
    onDisconnected: (reason: string) => void,
  ): number;
  /** send a request; new_id arguments are null in `args`. `newInterface`/`newVersion` name
   *  an untyped new_id (wl_registry.bind); `destroy`: a destructor, the proxy is gone after.
   *  Returns the new proxy's token, 0 when the request makes none. */
  parentMarshal(
    proxy: number,
    opcode: number,
    args: unknown[],
    newInterface: string | null,
    newVersion: number,
    destroy: boolean,
  ): number;
  /** forget a proxy whose object the parent destroyed (a wl_callback after done) */
  parentProxyDestroy(proxy: number): void;
  parentProxyVersion(proxy: number): number;
  /** block until the parent answered every request so far; events arrive meanwhile */
  parentRoundtrip(): void;
  parentDisconnect(): void;

  /** a memfd of `size` bytes mapped read-write; the fd is the caller's to pass and close */
  memoryCreate(size: number): { memory: number; fd: number };
  memoryDestroy(memory: number): void;
  /** copy x,y,w,h rectangles of a framebuffer into XRGB8888 memory at `offset` */
  framebufferCopyRects(
    framebuffer: number,
    memory: number,
    offset: number,
    stride: number,
    rects: Int32Array,
  ): void;
  closeFd(fd: number): void;
}

export const parentNative = native as unknown as ParentConnectionNative;
