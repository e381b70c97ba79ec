// Values for plain (non-object) arguments: plausible ones, guided by the argument's name and
// enum from the protocol XML, and bad ones for the mutation rate.
import type { ArgHint } from './arg-hints.js';
import type { Random } from './random.js';
import type { WireArg } from './wire.js';

const EXTREME_INTS = [-1, -2, -2147483648, 2147483647, 65536, -65536, 1 << 30, 100000];
const EXTREME_UINTS = [0xffffffff, 0x80000000, 0x7fffffff, 65536, 1 << 30, 100000];
const STRINGS = [
  '',
  'a',
  'text/plain',
  'text/plain;charset=utf-8',
  'UTF8_STRING',
  'org.example.fuzz',
  'fuzz window',
  'en_US',
  'ünïcödé ✓ 😀',
];

/** what the server told this connection, for values that must echo it */
export interface ServerFacts {
  /** recent event arguments named "serial", with where they came from */
  serials: readonly { source: string; value: number }[];
  /** enum values the server announced (wl_shm.format events...), by enum name */
  announced: ReadonlyMap<string, readonly number[]>;
}

/** an argument made so far, for values that depend on another (stride on width) */
export interface Earlier {
  hint: ArgHint | undefined;
  value: WireArg;
}

const SIZE = /(^|_)(width|height|size|w|h)$/;
const POSITION = /^(x|y|dx|dy|sx|sy|offset|hotspot_x|hotspot_y|x_offset|y_offset)$/;

/** a plausible int/uint/fixed; `echo` names the event argument a serial came from */
export function plausibleNumber(
  rnd: Random,
  type: string,
  hint: ArgHint | undefined,
  earlier: readonly Earlier[],
  facts: ServerFacts,
  iface: string,
): { value: number; echo?: string } {
  const name = hint?.name ?? '';
  const values = hint?.enumValues;
  if (values && values.length > 0) {
    if (hint!.bitfield) {
      let mask = 0;
      for (const v of values) if (rnd.chance(0.3)) mask |= v;
      return { value: mask >>> 0 };
    }
    const announced = facts.announced.get(hint!.enumName!);
    if (announced && announced.length > 0 && rnd.chance(0.8)) return { value: rnd.pick(announced) };
    return { value: rnd.pick(values) };
  }
  if (name === 'serial' && facts.serials.length > 0 && rnd.chance(0.85)) {
    // the latest serial an event of this interface carried (ack_configure after configure),
    // else any recent one
    const own = facts.serials.filter((s) => s.source.startsWith(`${iface}.`));
    const serial =
      own.length > 0 && rnd.chance(0.8) ? own[own.length - 1]! : rnd.pick(facts.serials);
    return { value: serial.value, echo: serial.source };
  }
  if (name === 'stride') {
    const width = earlier.find((e) => e.hint?.name === 'width');
    if (width && rnd.chance(0.8)) return { value: Number(width.value) * 4 }; // 32-bit pixels
  }
  if (type === 'f') return { value: fixed(rnd, name) };
  if (name === 'size' && rnd.chance(0.6)) return { value: 1 << rnd.int(12, 22) }; // pools
  if (SIZE.test(name)) {
    const r = rnd.next();
    return { value: r < 0.6 ? rnd.int(1, 128) : r < 0.9 ? rnd.int(1, 512) : rnd.int(0, 3) };
  }
  if (POSITION.test(name)) return { value: rnd.chance(0.8) ? 0 : rnd.int(-64, 512) };
  if (name === 'scale') return { value: rnd.int(1, 3) };
  const r = rnd.next();
  if (r < 0.3) return { value: 0 };
  if (r < 0.5) return { value: rnd.int(1, 3) };
  if (r < 0.8) return { value: rnd.int(1, 512) };
  if (r < 0.9 && type === 'i') return { value: -rnd.int(1, 64) };
  return { value: rnd.int(0, 4096) };
}

/** 24.8 fixed point: coordinates, mostly on the surface */
function fixed(rnd: Random, name: string): number {
  const whole = POSITION.test(name) ? rnd.int(-10, 300) : rnd.int(-20, 600);
  return whole * 256 + rnd.int(0, 255);
}

/** a deliberately wrong int/uint/fixed: out of an enum's range, huge, negative */
export function badNumber(rnd: Random, type: string, hint: ArgHint | undefined): number {
  const values = hint?.enumValues;
  if (values && values.length > 0 && rnd.chance(0.5))
    return hint!.bitfield ? 0x80000000 : Math.max(...values) + rnd.int(1, 100);
  return rnd.pick(type === 'u' ? EXTREME_UINTS : EXTREME_INTS);
}

export function plausibleString(rnd: Random, nullable: boolean): string | null {
  if (nullable && rnd.chance(0.15)) return null;
  if (rnd.chance(0.7)) return rnd.pick(STRINGS);
  const length = rnd.int(1, 40);
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(rnd.int(0x20, 0x7e));
  return s;
}

/** null where not allowed, or long enough to fill most of a message */
export function badString(rnd: Random, nullable: boolean): string | null {
  return !nullable && rnd.chance(0.3) ? null : 'x'.repeat(rnd.int(1000, 3000));
}

/** array contents as hex */
export function arrayHex(rnd: Random, length = rnd.int(0, 16)): string {
  let hex = '';
  for (let i = 0; i < length; i++) hex += rnd.int(0, 255).toString(16).padStart(2, '0');
  return hex;
}

/** memfd sizes: pool-like powers of two, exact buffer sizes, odd and empty ones */
export function fdSize(rnd: Random): number {
  const r = rnd.next();
  if (r < 0.03) return 0;
  if (r < 0.25) return rnd.int(1, 4096);
  if (r < 0.6) return 1 << rnd.int(12, 22);
  return rnd.int(1, 512) * rnd.int(1, 512) * 4;
}
