// The nested output's wl_shm buffers: a few of the window's size, each in its own memfd pool.
// The parent reads a buffer until it releases it, so a frame goes into a free one, and only
// what changed since that buffer was last written is copied (the damage of this frame and of
// the frames it missed).
import { toInt32 } from '../../compositor/surface-state.js';
import { boundingBox } from '../../compositor/region.js';
import type { Rect } from '../backend.js';
import type { Proxy } from './connection.js';
import { parentNative } from './native-client.js';

const WL_SHM_FORMAT_XRGB8888 = 1;
/** two suffice while the parent releases each buffer in time; a third covers a slow one */
const MAX_BUFFERS = 3;
const MAX_STALE_RECTS = 32;

interface Buffer {
  proxy: Proxy;
  memory: number;
  busy: boolean;
  /** of an earlier window size: destroyed once the parent releases it */
  obsolete: boolean;
  /** where this buffer's pixels are older than the framebuffer's */
  stale: Rect[];
}

export class ShmBuffers {
  private buffers: Buffer[] = [];
  private width = 0;
  private height = 0;

  constructor(
    private readonly shm: Proxy,
    private readonly released: () => void,
  ) {}

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    for (const buffer of this.buffers) {
      buffer.obsolete = true;
      if (!buffer.busy) this.drop(buffer);
    }
    this.buffers = this.buffers.filter((b) => !b.obsolete);
  }

  /** a buffer holding the framebuffer's current pixels, now busy, or null when every buffer
   *  is still the parent's; `damage` is what changed since the previous take */
  take(framebuffer: number, damage: readonly Rect[]): Proxy | null {
    for (const buffer of this.buffers) {
      buffer.stale.push(...damage);
      if (buffer.stale.length > MAX_STALE_RECTS) buffer.stale = [boundingBox(buffer.stale)];
    }
    let buffer = this.buffers.find((b) => !b.busy);
    if (!buffer && this.buffers.length < MAX_BUFFERS) buffer = this.create();
    if (!buffer) return null;
    const stride = this.width * 4;
    parentNative.framebufferCopyRects(framebuffer, buffer.memory, 0, stride, toInt32(buffer.stale));
    buffer.stale = [];
    buffer.busy = true;
    return buffer.proxy;
  }

  private create(): Buffer {
    if (!this.width) throw new Error('ShmBuffers: no size yet');
    const stride = this.width * 4;
    const size = stride * this.height;
    const { memory, fd } = parentNative.memoryCreate(size);
    const pool = this.shm.request('create_pool', fd, size);
    parentNative.closeFd(fd); // the request carried a copy
    const proxy = pool.request(
      'create_buffer',
      0,
      this.width,
      this.height,
      stride,
      WL_SHM_FORMAT_XRGB8888,
    );
    pool.destroyWith(); // the buffer keeps the parent's pool alive
    const buffer: Buffer = {
      proxy,
      memory,
      busy: false,
      obsolete: false,
      stale: [{ x: 0, y: 0, width: this.width, height: this.height }],
    };
    proxy.on('release', () => {
      buffer.busy = false;
      if (buffer.obsolete) this.drop(buffer);
      else this.released();
    });
    this.buffers.push(buffer);
    return buffer;
  }

  private drop(buffer: Buffer): void {
    buffer.proxy.destroyWith();
    parentNative.memoryDestroy(buffer.memory);
  }

  destroy(): void {
    for (const buffer of this.buffers) this.drop(buffer);
    this.buffers = [];
  }
}
