// Random, well-framed requests for the objects a connection holds, chosen by the generated
// protocol description (plus argument names and enums from the same XML). Mostly plausible
// (right interfaces, enum values, echoed serials, numbers the server accepted before) so that
// state gets deep. A share of requests (the mutation rate) carries one defect on purpose: a
// destroyed target, an opcode the object does not have, or one bad argument (an id of the
// wrong interface, destroyed or unknown, null where not allowed, an enum out of range, a huge
// or negative number, a long string, an odd array, an fd of a silly size).
import type { MessageSpec } from '../../src/native.js';
import { argHints } from './arg-hints.js';
import {
  arrayHex,
  badNumber,
  badString,
  fdSize,
  plausibleNumber,
  plausibleString,
  type Earlier,
} from './argument-values.js';
import { Focus } from './focus.js';
import { Unsatisfiable, badObject, pickObject, type Intent } from './object-args.js';
import type { Random } from './random.js';
import type { WireConnection } from './wire-connection.js';
import {
  argTypes,
  nullables,
  requestSpec,
  specs,
  type LoggedRequest,
  type WireArg,
} from './wire.js';

/** a bind of a global: what the registry announced, and the version to ask for */
export interface BindPlan {
  name: number;
  interface: string;
  version: number;
}

type Defect = { kind: 'target' | 'opcode' | 'arg'; arg: number };

const isDestructor = (m: MessageSpec) => m.name === 'destroy' || m.name === 'release';
const isNumeric = (type: string) => type === 'i' || type === 'u' || type === 'f';

export class RequestGenerator {
  /** this session's rate: calm sessions get deep, wild ones probe the error paths */
  private rate: number;
  /** share of the globals a session binds at its start: fewer objects, deeper use of each */
  private bindShare = 1;
  /** the defect of the request being made, if it gets one (arg -1: not chosen yet) */
  private defect: Defect | null = null;
  /** numbers the server accepted, by "interface.request.argIndex": learned enums and sizes */
  private readonly goodNumbers = new Map<string, number[]>();
  /** requests postponed until what they need exists (an attach waiting for its buffer) */
  private intents: Intent[] = [];
  /** objects recently worked on, and their relatives */
  private readonly focus = new Focus();

  constructor(
    private readonly rnd: Random,
    private readonly mutationRate: number,
  ) {
    this.rate = mutationRate;
  }

  /** a new session: pick how wild it is and how wide */
  newSession(): void {
    this.rate = this.mutationRate * this.rnd.pick([0, 0.3, 1, 3]);
    this.bindShare = this.rnd.pick([0.2, 0.4, 0.7, 1]);
    this.intents = [];
    this.focus.reset();
  }

  /** remember the numbers of requests the server accepted (per object version: what v5
   *  refuses, v4 may take) */
  learn(accepted: readonly LoggedRequest[], conn: WireConnection): void {
    for (const request of accepted) {
      const version = conn.objects.get(request.id)?.version ?? 0;
      argTypes(request.signature).forEach((type, i) => {
        if (!isNumeric(type) || request.echoes?.[i]) return;
        const key = `${request.interface}@${version}.${request.name}.${i}`;
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
        const ack = this.rnd.chance(0.7) ? this.acknowledgement(conn) : null;
        const intent = !ack && this.rnd.chance(0.8) ? this.intents.pop() : undefined;
        const request =
          ack ??
          (intent && conn.objects.get(intent.id)?.live
            ? this.build(conn, intent.id, intent.opcode)
            : this.tryNext(conn));
        if (request) return this.sent(request);
      } catch (err) {
        if (!(err instanceof Unsatisfiable)) throw err;
        // postpone the request and make what it needs first, and what that needs: this is
        // how a wl_surface.attach gets its buffer, pool and all
        this.defect = null;
        let need = err;
        for (let depth = 0; depth < 4 && this.rnd.chance(0.8); depth++) {
          if (need.from) this.intents = [...this.intents.slice(-5), need.from];
          try {
            const maker = this.constructorOf(conn, need.needed);
            if (maker) return this.sent(maker);
            break;
          } catch (e) {
            if (!(e instanceof Unsatisfiable)) throw e;
            need = e;
          }
        }
      }
    }
    return null;
  }

  private sent(request: LoggedRequest): LoggedRequest {
    this.focus.note(request);
    return request;
  }

  /** an answer to an event that carried a serial (configure, ping): a request on the same
   *  object taking a serial (ack_configure, pong), as protocols expect */
  private acknowledgement(conn: WireConnection): LoggedRequest | null {
    const id = conn.serialEvents.shift();
    const target = id === undefined ? undefined : conn.objects.get(id);
    if (!target?.live) return null;
    const opcodes = (specs.get(target.interface)?.requests ?? []).flatMap((r, opcode) =>
      r.since <= target.version &&
      argHints(target.interface, 'request', r.name).some((h) => h.name === 'serial')
        ? [opcode]
        : [],
    );
    return opcodes.length > 0 ? this.build(conn, id!, this.rnd.pick(opcodes)) : null;
  }

  /** a request creating an object of `iface`: a constructor on a live object, or a bind of
   *  the global; throws Unsatisfiable when the constructor needs something missing */
  private constructorOf(conn: WireConnection, iface: string): LoggedRequest | null {
    const makers: Intent[] = [];
    for (const [id, o] of conn.objects) {
      if (!o.live) continue;
      specs.get(o.interface)?.requests.forEach((r, opcode) => {
        const types = argTypes(r.signature);
        if (r.since <= o.version && r.types.some((t, i) => t === iface && types[i] === 'n'))
          makers.push({ id, opcode });
      });
    }
    if (makers.length > 0) {
      const { id, opcode } = this.rnd.pick(makers);
      return this.build(conn, id, opcode);
    }
    const registry = [...conn.objects].find(([, o]) => o.live && o.interface === 'wl_registry');
    const global = [...conn.globals].find(([, g]) => g.interface === iface);
    if (!registry || !global) return null;
    const version = Math.min(global[1].version, specs.get(iface)?.version ?? 1);
    return this.bindRequest(conn, registry[0], { name: global[0], interface: iface, version });
  }

  private tryNext(conn: WireConnection): LoggedRequest | null {
    const id = this.pickTarget(conn);
    if (id === undefined) return null;
    const target = conn.objects.get(id)!;
    const iface = specs.get(target.interface);
    if (!iface || iface.requests.length === 0) return null;

    let opcode: number;
    if (this.defect?.kind === 'opcode') {
      // a request newer than the bound version, or an opcode the interface does not have
      const newer = iface.requests.flatMap((r, i) => (r.since > target.version ? [i] : []));
      opcode =
        newer.length > 0 && this.rnd.chance(0.5) ? this.rnd.pick(newer) : iface.requests.length;
    } else {
      const usable = iface.requests.flatMap((r, i) => (r.since <= target.version ? [i] : []));
      if (usable.length === 0) return null;
      opcode = this.weightedRequest(iface.requests, usable);
      // an object whose only request is its destructor (wl_buffer) would die young
      if (usable.length === 1 && isDestructor(iface.requests[opcode]!) && this.rnd.chance(0.8))
        return null;
    }
    return this.build(conn, id, opcode);
  }

  /** the request `opcode` to object `id` with fresh arguments */
  private build(conn: WireConnection, id: number, opcode: number): LoggedRequest | null {
    const target = conn.objects.get(id)!;
    const spec = requestSpec(target.interface, opcode);
    if (target.interface === 'wl_registry' && spec.name === 'bind') {
      const [plan] = this.planBinds(conn, true);
      return plan ? this.bindRequest(conn, id, plan) : null;
    }
    const echoes: Record<number, string> = {};
    let args: WireArg[];
    try {
      args = this.args(conn, id, spec, echoes);
    } catch (err) {
      if (err instanceof Unsatisfiable) err.from ??= { id, opcode };
      throw err;
    }
    const request: LoggedRequest = {
      interface: target.interface,
      id,
      opcode,
      name: spec.name,
      signature: spec.signature,
      args,
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

  /** a live object, preferring recently created ones; else an interface (weighted by how
   *  many requests it has: objects of one kind piling up must not crowd out the others),
   *  then one of its objects. With a "target" defect, a dead one. */
  private pickTarget(conn: WireConnection): number | undefined {
    if (this.defect?.kind === 'target') {
      const dead = [...conn.objects].filter(([, o]) => !o.live).map(([id]) => id);
      if (dead.length > 0) return this.rnd.pick(dead);
    }
    const byInterface = new Map<string, number[]>();
    for (const [id, o] of conn.objects) {
      if (!o.live || !specs.get(o.interface)?.requests.length) continue;
      const ids = byInterface.get(o.interface) ?? [];
      ids.push(id);
      byInterface.set(o.interface, ids);
    }
    const usable = (id: number) => {
      const o = conn.objects.get(id);
      return !!o?.live && byInterface.has(o.interface);
    };
    const recent = conn.recentIds.filter(usable);
    const again = this.focus.candidates().filter(usable);
    const r0 = this.rnd.next();
    if (again.length > 0 && r0 < 0.3) return this.rnd.pick(again);
    if (recent.length > 0 && r0 < 0.5) return this.rnd.pick(recent);
    // wl_display's sync and get_registry: the fuzzer sends plenty of those itself
    const weight = (iface: string) =>
      iface === 'wl_display' ? 0.2 : specs.get(iface)!.requests.length;
    let total = 0;
    for (const iface of byInterface.keys()) total += weight(iface);
    let r = this.rnd.next() * total;
    for (const [iface, ids] of byInterface) {
      r -= weight(iface);
      if (r < 0) return this.rnd.pick(ids);
    }
    return undefined;
  }

  private args(
    conn: WireConnection,
    target: number,
    spec: MessageSpec,
    echoes: Record<number, string>,
  ): WireArg[] {
    const { interface: iface, version } = conn.objects.get(target)!;
    const types = argTypes(spec.signature);
    const nullable = nullables(spec.signature);
    const hints = argHints(iface, 'request', spec.name);
    // a bad argument: any but a new_id, which is always the next free id
    const candidates = types.flatMap((t, i) => (t === 'n' ? [] : [i]));
    if (this.defect?.kind === 'arg' && candidates.length > 0)
      this.defect.arg = this.rnd.pick(candidates);
    const made: Earlier[] = [];
    let newIds = 0;
    types.forEach((type, i) => {
      const hint = hints[i];
      const value = (): WireArg => {
        if (this.defect?.kind === 'arg' && this.defect.arg === i)
          return this.badValue(conn, type, nullable[i]!, spec.types[i] ?? null, hint);
        const previous = made[i - 1];
        // the size that follows an fd (wl_shm.create_pool) is mostly the fd's own size
        if (isNumeric(type) && types[i - 1] === 'h' && this.rnd.chance(0.8)) return previous!.value;
        const learned = this.goodNumbers.get(`${iface}@${version}.${spec.name}.${i}`);
        // (not for values that must match another: a serial, a stride)
        const derived = hint?.name === 'serial' || hint?.name === 'stride';
        if (isNumeric(type) && !derived && learned && this.rnd.chance(0.35))
          return this.rnd.pick(learned);
        switch (type) {
          case 'i':
          case 'u':
          case 'f': {
            const n = plausibleNumber(this.rnd, type, hint, made, conn, iface);
            if (n.echo) echoes[i] = n.echo;
            return n.value;
          }
          case 's':
            return plausibleString(this.rnd, nullable[i]!);
          case 'a':
            return arrayHex(this.rnd);
          case 'h':
            return fdSize(this.rnd);
          case 'n':
            return conn.nextId + newIds++; // always the next free id
          case 'o': {
            const taken = made
              .map((m) => m.value)
              .filter((v): v is number => typeof v === 'number');
            return pickObject(this.rnd, conn, spec.types[i] ?? null, nullable[i]!, taken);
          }
        }
        return null;
      };
      made.push({ hint, value: value() });
    });
    return made.map((m) => m.value);
  }

  /** a deliberately wrong value for an argument */
  private badValue(
    conn: WireConnection,
    type: string,
    nullable: boolean,
    iface: string | null,
    hint: Earlier['hint'],
  ): WireArg {
    switch (type) {
      case 'i':
      case 'u':
      case 'f':
        return badNumber(this.rnd, type, hint);
      case 's':
        return badString(this.rnd, nullable);
      case 'a':
        return arrayHex(this.rnd, this.rnd.pick([3, 1000, 2000]));
      case 'h':
        return this.rnd.pick([0, 1, 4095]);
    }
    return badObject(this.rnd, conn, iface, nullable);
  }
}
