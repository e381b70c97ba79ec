// Replays logged requests against a compositor and tells whether it failed (crashed, hung,
// or logged an internal error), and shrinks a failing log to a minimal one by delta
// debugging. Client ids are renumbered on every replay, so any subsequence of a log is
// still a valid sequence of new ids.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionLog } from './fuzz-client.js';
import { FuzzTarget } from './target.js';
import { SERVER_ID_BASE, WireConnection } from './wire-connection.js';
import { argTypes, displayRequest, forConnection, type LoggedRequest } from './wire.js';

export type FailureKind = 'crash' | 'hang' | 'internal' | 'teardown';
export type Outcome = { failed: false } | { failed: true; kind: FailureKind; detail: string };

/** one request of one session (a connection of its own in the replay) */
export interface Item {
  session: number;
  request: LoggedRequest;
}

export interface Replayable {
  items: Item[];
  /** sessions whose connection ended (by error, budget) rather than staying open: the
   *  replay closes them after their last request, as the original run did */
  closed: Set<number>;
  /** sessions that connected through the fds socket (trusted) */
  trusted?: Set<number>;
}

/** the items of a crash file's sessions, in the order they were originally sent */
export function replayableOf(sessions: SessionLog[]): Replayable {
  const items = sessions.flatMap((s, session) =>
    s.requests.map((request) => ({ session, request })),
  );
  items.sort((a, b) => (a.request.seq ?? 0) - (b.request.seq ?? 0));
  const closed = new Set(sessions.flatMap((s, i) => (s.end === 'open' ? [] : [i])));
  const trusted = new Set(sessions.flatMap((s, i) => (s.trusted ? [i] : [])));
  return { items, closed, trusted };
}

/** ids nobody created stay unknown, far from any id the renumbering hands out */
const UNKNOWN_BASE = 0x00f00000;

/** new ids counted from 2 again per session; references follow their object */
export function renumber(items: Item[]): Item[] {
  const maps = new Map<number, { ids: Map<number, number>; next: number }>();
  return items.map(({ session, request }) => {
    let m = maps.get(session);
    if (!m) maps.set(session, (m = { ids: new Map([[1, 1]]), next: 2 }));
    const map = m;
    const ref = (id: number) =>
      id === 0 || id >= SERVER_ID_BASE ? id : (map.ids.get(id) ?? UNKNOWN_BASE + (id % 0x80000));
    const types = argTypes(request.signature);
    const args = request.args.map((value, i) => {
      if (types[i] === 'n') {
        const id = map.next++;
        map.ids.set(Number(value), id);
        return id;
      }
      return types[i] === 'o' ? ref(Number(value)) : value;
    });
    return { session, request: { ...request, id: ref(request.id), args } };
  });
}

/** Replays on `target`; a failure leaves it dead or hung (the caller kills it). */
export async function replay(target: FuzzTarget, log: Replayable): Promise<Outcome> {
  const stderrBefore = target.stderr.length;
  const items = renumber(log.items);
  const last = new Map(items.map((item, i) => [item.session, i]));
  const connections = new Map<number, WireConnection>();
  const waitForSync = async (conn: WireConnection) => {
    const callback = conn.nextId;
    conn.send(displayRequest('sync', callback));
    const deadline = Date.now() + 1500;
    while (conn.pump() && !conn.isDone(callback)) {
      if (Date.now() > deadline) return false;
      await sleep(1);
    }
    return true;
  };
  let stalled = false;
  try {
    for (let i = 0; i < items.length && !stalled && target.alive; i++) {
      const { session, request } = items[i]!;
      let conn = connections.get(session);
      if (!conn) {
        conn = log.trusted?.has(session)
          ? WireConnection.connectHandedOver(target.fdsPath)
          : WireConnection.connect(target.socketPath);
        connections.set(session, conn);
      }
      if (request.id === 1 && request.name === 'sync') stalled = !(await waitForSync(conn));
      else conn.send(forConnection(request, conn));
      // binds name globals by interface: the registry's announcements must be in first,
      // whether or not the log kept the sync that followed
      if (request.id === 1 && request.name === 'get_registry') stalled = !(await waitForSync(conn));
      conn.pump();
      if (last.get(session) === i && log.closed.has(session)) {
        stalled ||= !(await waitForSync(conn));
        conn.close();
      }
    }
    for (const conn of connections.values())
      if (!conn.closed && !stalled && target.alive) stalled = !(await waitForSync(conn));
  } catch (err) {
    // connecting fails when the compositor is gone: the probe below says so
    if (target.alive && !(await target.exited(500))) throw err;
  } finally {
    for (const conn of connections.values()) conn.close();
  }
  await sleep(200); // teardown of the closed clients
  const probe = await target.probe(1000);
  if (!probe.ok) return { failed: true, kind: probe.kind, detail: probe.detail };
  if (stalled) return { failed: true, kind: 'hang', detail: 'a wl_display.sync got no answer' };
  const [internal] = target.internalErrors(stderrBefore);
  if (internal) return { failed: true, kind: 'internal', detail: internal };
  return { failed: false };
}

/** Replays on a fresh compositor, then stops it (a non-zero exit is a teardown failure). */
export async function replayFresh(log: Replayable, bystander = false): Promise<Outcome> {
  const target = await FuzzTarget.start({ bystander });
  const outcome = await replay(target, log);
  if (outcome.failed) {
    await target.kill();
    return outcome;
  }
  const problem = await target.stop();
  return problem ? { failed: true, kind: 'teardown', detail: problem } : outcome;
}

/** same failure: same kind, and for internal errors the same message (numbers aside) */
export function sameFailure(a: Outcome, b: Outcome): boolean {
  if (!a.failed || !b.failed || a.kind !== b.kind) return false;
  const norm = (s: string) => s.replace(/\d+/g, 'N');
  return a.kind !== 'internal' || norm(a.detail) === norm(b.detail);
}

/**
 * Delta debugging (ddmin): drops chunks of items while `expected` still reproduces, then
 * single items, until no item can go.
 */
export async function minimize(
  log: Replayable,
  expected: Outcome,
  progress: (line: string) => void = () => {},
): Promise<Replayable> {
  // a compositor that did not fail serves the next try too (a fresh one per try is slow);
  // the caller checks the result on a fresh one
  let target: FuzzTarget | null = null;
  const reproduces = async (items: Item[]) => {
    if (expected.failed && expected.kind === 'teardown')
      return sameFailure(
        await replayFresh({ items, closed: log.closed, trusted: log.trusted }),
        expected,
      );
    target ??= await FuzzTarget.start({ bystander: false });
    const outcome = await replay(target, { items, closed: log.closed, trusted: log.trusted });
    if (outcome.failed) {
      await target.kill();
      target = null;
    }
    return sameFailure(outcome, expected);
  };
  try {
    return await shrink(log, reproduces, progress);
  } finally {
    await (target as FuzzTarget | null)?.stop();
  }
}

async function shrink(
  log: Replayable,
  reproduces: (items: Item[]) => Promise<boolean>,
  progress: (line: string) => void,
): Promise<Replayable> {
  let items = log.items;
  // whole sessions (connections) first: most had nothing to do with it
  for (const session of new Set(items.map((i) => i.session))) {
    const rest = items.filter((i) => i.session !== session);
    if (rest.length > 0 && (await reproduces(rest))) items = rest;
  }
  // the failure usually comes at the end: cut what follows it
  let low = 1;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (await reproduces(items.slice(0, mid))) high = mid;
    else low = mid + 1;
  }
  items = items.slice(0, high);
  progress(`minimize: ${items.length} requests after cutting sessions and the tail`);
  // the objects the last request involves, their creators and what was sent to them:
  // usually most of the answer, found in one try
  const sliced = slice(items);
  if (sliced.length < items.length && (await reproduces(sliced))) items = sliced;
  progress(`minimize: ${items.length} requests after slicing by objects`);
  // then chunks of halving size, each pass sweeping the whole list once
  let size = Math.max(1, Math.floor(items.length / 2));
  for (;;) {
    let reduced = false;
    for (let start = 0; start < items.length && items.length > 1;) {
      const rest = [...items.slice(0, start), ...items.slice(start + size)];
      if (rest.length > 0 && (await reproduces(rest))) {
        items = rest;
        reduced = true;
        progress(`minimize: ${items.length} requests`);
      } else {
        start += size;
      }
    }
    if (size === 1 && !reduced) break;
    if (!reduced || size > 1) size = Math.max(1, size >> 1);
  }
  return { items, closed: log.closed, trusted: log.trusted };
}

/** The last item and, transitively, the items creating the objects it names and every
 *  request sent to those objects (wl_display's syncs aside). */
export function slice(items: Item[]): Item[] {
  const key = (session: number, id: number) => `${session}:${id}`;
  const creators = new Map<string, number>();
  const sentTo = new Map<string, number[]>();
  items.forEach(({ session, request }, index) => {
    const types = argTypes(request.signature);
    request.args.forEach((v, i) => {
      if (types[i] === 'n') creators.set(key(session, Number(v)), index);
    });
    if (request.id !== 1) {
      const k = key(session, request.id);
      sentTo.set(k, [...(sentTo.get(k) ?? []), index]);
    }
  });
  const chosen = new Set<number>();
  const seen = new Set<string>();
  const queue = [items.length - 1];
  while (queue.length > 0) {
    const index = queue.pop()!;
    if (chosen.has(index)) continue;
    chosen.add(index);
    const { session, request } = items[index]!;
    const types = argTypes(request.signature);
    const ids = [request.id, ...request.args.filter((_, i) => types[i] === 'o').map(Number)];
    for (const id of ids) {
      const k = key(session, id);
      if (id === 0 || seen.has(k)) continue;
      seen.add(k);
      const creator = creators.get(k);
      if (creator !== undefined) queue.push(creator);
      queue.push(...(sentTo.get(k) ?? []));
    }
  }
  return items.filter((_, i) => chosen.has(i));
}

/** one line per request, ids as the replay numbers them: the minimal sequence to read */
export function describe(log: Replayable): string[] {
  return renumber(log.items).map(
    ({ session, request }) =>
      `[${session}] ${request.interface}@${request.id}.${request.name}(${request.args
        .map((a, i) =>
          request.signature.replace(/\?/g, '')[i] === 'h' ? `fd(${a} bytes)` : JSON.stringify(a),
        )
        .join(', ')})`,
  );
}
