// wl_shm: pools of client memory and the buffers cut from them. Every size a client sends is
// checked here, with the protocol's errors, before a pixel is read; native/shm.cc holds the
// mappings and native/render.cc checks the bounds once more when it copies.
import { closeSync } from 'node:fs';
import { native } from '../native.js';
import {
  WlShmError,
  WlShmFormat,
  WlShmResource,
  type WlBufferResource,
  type WlShmPoolRequests,
  type WlShmPoolResource,
} from '../generated/index.js';
import type { Display } from './wayland/display.js';
import type { Client } from './wayland/resource.js';

/** Live pools one client may hold. Toolkits keep one or two per window (Qt, GTK and foot
 *  replace them on resize); each costs a mapping, of which a process has at most 65530. */
const MAX_POOLS_PER_CLIENT = 1024;
/** Bytes one client may have mapped. Mapped shared memory costs address space, not RSS, until
 *  it is read (and only damage is read); 2 GiB holds 64 ARGB buffers of 3840x2160, or one
 *  pool of the largest size the protocol can express (2^31 - 1). */
const MAX_BYTES_PER_CLIENT = 2 * 1024 ** 3;

/** Largest buffer side accepted: an 8K output is 7680 wide. The compositor copies each
 *  buffer into a texture of its own, so this bounds what one surface costs (256 MiB). */
export const MAX_BUFFER_SIDE = 8192;

const FORMATS: readonly number[] = [WlShmFormat.argb8888, WlShmFormat.xrgb8888];

interface Usage {
  pools: number;
  bytes: number;
}
const usageByClient = new WeakMap<Client, Usage>();

function usageOf(client: Client): Usage {
  let usage = usageByClient.get(client);
  if (!usage) usageByClient.set(client, (usage = { pools: 0, bytes: 0 }));
  return usage;
}

/** Where a wl_buffer's pixels are. */
interface ShmBuffer {
  pool: ShmPool;
  offset: number;
  width: number;
  height: number;
  stride: number;
  format: number;
}
const buffers = new WeakMap<WlBufferResource, ShmBuffer>();

/** Why a buffer does not fit in `poolSize` bytes, or null when it does. */
function bufferProblem(
  poolSize: number,
  offset: number,
  width: number,
  height: number,
  stride: number,
): string | null {
  const shape = `${width}x${height}, stride ${stride}, offset ${offset}`;
  if (width <= 0 || height <= 0 || offset < 0) return `invalid buffer (${shape})`;
  if (stride % 4 !== 0) return `stride ${stride} is not a multiple of 4`;
  if (stride < width * 4) return `stride ${stride} is less than width * 4 (${width * 4})`;
  // in BigInt: stride * (height - 1) can pass 2^53, past which numbers are not exact
  const end = BigInt(offset) + BigInt(stride) * BigInt(height - 1) + BigInt(width * 4);
  if (end > BigInt(poolSize)) return `buffer (${shape}) ends past the pool (${poolSize} bytes)`;
  return null;
}

/** A mapped pool. The mapping outlives the wl_shm_pool while buffers made from it live. */
class ShmPool implements WlShmPoolRequests {
  /** one for the wl_shm_pool, one per live buffer */
  private references = 1;

  constructor(
    readonly token: number,
    private size: number,
    private readonly usage: Usage,
  ) {}

  createBuffer(
    resource: WlShmPoolResource,
    id: WlBufferResource,
    offset: number,
    width: number,
    height: number,
    stride: number,
    format: number,
  ): void {
    if (!FORMATS.includes(format)) {
      resource.postError(WlShmError.invalidFormat, `format 0x${format.toString(16)} not offered`);
      return;
    }
    const problem = bufferProblem(this.size, offset, width, height, stride);
    if (problem) {
      resource.postError(WlShmError.invalidStride, problem);
      return;
    }
    if (width > MAX_BUFFER_SIDE || height > MAX_BUFFER_SIDE) return resource.postNoMemory();
    this.references++;
    buffers.set(id, { pool: this, offset, width, height, stride, format });
    id.implement({ destroy: (r) => r.destroy() });
    id.onDestroy(() => {
      buffers.delete(id);
      this.unreference();
    });
  }

  destroy(resource: WlShmPoolResource): void {
    resource.destroy();
  }

  resize(resource: WlShmPoolResource, size: number): void {
    if (size < this.size) {
      resource.postError(WlShmError.invalidStride, `a pool only grows (${this.size} to ${size})`);
      return;
    }
    const growth = size - this.size;
    if (this.usage.bytes + growth > MAX_BYTES_PER_CLIENT || !native.shmPoolResize(this.token, size))
      return resource.postNoMemory();
    this.usage.bytes += growth;
    this.size = size;
  }

  /** a wl_shm_pool or buffer is gone: unmap with the last of them */
  unreference(): void {
    if (--this.references > 0) return;
    native.shmPoolRelease(this.token);
    this.usage.pools--;
    this.usage.bytes -= this.size;
  }
}

function createPool(shm: WlShmResource, id: WlShmPoolResource, fd: number, size: number): void {
  const usage = usageOf(shm.client);
  if (size <= 0) {
    closeSync(fd);
    shm.postError(WlShmError.invalidStride, `pool size ${size} is not positive`);
    return;
  }
  if (usage.pools >= MAX_POOLS_PER_CLIENT || usage.bytes + size > MAX_BYTES_PER_CLIENT) {
    closeSync(fd);
    shm.postNoMemory();
    return;
  }
  const token = native.shmPoolCreate(fd, size); // closes the fd
  if (!token) {
    shm.postError(WlShmError.invalidFd, 'the file descriptor cannot be mapped');
    return;
  }
  usage.pools++;
  usage.bytes += size;
  const pool = new ShmPool(token, size, usage);
  id.implement(pool);
  id.onDestroy(() => pool.unreference());
}

export function createShm(display: Display): void {
  display.createGlobal(WlShmResource, 1, (resource) => {
    resource.implement({ createPool });
    for (const format of FORMATS) resource.sendFormat(format);
  });
}

/**
 * Copy the damaged pixels (buffer coordinates; null = all) of a wl_buffer into a texture
 * (with `changed`: only those that differ, their bounding box written there).
 * Returns the buffer's size, or null when the client got an error instead: the buffer is
 * not one of ours, or the pool's file was truncated under us, or memory ran out.
 */
export function uploadShmBuffer(
  texture: number,
  resource: WlBufferResource,
  damage: Int32Array | null,
  changed?: Int32Array,
): { width: number; height: number } | null {
  const buffer = buffers.get(resource);
  if (!buffer) {
    // wl_shm is the only buffer factory offered, so the client made this one up
    resource.client.postImplementationError('only wl_shm buffers are supported');
    return null;
  }
  const { pool, offset, width, height, stride, format } = buffer;
  const status = native.textureUploadShm(
    texture,
    pool.token,
    offset,
    width,
    height,
    stride,
    format,
    damage,
    changed,
  );
  if (status === 2) {
    resource.postNoMemory();
    return null;
  }
  if (status === 1) {
    // the read hit SIGBUS; the error names the buffer, as libwayland's wl_shm did
    resource.postError(WlShmError.invalidFd, 'the pool is larger than its file (truncated?)');
    return null;
  }
  return buffer;
}
