// Object arguments: a live object of the interface the request wants (or, when there is
// none, a signal to make one first), and the deliberately wrong ones of the mutation rate.
import type { Random } from './random.js';
import type { WireConnection } from './wire-connection.js';

/** a request chosen but not made yet */
export type Intent = { id: number; opcode: number };

/** thrown while making a request when no live object of a needed interface exists */
export class Unsatisfiable extends Error {
  /** the request that needed it */
  from: Intent | null = null;
  constructor(readonly needed: string) {
    super(`no live ${needed}`);
  }
}

/** a live object of `iface` (any, if null), preferring the newest; null only where allowed */
export function pickObject(
  rnd: Random,
  conn: WireConnection,
  iface: string | null,
  nullable: boolean,
  taken: number[],
): number {
  let live = [...conn.objects]
    .filter(([, o]) => o.live && (iface === null || o.interface === iface))
    .map(([id]) => id);
  // two object arguments are rarely meant to be the same object: make another one
  if (rnd.chance(0.9)) live = live.filter((id) => !taken.includes(id));
  if (live.length === 0) {
    if (nullable && rnd.chance(0.5)) return 0;
    throw new Unsatisfiable(iface ?? 'wl_display');
  }
  if (nullable && rnd.chance(0.2)) return 0;
  const recent = conn.recentIds.filter((id) => live.includes(id));
  if (recent.length > 0 && rnd.chance(0.6)) return recent[recent.length - 1]!;
  return rnd.pick(live);
}

/** an object of the wrong interface, a destroyed one, null where not allowed, or an id
 *  nobody created */
export function badObject(
  rnd: Random,
  conn: WireConnection,
  iface: string | null,
  nullable: boolean,
): number {
  const kind = rnd.int(0, 3);
  const wrong = [...conn.objects]
    .filter(([, o]) => o.live && o.interface !== iface)
    .map(([id]) => id);
  const dead = [...conn.objects].filter(([, o]) => !o.live).map(([id]) => id);
  if (kind === 0 && wrong.length > 0) return rnd.pick(wrong);
  if (kind === 1 && dead.length > 0) return rnd.pick(dead);
  if (kind === 2 && !nullable) return 0;
  return conn.nextId + rnd.int(100, 1000);
}
