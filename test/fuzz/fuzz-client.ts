// One fuzzing connection, over and over: connect, bind every global (or resume a state an
// earlier session reached without error), send random requests in small batches each closed
// by a wl_display.sync (so a failure is pinned to a batch), and start again after a protocol
// error, a disconnect, or a request budget (to reset state).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Random } from './random.js';
import { seedSessions } from './seeds.js';
import { RequestGenerator } from './request-generator.js';
import { WireConnection } from './wire-connection.js';
import { displayRequest, forConnection, type LoggedRequest } from './wire.js';

export interface FuzzStats {
  requests: number;
  requestsByInterface: Map<string, number>;
  /** protocol errors by "interface.code" of the object the error names */
  errorsByCode: Map<string, number>;
  /** connections the server closed without a wl_display.error */
  silentDisconnects: number;
  reconnects: number;
}

export function newStats(): FuzzStats {
  return {
    requests: 0,
    requestsByInterface: new Map(),
    errorsByCode: new Map(),
    silentDisconnects: 0,
    reconnects: 0,
  };
}

/** One connection's requests from connect to close, as sent (the unit the replayer replays). */
export interface SessionLog {
  connection: number;
  /** global order of the first request, to order sessions of parallel connections */
  firstSeq: number;
  lastSeq: number;
  requests: LoggedRequest[];
  /** how it ended: "interface.code", "disconnected", "budget", or "open" */
  end: string;
  /** the protocol error's message, if it ended with one */
  message?: string;
  /** connected through the fds socket: trusted with the privileged globals */
  trusted?: boolean;
}

/** A sync the server did not answer in time: the compositor (or this client) hangs. */
export class SyncTimeout extends Error {}

export interface FuzzClientOptions {
  socketPath: string;
  /** wayboard's fds socket: this share of sessions connect through it, trusted */
  fdsPath?: string;
  trustedShare?: number;
  connection: number;
  rnd: Random;
  mutationRate: number;
  stats: FuzzStats;
  /** shared counter giving every request a global order */
  seq: { value: number };
  syncTimeoutMs?: number;
  /** every finished session (for analysis tools) */
  onSession?: (log: SessionLog) => void;
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export class FuzzClient {
  /** the latest sessions: a failure is noticed a moment after its cause (a watchdog tick,
   *  a logged error), and teardown bugs strike after a close */
  readonly sessions: SessionLog[] = [];
  private readonly generator: RequestGenerator;
  /** request lists that ran without error up to a sync; new sessions often resume one */
  private readonly corpus: LoggedRequest[][] = [];

  constructor(private readonly options: FuzzClientOptions) {
    this.generator = new RequestGenerator(options.rnd, options.mutationRate);
  }

  /** runs sessions until `stop()` says so; throws SyncTimeout, or when connecting fails */
  async run(stop: () => boolean): Promise<void> {
    while (!stop()) {
      await this.session(stop);
      this.options.stats.reconnects++;
    }
  }

  private async session(stop: () => boolean): Promise<void> {
    const { rnd, stats } = this.options;
    const { fdsPath, trustedShare = 0 } = this.options;
    const trusted = !!fdsPath && rnd.chance(trustedShare);
    const conn = trusted
      ? WireConnection.connectHandedOver(fdsPath)
      : WireConnection.connect(this.options.socketPath);
    this.generator.newSession();
    const log: SessionLog = {
      trusted,
      connection: this.options.connection,
      firstSeq: this.options.seq.value,
      lastSeq: this.options.seq.value,
      requests: [],
      end: 'open',
    };
    this.sessions.push(log);
    if (this.sessions.length > 16) this.sessions.shift();
    const send = (request: LoggedRequest) => {
      if (!conn.send(request)) return;
      log.lastSeq = this.options.seq.value++;
      log.requests.push({ ...request, seq: log.lastSeq });
      stats.requests++;
      bump(stats.requestsByInterface, request.interface);
    };
    /** requests up to the last sync answered before any error: a state worth resuming */
    let good = 0;
    const roundtrip = async () => {
      await this.roundtrip(conn, send);
      if (!conn.closed && !conn.error) good = log.requests.length;
    };
    try {
      // resume from a state a seed or an earlier session reached: deeper than chance gets
      const r = rnd.next();
      const prefix =
        r < 0.25
          ? rnd.pick(seedSessions)
          : r < 0.7 && this.corpus.length > 0
            ? rnd.pick(this.corpus)
            : null;
      if (prefix) {
        const cut = rnd.int(Math.floor(prefix.length / 2), prefix.length);
        for (const request of prefix.slice(0, r < 0.25 ? prefix.length : cut)) {
          if (conn.closed) break;
          if (request.id === 1 && request.name === 'sync') await roundtrip();
          else send(forConnection(request, conn));
        }
      } else {
        const registry = conn.nextId;
        send(displayRequest('get_registry', registry));
        await roundtrip();
        for (const plan of this.generator.planBinds(conn))
          send(this.generator.bindRequest(conn, registry, plan));
      }
      const budget = conn.requestsSent + rnd.int(200, 2000);
      while (!conn.closed && conn.requestsSent < budget && !stop()) {
        const batch = rnd.int(1, 16);
        for (let i = 0; i < batch && !conn.closed; i++) {
          const request = this.generator.next(conn);
          if (request) send(request);
        }
        await roundtrip();
      }
      log.end = conn.closed ? 'disconnected' : stop() ? 'open' : 'budget';
    } finally {
      if (conn.error) {
        log.end = `${conn.error.interface}.${conn.error.code}`;
        log.message = conn.error.message;
        bump(stats.errorsByCode, log.end);
      } else if (conn.closed) {
        stats.silentDisconnects++;
      }
      conn.close();
      this.options.onSession?.(log);
      this.generator.learn(log.requests.slice(0, good), conn);
      if (good >= 20 && good <= 4000) {
        const entry = log.requests.slice(0, good);
        if (this.corpus.length < 24) this.corpus.push(entry);
        else this.corpus[rnd.int(0, this.corpus.length - 1)] = entry;
      }
    }
  }

  /** sync and wait for its done (or the end of the connection) */
  private async roundtrip(conn: WireConnection, send: (r: LoggedRequest) => void): Promise<void> {
    const callback = conn.nextId;
    send(displayRequest('sync', callback));
    const timeoutMs = this.options.syncTimeoutMs ?? 5000;
    const deadline = Date.now() + timeoutMs;
    while (conn.pump() && !conn.isDone(callback)) {
      if (Date.now() > deadline)
        throw new SyncTimeout(
          `connection ${this.options.connection}: no answer to wl_display.sync in ${timeoutMs} ms`,
        );
      await sleep(1);
    }
  }
}
