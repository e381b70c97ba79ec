// One raw Wayland client connection: sends logged requests (memfds for their fd arguments),
// reads events, and keeps the client's view of its objects: id -> interface, version, live.
import { native } from '../../src/native.js';
import { argHints } from './arg-hints.js';
import {
  EventReader,
  argTypes,
  decodeArgs,
  encodeRequest,
  requestSpec,
  specs,
  type LoggedRequest,
  type WireEvent,
} from './wire.js';

export interface ObjectEntry {
  interface: string;
  version: number;
  /** false once the client destroyed it or the server deleted its id */
  live: boolean;
}

export interface ProtocolError {
  objectId: number;
  /** interface of the object the error names, as this client knew it */
  interface: string;
  code: number;
  message: string;
}

const EAGAIN = 11;
/** ids of objects the server creates (events with new_id) start here */
export const SERVER_ID_BASE = 0xff000000;

const isDestructor = (name: string) => name === 'destroy' || name === 'release';

export class WireConnection {
  readonly objects = new Map<number, ObjectEntry>([
    [1, { interface: 'wl_display', version: 1, live: true }],
  ]);
  /** the next client-allocated id: new_ids must come in order, counting from 2 */
  nextId = 2;
  /** globals announced to any registry of this connection, by name */
  readonly globals = new Map<number, { interface: string; version: number }>();
  /** the latest value of each event's uint argument, by "interface.event.index" */
  readonly latestUints = new Map<string, number>();
  /** recent event arguments named "serial" (for requests that must echo one) */
  readonly serials: { source: string; value: number }[] = [];
  /** objects that got an event with a serial since (configure, ping): they may want an ack */
  readonly serialEvents: number[] = [];
  /** enum values the server announced (wl_shm.format, say), by enum name */
  readonly announced = new Map<string, number[]>();
  /** ids created most recently, newest last (the generator prefers them: deeper state) */
  readonly recentIds: number[] = [];
  error: ProtocolError | null = null;
  /** the server closed the connection (after an error, or a crash) */
  closed = false;
  /** sending failed (EPIPE); events may still be waiting to be read */
  private hungUp = false;
  requestsSent = 0;
  private readonly reader = new EventReader();
  private readonly doneCallbacks = new Set<number>();
  /** bytes the socket did not take yet (the fds went with the first part) */
  private backlog: Buffer[] = [];

  private constructor(private readonly fd: number) {}

  static connect(socketPath: string): WireConnection {
    return new WireConnection(native.unixConnect(socketPath));
  }

  /** A connection wayboard trusts (it sees input-method, virtual-keyboard and layer-shell):
   *  one end of a socketpair handed over through its fds socket, as wlcs does. */
  static connectHandedOver(fdsPath: string): WireConnection {
    const [ours, theirs] = native.socketPair();
    const control = native.unixConnect(fdsPath, 'seqpacket');
    try {
      native.unixSend(control, Buffer.from([0]), [theirs]);
    } finally {
      native.unixClose(control); // the message stays queued for wayboard to read
      native.closeFd(theirs);
    }
    return new WireConnection(ours);
  }

  close(): void {
    if (this.fd >= 0) native.unixClose(this.fd);
    this.closed = true;
  }

  /** sends a request and applies what it means to the object table at once, as libwayland
   *  clients do: new ids exist, destroyed objects are gone */
  send(request: LoggedRequest): boolean {
    if (this.closed || this.hungUp) return false;
    const { bytes, fdSizes } = encodeRequest(request);
    const fds = fdSizes.map((size) => native.memfdOfSize(size));
    try {
      this.write(bytes, fds);
    } finally {
      for (const fd of fds) native.unixClose(fd);
    }
    this.requestsSent++;
    this.track(request);
    return true;
  }

  /** has the wl_callback of this id (a sync, say) been done? */
  isDone(callbackId: number): boolean {
    return this.doneCallbacks.has(callbackId);
  }

  /** reads whatever has arrived; false once the connection is closed */
  pump(): boolean {
    if (this.closed) return false;
    this.flush();
    for (;;) {
      let chunk: Buffer | null;
      try {
        chunk = native.unixRecv(this.fd, 65536);
      } catch {
        this.closed = true; // EOF or ECONNRESET: the server is done with us
        return false;
      }
      if (chunk === null) return true;
      for (const event of this.reader.push(chunk)) this.onEvent(event);
    }
  }

  private write(bytes: Buffer, fds: number[]): void {
    this.backlog.push(bytes);
    this.flush(fds);
  }

  /**
   * Sends the queued bytes in order. `fds` belong to the last queued message and must leave
   * with its first byte, before the caller closes them: until they are out, this waits
   * (briefly: the server reads as fast as it can, unless it hangs).
   */
  private flush(fds: number[] = []): void {
    const deadline = Date.now() + 2000;
    while (this.backlog.length > 0 && !this.closed && !this.hungUp) {
      const head = this.backlog[0]!;
      const withFds = this.backlog.length === 1 ? fds : [];
      const n = native.unixSend(this.fd, head, withFds);
      if (n === -EAGAIN) {
        if (fds.length === 0 || Date.now() > deadline) return;
        continue;
      }
      if (n < 0) {
        this.hungUp = true; // EPIPE: the server hung up; pump() reads its last words
        this.backlog = [];
        return;
      }
      if (withFds.length > 0) fds = [];
      if (n < head.length) this.backlog[0] = head.subarray(n);
      else this.backlog.shift();
    }
  }

  private remember(id: number, entry: ObjectEntry): void {
    this.objects.set(id, entry);
    this.recentIds.push(id);
    if (this.recentIds.length > 12) this.recentIds.shift();
  }

  private track(request: LoggedRequest): void {
    const target = this.objects.get(request.id);
    const spec = requestSpec(request.interface, request.opcode);
    const types = argTypes(request.signature);
    types.forEach((type, i) => {
      if (type !== 'n') return;
      const id = Number(request.args[i]);
      if (request.interface === 'wl_registry' && spec.name === 'bind') {
        // untyped new_id: the interface and version travel as the two arguments before it
        const iface = String(request.args[i - 2]);
        this.remember(id, { interface: iface, version: Number(request.args[i - 1]), live: true });
      } else {
        const iface = spec.types[i] ?? 'unknown';
        this.remember(id, { interface: iface, version: target?.version ?? 1, live: true });
      }
      if (id >= this.nextId && id < SERVER_ID_BASE) this.nextId = id + 1;
    });
    if (target && isDestructor(spec.name)) target.live = false;
  }

  private onEvent(event: WireEvent): void {
    const target = this.objects.get(event.id);
    const spec = target && specs.get(target.interface)?.events[event.opcode];
    if (!target || !spec) return; // an object we never knew or an unknown event: skip it
    let args: ReturnType<typeof decodeArgs>;
    try {
      args = decodeArgs(spec.signature, event.body);
    } catch {
      return;
    }
    if (target.interface === 'wl_display') {
      if (spec.name === 'error') {
        const objectId = Number(args[0]);
        this.error = {
          objectId,
          interface: this.objects.get(objectId)?.interface ?? 'unknown',
          code: Number(args[1]),
          message: String(args[2] ?? ''),
        };
      } else if (spec.name === 'delete_id') {
        const entry = this.objects.get(Number(args[0]));
        if (entry) entry.live = false;
      }
      return;
    }
    if (target.interface === 'wl_registry' && spec.name === 'global') {
      this.globals.set(Number(args[0]), {
        interface: String(args[1]),
        version: Number(args[2]),
      });
    } else if (target.interface === 'wl_registry' && spec.name === 'global_remove') {
      this.globals.delete(Number(args[0]));
    } else if (target.interface === 'wl_callback' && spec.name === 'done') {
      this.doneCallbacks.add(event.id);
    }
    const hints = argHints(target.interface, 'event', spec.name);
    argTypes(spec.signature).forEach((type, i) => {
      const value = args[i];
      const hint = hints[i];
      if (typeof value === 'number' && hint?.enumName && !hint.bitfield) {
        const known = this.announced.get(hint.enumName) ?? [];
        if (!known.includes(value) && known.length < 64) known.push(value);
        this.announced.set(hint.enumName, known);
      }
      if (type === 'n' && typeof value === 'number' && value !== 0)
        this.remember(value, {
          interface: spec.types[i] ?? 'unknown',
          version: target.version,
          live: true,
        });
      if (type === 'u' && typeof value === 'number') {
        const source = `${target.interface}.${spec.name}.${i}`;
        this.latestUints.set(source, value);
        if (hint?.name === 'serial') {
          this.serials.push({ source, value });
          if (this.serials.length > 8) this.serials.shift();
          if (!this.serialEvents.includes(event.id)) this.serialEvents.push(event.id);
          if (this.serialEvents.length > 8) this.serialEvents.shift();
        }
      }
    });
  }
}
