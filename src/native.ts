// Typed view of the N-API addon (native/*.cc). The addon marshals and renders; it knows no
// protocol's meaning. Handles are plain numbers (tokens) that the addon maps to its objects.
import { createRequire } from 'node:module';

export interface MessageSpec {
  name: string;
  /** libwayland signature without the since-version prefix, e.g. "?oii" */
  signature: string;
  /** interface name of each object/new_id argument, null for the others */
  types: (string | null)[];
  since: number;
}

export interface InterfaceSpec {
  name: string;
  version: number;
  requests: MessageSpec[];
  events: MessageSpec[];
}

/** Called by the addon, always from the event loop (or nested inside a native call). */
export interface NativeCallbacks {
  /** a request on a resource created by wayboard; new_id args arrive as fresh resource tokens */
  dispatch(resource: number, opcode: number, args: unknown[]): void;
  /** a resource wayboard knows of (created by it or seen as an argument) was destroyed */
  resourceDestroyed(resource: number): void;
  /** a client bound a global; the resource is already created with the bound version */
  bind(global: number, client: number, resource: number, version: number): void;
  /** handedOver: made from an fd given to wayboard (clientCreate, the fds socket), not a
   *  connection to the public socket */
  clientCreated(client: number, handedOver: boolean): void;
  clientDestroyed(client: number): void;
  /** may this client see this global? */
  filter(client: number, global: number): boolean;
}

export interface ResourceInfo {
  id: number;
  version: number;
  client: number;
  interface: string;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One thing to draw into a framebuffer, in framebuffer coordinates. */
export interface RenderLayer {
  texture: number;
  x: number;
  y: number;
  /** source crop in texture pixels (viewporter), default whole texture */
  src?: Rect;
  /** destination size; differs from the source size when scaled */
  width?: number;
  height?: number;
  /** 0..1, default 1 */
  opacity?: number;
  /** draw only inside this rectangle (framebuffer coordinates) */
  clip?: Rect;
  /** when set, [a, b, c, d, e, f] maps framebuffer coordinates (x, y) to texture pixels
   *  (a·x + b·y + c, d·x + e·y + f), and x/y/width/height is the box drawn into (rotations,
   *  flips, scales); `src` is then unused */
  matrix?: number[];
}

export interface KeymapKey {
  keycode: number;
  /** XKB key name, e.g. "AD01" */
  name: string;
  /** keysyms of levels 0..n-1 of the given layout (0 = NoSymbol) */
  levels: number[];
}

export interface ModifierState {
  depressed: number;
  latched: number;
  locked: number;
  group: number;
}

export interface Native {
  init(callbacks: NativeCallbacks): void;
  /** wl_display_add_socket(_auto); returns the socket name; throws if in use */
  addSocket(name: string | null): string;
  /** flush every client's pending events now */
  flush(): void;
  nextSerial(): number;
  /** teardown: destroys clients, globals and the display */
  terminate(): void;

  defineInterfaces(specs: InterfaceSpec[]): void;
  createGlobal(iface: string, version: number): number;
  destroyGlobal(global: number): void;

  resourceCreate(client: number, iface: string, version: number, id: number): number;
  resourceDestroy(resource: number): void;
  resourceInfo(resource: number): ResourceInfo;
  /** send an event; false (nothing sent) when it names an object that is gone */
  post(resource: number, opcode: number, args: unknown[]): boolean | undefined;
  postError(resource: number, code: number, message: string): void;
  postNoMemory(resource: number): void;

  clientCredentials(client: number): { pid: number; uid: number; gid: number };
  clientDestroy(client: number): void;
  clientPostImplementationError(client: number, message: string): void;
  /** wl_client_create on a connected socket fd; returns the client token */
  clientCreate(fd: number): number;
  /** accept client fds sent with SCM_RIGHTS on a SOCK_SEQPACKET socket at `path`; each
   *  becomes a wl_client and the sender gets its token back as a native-endian uint32 */
  listenClientFds(path: string): void;
  /** a connected AF_UNIX stream pair [ours (close-on-exec), the child's (inheritable)] */
  socketPair(): [number, number];
  closeFd(fd: number): void;

  /** live counts of the addon's objects: wl_clients, resources it tracks, pixman images */
  stats(): { clients: number; resources: number; images: number };

  /** map `size` bytes of a client's file read-only (wl_shm_pool); always closes `fd`.
   *  Returns the pool's token, 0 when the fd cannot be mapped. */
  shmPoolCreate(fd: number, size: number): number;
  /** grow a pool's mapping to `size` bytes; false when the system refuses */
  shmPoolResize(pool: number, size: number): boolean;
  /** unmap a pool: its wl_shm_pool and every buffer made from it are gone */
  shmPoolRelease(pool: number): void;

  textureCreate(): number;
  textureDestroy(texture: number): void;
  /** copy the damaged part (buffer coordinates; null = all) of a buffer in an shm pool into
   *  the texture. Throws when the buffer does not fit its pool. 0: copied; 1: the client
   *  truncated the pool's file (SIGBUS) and zeros were read; 2: out of memory. With
   *  `changed`, only pixels that differ are copied and their bounding box (x, y, width,
   *  height; all 0 when none) is written into it. */
  textureUploadShm(
    texture: number,
    pool: number,
    offset: number,
    width: number,
    height: number,
    stride: number,
    format: number,
    damage: Int32Array | null,
    changed?: Int32Array,
  ): 0 | 1 | 2;
  /** copy straight (unpremultiplied) RGBA pixels, e.g. from @napi-rs/canvas, into the texture */
  textureUploadRGBA(
    texture: number,
    width: number,
    height: number,
    rgba: Uint8Array,
    damage: Int32Array | null,
  ): void;
  textureSize(texture: number): { width: number; height: number };

  /** a stopped one-shot libuv timer that calls `callback` when it fires */
  timerCreate(callback: () => void): number;
  /** fire once after `delayMs` (whole milliseconds; 0 = the next loop turn) */
  timerStart(timer: number, delayMs: number): void;
  timerStop(timer: number): void;
  timerDestroy(timer: number): void;

  framebufferCreate(width: number, height: number): number;
  /** repaint the damage (x,y,w,h quadruples) of a framebuffer: background, then layers in
   *  order, packed by packLayers (src/compositor/render-list.ts) */
  render(framebuffer: number, background: number, layers: Float64Array, damage: Int32Array): void;
  /** straight RGBA pixels of a framebuffer area */
  readPixels(framebuffer: number, x: number, y: number, width: number, height: number): Buffer;

  keymapNew(rules: string, model: string, layout: string, variant: string, options: string): number;
  /** a sealed memfd holding the keymap text (NUL-terminated) and its size */
  keymapFd(keymap: number): { fd: number; size: number };
  keymapLayoutCount(keymap: number): number;
  keymapKeys(keymap: number, layout: number): KeymapKey[];
  stateNew(keymap: number): number;
  stateDestroy(state: number): void;
  /** update with an evdev keycode (xkb keycode - 8); returns the serialized modifiers */
  stateUpdateKey(state: number, evdevCode: number, pressed: boolean): ModifierState;
  stateSetLayout(state: number, layout: number): ModifierState;
  keysymFromName(name: string): number;
  keysymName(keysym: number): string;
  keysymToUtf8(keysym: number): string;
  utf32ToKeysym(codepoint: number): number;
  /** keyboard-layout name of a layout index of a keymap */
  layoutName(keymap: number, layout: number): string;

  // A Unix-socket client with fd passing, for test tools (the wire-level fuzzer); it marshals
  // bytes and fds only and never touches the display.
  /** a connected, non-blocking stream socket; throws when nobody listens at `path` */
  unixConnect(path: string, kind?: 'stream' | 'seqpacket'): number;
  /** sendmsg with the fds as SCM_RIGHTS: bytes written, or -errno (e.g. -EAGAIN, -EPIPE) */
  unixSend(fd: number, bytes: Uint8Array, fds: number[]): number;
  /** up to `max` bytes; null when none are there yet; throws "EOF" or the error. Received
   *  fds are closed. */
  unixRecv(fd: number, max: number): Buffer | null;
  /** close an fd from unixConnect or memfdOfSize */
  unixClose(fd: number): void;
  /** a memfd of `size` zero bytes */
  memfdOfSize(size: number): number;
}

const require = createRequire(import.meta.url);
// WAYBOARD_ADDON names another build of the addon (the aarch64 one tools/arm64/ cross-builds)
export const native: Native = require(
  process.env.WAYBOARD_ADDON || '../build/Release/wayboard.node',
);
