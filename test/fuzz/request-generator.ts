// Random, well-framed requests for the objects a connection holds, chosen by the generated
// protocol description. Mostly plausible (right interfaces, small numbers, echoed serials,
// numbers the server accepted before) so that state gets deep. A share of requests (the
// mutation rate) carries one defect on purpose: a destroyed target, an opcode the object
// does not have, or one bad argument (an id of the wrong interface, destroyed or unknown,
// null where not allowed, a huge or negative number, a long string, an odd array).
// Pools get fds of odd sizes, sometimes smaller than the size claimed.
import type { MessageSpec } from '../../src/native.js';
import type { Random } from './random.js';
import type { WireConnection } from './wire-connection.js';
import { argTypes, nullables, requestSpec, specs, type LoggedRequest, type WireArg } from './wire.js';

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

/** a bind of a global: what the registry announced, and the version to ask for */
export interface BindPlan {
  name: number;
  interface: string;
  version: number;
}

/** thrown inside generation when no object of a needed interface exists: try another */
class Unsatisfiable extends Error {}

const isDestructor = (m: MessageSpec) => m.name === 'destroy' || m.name === 'release';

export class RequestGenerator {
  /** this session's rate: calm sessions get deep, wild ones probe the error paths */
  private rate: number;
  /** the defect of the request being made, if it gets one; arg -1 until the signature is known */
  private defect: { kind: 'target' | 'opcode' | 'arg'; arg: number } | null = null;

  constructor(
    private readonly rnd: Random,
    private readonly mutationRate: number,
  ) {
    this.rate = mutationRate;
  }

  /** numbers that went through without an error, by "interface.request.argIndex": the
   *  fuzzer learns valid enums, sizes and offsets from the server's answers */
  private readonly goodNumbers = new Map<string, number[]>();

  /** share of the globals a session binds at its start: fewer objects, deeper use of each */
  private bindShare = 1;

  /** a new session: pick how wild it is and how wide */
  newSession(): void {
    this.rate = this.mutationRate * this.rnd.pick([0, 0.3, 1, 3]);
    this.bindShare = this.rnd.pick([0.2, 0.4, 0.7, 1]);
  }

  /** does the request being made carry this defect (in this argument)? */
  private mutate(kind: 'target' | 'opcode' | 'arg', arg = -1): boolean {
    return this.defect?.kind === kind && this.defect.arg === arg;
  }

  /** remember the numbers of requests the server accepted */
  learn(accepted: readonly LoggedRequest[]): void {
    for (const request of accepted) {
      argTypes(request.signature).forEach((type, i) => {
        if (type !== 'i' && type !== 'u' && type !== 'f') return;
        const key = `${request.interface}.${request.name}.${i}`;
        const known = this.goodNumbers.get(key) ?? [];
        const value = Number(request.args[i]);
        if (known.includes(value)) return;
        if (known.length < 24) known.push(value);
        else known[this.rnd.int(0, known.length - 1)] = value;
        this.goodNumbers.set(key, known);
      });
    }
  }

  /** binds for the announced globals (the session's share of them, or `all`), shuffled; some
   *  twice, some with a bad version */
  planBinds(conn: WireConnection, all = false): BindPlan[] {
    const plans: BindPlan[] = [];
    for (const [name, global] of conn.globals) {
      if (!all && !this.rnd.chance(this.bindShare)) continue;
      const known = specs.get(global.interface)?.version ?? global.version;
      const max = Math.min(global.version, known);
      const copies = this.rnd.chance(0.1) ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        let version = this.rnd.chance(0.6) ? max : this.rnd.int(1, max);
        if (this.rnd.chance(this.rate * 0.2))
          version = this.rnd.pick([global.version + 1, 0, 0x7fffffff]);
        plans.push({ name, interface: global.interface, version });
      }
    }
    for (let i = plans.length - 1; i > 0; i--) {
      const j = this.rnd.int(0, i);
      [plans[i], plans[j]] = [plans[j]!, plans[i]!];
    }
    return plans;
  }

  bindRequest(conn: WireConnection, registry: number, plan: BindPlan): LoggedRequest {
    return {
      interface: 'wl_registry',
      id: registry,
      opcode: 0,
      name: 'bind',
      signature: 'usun',
      args: [plan.name, plan.interface, plan.version, conn.nextId],
    };
  }

  /** a random request to a random object, or null when the connection holds nothing usable */
  next(conn: WireConnection): LoggedRequest | null {
    for (let attempt = 0; attempt < 8; attempt++) {
      const kinds = ['target', 'opcode', 'arg', 'arg', 'arg'] as const;
      this.defect = this.rnd.chance(this.rate) ? { kind: this.rnd.pick(kinds), arg: -1 } : null;
      try {
        const request = this.tryNext(conn);
        if (request) return request;
      } catch (err) {
        if (!(err instanceof Unsatisfiable)) throw err;
      }
    }
    return null;
  }

  private tryNext(conn: WireConnection): LoggedRequest | null {
    const id = this.pickTarget(conn);
    if (id === undefined) return null;
    const target = conn.objects.get(id)!;
    const iface = specs.get(target.interface);
    if (!iface || iface.requests.length === 0) return null;

    let opcode: number;
    if (this.mutate('opcode')) {
      // a request newer than the bound version, or an opcode the interface does not have
      const newer = iface.requests.flatMap((r, i) => (r.since > target.version ? [i] : []));
      opcode =
        newer.length > 0 && this.rnd.chance(0.5) ? this.rnd.pick(newer) : iface.requests.length;
    } else {
      const usable = iface.requests.flatMap((r, i) => (r.since <= target.version ? [i] : []));
      if (usable.length === 0) return null;
      opcode = this.weightedRequest(iface.requests, usable);
    }
    const spec = requestSpec(target.interface, opcode);
    if (target.interface === 'wl_registry' && spec.name === 'bind') {
      if (conn.globals.size === 0) return null;
      const [plan] = this.planBinds(conn, true);
      return plan ? this.bindRequest(conn, id, plan) : null;
    }
    const echoes: Record<number, string> = {};
    const request: LoggedRequest = {
      interface: target.interface,
      id,
      opcode,
      name: spec.name,
      signature: spec.signature,
      args: this.args(conn, target.interface, spec, echoes),
    };
    if (Object.keys(echoes).length > 0) request.echoes = echoes;
    return request;
  }

  /** constructors (new_id) build the object graph: more often; destructors end an object's
   *  interesting life early: less often */
  private weightedRequest(requests: MessageSpec[], usable: number[]): number {
    const weight = (m: MessageSpec) =>
      isDestructor(m) ? 0.3 : m.signature.includes('n') ? 2.5 : 1;
    let total = 0;
    for (const i of usable) total += weight(requests[i]!);
    let r = this.rnd.next() * total;
    for (const i of usable) {
      r -= weight(requests[i]!);
      if (r < 0) return i;
    }
    return usable[usable.length - 1]!;
  }

  /** a live object, preferring recently created ones, else weighted by how many requests
   *  its interface has; at the mutation rate a dead one */
  private pickTarget(conn: WireConnection): number | undefined {
    if (this.mutate('target')) {
      const dead = [...conn.objects].filter(([, o]) => !o.live).map(([id]) => id);
      if (dead.length > 0) return this.rnd.pick(dead);
    }
    const requestCount = (id: number) => {
      const o = conn.objects.get(id);
      if (!o || !o.live) return 0;
      // wl_display's sync and get_registry: the fuzzer sends plenty of those itself
      return id === 1 ? 0.2 : (specs.get(o.interface)?.requests.length ?? 0);
    };
    const recent = conn.recentIds.filter((id) => requestCount(id) > 0);
    if (recent.length > 0 && this.rnd.chance(0.4)) return this.rnd.pick(recent);
    let total = 0;
    for (const id of conn.objects.keys()) total += requestCount(id);
    let r = this.rnd.next() * total;
    for (const id of conn.objects.keys()) {
      r -= requestCount(id);
      if (r < 0) return id;
    }
    return undefined;
  }

  private args(
    conn: WireConnection,
    iface: string,
    spec: MessageSpec,
    echoes: Record<number, string>,
  ): WireArg[] {
    const types = argTypes(spec.signature);
    const nullable = nullables(spec.signature);
    const values: WireArg[] = [];
    let newIds = 0;
    // a bad argument: any but a new_id, which is always the next free id
    const candidates = types.flatMap((t, i) => (t === 'n' ? [] : [i]));
    if (this.defect?.kind === 'arg' && candidates.length > 0)
      this.defect.arg = this.rnd.pick(candidates);
    let fdSize: number | null = null;
    types.forEach((type, i) => {
      const bad = this.mutate('arg', i);
      const value = (): WireArg => {
        const numeric = type === 'i' || type === 'u' || type === 'f';
        if (bad) return this.badValue(conn, type, nullable[i]!, spec.types[i] ?? null);
        // the size that follows an fd (wl_shm.create_pool) is mostly the fd's own size
        if (numeric && fdSize !== null && this.rnd.chance(0.8)) return fdSize;
        if (type === 'u' && conn.recentUints.length > 0 && this.rnd.chance(0.15)) {
          const echo = this.rnd.pick(conn.recentUints); // a serial, most likely
          echoes[i] = echo.source;
          return echo.value;
        }
        const learned = this.goodNumbers.get(`${iface}.${spec.name}.${i}`);
        if (numeric && learned && this.rnd.chance(0.6))
          return this.rnd.pick(learned);
        switch (type) {
          case 'i':
          case 'u':
            return this.number(type);
          case 'f':
            return this.rnd.int(-20, 600) * 256 + this.rnd.int(0, 255);
          case 's':
            return this.string(nullable[i]!);
          case 'a':
            return this.array();
          case 'h':
            return this.fdSize();
          case 'n':
            return conn.nextId + newIds++; // always the next free id
          case 'o': {
            // two object arguments are rarely meant to be the same object
            const taken = values.filter((v): v is number => typeof v === 'number');
            return this.object(conn, spec.types[i] ?? null, nullable[i]!, taken);
          }
        }
        return null;
      };
      const v = value();
      fdSize = type === 'h' ? Number(v) : null;
      values.push(v);
    });
    return values;
  }

  /** a deliberately wrong value for an argument of this type */
  private badValue(
    conn: WireConnection,
    type: string,
    nullable: boolean,
    iface: string | null,
  ): WireArg {
    switch (type) {
      case 'i':
      case 'f':
        return this.rnd.pick(EXTREME_INTS);
      case 'u':
        return this.rnd.pick(EXTREME_UINTS);
      case 's':
        return !nullable && this.rnd.chance(0.3) ? null : 'x'.repeat(this.rnd.int(1000, 3000));
      case 'a':
        return this.array(this.rnd.pick([3, 1000, 2000]));
      case 'h':
        return this.rnd.pick([0, 1, 4095]);
      case 'o': {
        const kind = this.rnd.int(0, 3);
        const wrong = [...conn.objects]
          .filter(([, o]) => o.live && o.interface !== iface)
          .map(([id]) => id);
        const dead = [...conn.objects].filter(([, o]) => !o.live).map(([id]) => id);
        if (kind === 0 && wrong.length > 0) return this.rnd.pick(wrong);
        if (kind === 1 && dead.length > 0) return this.rnd.pick(dead);
        if (kind === 2 && !nullable) return 0;
        return conn.nextId + this.rnd.int(100, 1000); // an id nobody created
      }
    }
    return null;
  }

  private number(type: string): number {
    const r = this.rnd.next();
    if (r < 0.3) return 0; // the one value valid almost everywhere
    if (r < 0.45) return this.rnd.int(1, 3); // enums, booleans
    if (r < 0.75) return this.rnd.int(1, 512); // sizes
    if (r < 0.85) return 1 << this.rnd.int(0, 10); // bitfields
    if (r < 0.92 && type === 'i') return -this.rnd.int(1, 64); // offsets
    return this.rnd.int(0, 4096);
  }

  private string(nullable: boolean): string | null {
    if (nullable && this.rnd.chance(0.15)) return null;
    if (this.rnd.chance(0.7)) return this.rnd.pick(STRINGS);
    const length = this.rnd.int(1, 40);
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(this.rnd.int(0x20, 0x7e));
    return s;
  }

  private array(length = this.rnd.int(0, 16)): string {
    let hex = '';
    for (let i = 0; i < length; i++) hex += this.rnd.int(0, 255).toString(16).padStart(2, '0');
    return hex;
  }

  /** memfd sizes: pool-like powers of two, exact buffer sizes, odd and empty ones */
  private fdSize(): number {
    const r = this.rnd.next();
    if (r < 0.03) return 0;
    if (r < 0.3) return this.rnd.int(1, 4096);
    if (r < 0.7) return 1 << this.rnd.int(12, 22);
    return this.rnd.int(1, 512) * this.rnd.int(1, 512) * 4;
  }

  private object(
    conn: WireConnection,
    iface: string | null,
    nullable: boolean,
    taken: number[],
  ): number {
    let live = [...conn.objects]
      .filter(([, o]) => o.live && (iface === null || o.interface === iface))
      .map(([id]) => id);
    if (live.some((id) => !taken.includes(id)) && this.rnd.chance(0.9))
      live = live.filter((id) => !taken.includes(id));
    if (live.length === 0) {
      if (nullable) return 0;
      throw new Unsatisfiable();
    }
    if (nullable && this.rnd.chance(0.2)) return 0;
    const recent = conn.recentIds.filter((id) => live.includes(id));
    if (recent.length > 0 && this.rnd.chance(0.6)) return recent[recent.length - 1]!;
    return this.rnd.pick(live);
  }
}
