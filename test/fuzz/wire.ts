// The Wayland wire format, client side: encode requests and decode events by their libwayland
// signature. A message is object id (u32), size << 16 | opcode (u32), then the arguments,
// each 4-byte aligned, native endian; fds travel out of band (SCM_RIGHTS) and take no bytes.
import { endianness } from 'node:os';
import { interfaceSpecs } from '../../src/generated/index.js';
import type { InterfaceSpec, MessageSpec } from '../../src/native.js';

export const specs: ReadonlyMap<string, InterfaceSpec> = new Map(
  interfaceSpecs.map((s) => [s.name, s]),
);

/**
 * One argument as the request log stores it (JSON): i/u/f/o/n as numbers (fixed as its raw
 * 24.8 int32), s as string or null, a as hex, h as the size of the memfd sent.
 */
export type WireArg = number | string | null;

/** One request, enough to send it again (the fuzzer's log, the replayer's input). */
export interface LoggedRequest {
  /** interface of the object it was sent to (as the client believed) */
  interface: string;
  id: number;
  opcode: number;
  /** request name, or "opcode-N" for an opcode the interface does not have */
  name: string;
  signature: string;
  args: WireArg[];
  /** arguments that echoed a value the server sent (a serial): arg index -> the event
   *  argument it came from, "interface.event.index"; replays use the current value */
  echoes?: Record<number, string>;
  /** order among the requests of all connections of a run (for replaying them together) */
  seq?: number;
  /** a bind written by hand (seeds): name and version come from the registry's globals */
  bindByInterface?: true;
}

/** what a replayed request must take from the connection it is replayed on */
export interface ConnectionFacts {
  /** latest event argument values, by "interface.event.index" */
  latestUints: ReadonlyMap<string, number>;
  globals: ReadonlyMap<number, { interface: string; version: number }>;
}

/**
 * The request as it must be sent again on another connection: echoed serials take the value
 * the server sent this time, and a bind names the global by its interface (global names
 * differ between compositor versions; a `bindByInterface` one also takes its newest version).
 */
export function forConnection(request: LoggedRequest, facts: ConnectionFacts): LoggedRequest {
  const args = [...request.args];
  for (const [index, source] of Object.entries(request.echoes ?? {})) {
    const value = facts.latestUints.get(source);
    if (value !== undefined) args[Number(index)] = value;
  }
  if (request.interface === 'wl_registry' && request.name === 'bind') {
    const [name, iface] = args;
    const named = facts.globals.get(Number(name));
    const global = [...facts.globals].find(([, g]) => g.interface === iface);
    if (global && named?.interface !== iface) args[0] = global[0];
    if (global && request.bindByInterface)
      args[2] = Math.min(global[1].version, specs.get(String(iface))?.version ?? 1);
  }
  return { ...request, args };
}

/** the libwayland argument types of a signature, without the "?" nullability marks */
export function argTypes(signature: string): string[] {
  return [...signature.replace(/\?/g, '')];
}

/** which arguments of a signature may be null */
export function nullables(signature: string): boolean[] {
  const result: boolean[] = [];
  for (let i = 0; i < signature.length; i++) {
    if (signature[i] === '?') continue;
    result.push(signature[i - 1] === '?');
  }
  return result;
}

/** the spec of a request, or a made-up empty one for an opcode beyond the interface's */
export function requestSpec(iface: string, opcode: number): MessageSpec {
  return (
    specs.get(iface)?.requests[opcode] ?? {
      name: `opcode-${opcode}`,
      signature: '',
      types: [],
      since: 1,
    }
  );
}

// the wire is native endian; this codec writes little-endian
if (endianness() !== 'LE') throw new Error('the fuzzer assumes a little-endian host');

/** wl_display.sync or get_registry with the new object's id */
export function displayRequest(name: 'sync' | 'get_registry', newId: number): LoggedRequest {
  const opcode = name === 'sync' ? 0 : 1;
  return { interface: 'wl_display', id: 1, opcode, name, signature: 'n', args: [newId] };
}

const pad4 = (n: number) => (n + 3) & ~3;

/** bytes of a request; `fdSizes` lists the 'h' arguments in order (memfds of these sizes) */
export function encodeRequest(request: LoggedRequest): { bytes: Buffer; fdSizes: number[] } {
  const types = argTypes(request.signature);
  const parts: Buffer[] = [];
  const fdSizes: number[] = [];
  types.forEach((type, i) => {
    const value = request.args[i] ?? null;
    switch (type) {
      case 'i':
      case 'f': {
        const b = Buffer.alloc(4);
        b.writeInt32LE(Number(value) | 0);
        parts.push(b);
        break;
      }
      case 'u':
      case 'o':
      case 'n': {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(Number(value) >>> 0);
        parts.push(b);
        break;
      }
      case 's': {
        if (value === null) {
          parts.push(Buffer.alloc(4)); // length 0 is a null string
          break;
        }
        const text = Buffer.from(String(value), 'utf8');
        const b = Buffer.alloc(4 + pad4(text.length + 1));
        b.writeUInt32LE(text.length + 1);
        text.copy(b, 4);
        parts.push(b);
        break;
      }
      case 'a': {
        const data = Buffer.from(String(value ?? ''), 'hex');
        const b = Buffer.alloc(4 + pad4(data.length));
        b.writeUInt32LE(data.length);
        data.copy(b, 4);
        parts.push(b);
        break;
      }
      case 'h':
        fdSizes.push(Number(value));
        break;
      default:
        throw new Error(`unknown argument type ${type} in ${request.signature}`);
    }
  });
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32LE(request.id >>> 0, 0);
  header.writeUInt32LE((((8 + body.length) << 16) | request.opcode) >>> 0, 4);
  return { bytes: Buffer.concat([header, body]), fdSizes };
}

/** An event as read off the socket; `args` are decoded when the signature is known. */
export interface WireEvent {
  id: number;
  opcode: number;
  size: number;
  body: Buffer;
}

/** Splits the incoming byte stream into whole messages. */
export class EventReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): WireEvent[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const events: WireEvent[] = [];
    let offset = 0;
    while (this.buffered.length - offset >= 8) {
      const id = this.buffered.readUInt32LE(offset);
      const word = this.buffered.readUInt32LE(offset + 4);
      const size = word >>> 16;
      if (size < 8) throw new Error(`malformed event: size ${size} on object ${id}`);
      if (this.buffered.length - offset < size) break;
      const body = this.buffered.subarray(offset + 8, offset + size);
      events.push({ id, opcode: word & 0xffff, size, body });
      offset += size;
    }
    this.buffered = this.buffered.subarray(offset);
    return events;
  }
}

/** Decodes an event body by signature: numbers, strings (or null), arrays as Buffers. */
export function decodeArgs(signature: string, body: Buffer): (number | string | null | Buffer)[] {
  const values: (number | string | null | Buffer)[] = [];
  let offset = 0;
  const need = (n: number) => {
    if (offset + n > body.length) throw new Error(`event body too short for ${signature}`);
  };
  for (const type of argTypes(signature)) {
    switch (type) {
      case 'i':
      case 'f':
        need(4);
        values.push(body.readInt32LE(offset));
        offset += 4;
        break;
      case 'u':
      case 'o':
      case 'n':
        need(4);
        values.push(body.readUInt32LE(offset));
        offset += 4;
        break;
      case 's': {
        need(4);
        const length = body.readUInt32LE(offset);
        offset += 4;
        need(pad4(length));
        values.push(length === 0 ? null : body.toString('utf8', offset, offset + length - 1));
        offset += pad4(length);
        break;
      }
      case 'a': {
        need(4);
        const length = body.readUInt32LE(offset);
        offset += 4;
        need(pad4(length));
        values.push(body.subarray(offset, offset + length));
        offset += pad4(length);
        break;
      }
      case 'h':
        values.push(null); // the fd itself came (and was closed) out of band
        break;
    }
  }
  return values;
}
