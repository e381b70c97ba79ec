// `wayboard ctl`: sends one command to a running compositor's control socket. Also the
// programmatic client (ctlRequest, CtlConnection) used by tests and benchmarks.
import * as net from 'node:net';
import * as path from 'node:path';
import {
  LineSplitter,
  encodeRequest,
  oneLine,
  parseReply,
  type CtlReply,
  type CtlRequest,
} from './protocol.js';

/** The compositor refused or failed a command ({"ok": false}); message is its error line. */
export class CtlError extends Error {
  override name = 'CtlError';
}

interface Pending {
  resolve(reply: Extract<CtlReply, { ok: true }>): void;
  reject(err: Error): void;
}

/** A connection for many requests; they may be pipelined, replies come back in order. */
export class CtlConnection {
  private readonly pending: Pending[] = [];
  private failure: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    const splitter = new LineSplitter();
    socket.on('data', (chunk: Buffer) => {
      let lines: string[];
      try {
        lines = splitter.push(chunk);
      } catch (err) {
        return this.fail(err as Error);
      }
      for (const line of lines) if (line.trim() !== '') this.onReply(line);
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('the compositor closed the connection')));
  }

  /** Rejects with the socket error (its `code` is ENOENT or ECONNREFUSED if nobody listens). */
  static connect(socketPath: string): Promise<CtlConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(socketPath);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new CtlConnection(socket));
      });
    });
  }

  /** Resolves with the result, rejects with CtlError on {"ok": false}. */
  request(argv: string[], cwd: string = process.cwd()): Promise<unknown> {
    return this.send({ argv, cwd }).then((reply) => reply.result);
  }

  /** a request whose reply also says when the command began to run (CLOCK_MONOTONIC ns) */
  async timedRequest(argv: string[]): Promise<{ result: unknown; startedNs: bigint }> {
    const reply = await this.send({ argv, cwd: process.cwd(), timing: true });
    return { result: reply.result, startedNs: BigInt(reply.started_ns ?? 0) };
  }

  private send(request: CtlRequest): Promise<Extract<CtlReply, { ok: true }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(encodeRequest(request));
    });
  }

  /** Close now; requests still waiting for their reply are rejected. */
  close(): void {
    this.fail(new Error('connection closed'));
    this.socket.destroy();
  }

  private onReply(line: string): void {
    const waiting = this.pending.shift();
    if (!waiting) return this.fail(new Error('bad reply from compositor: nobody asked'));
    try {
      const reply = parseReply(line);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new CtlError(reply.error));
    } catch (err) {
      waiting.reject(err as Error);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiting of this.pending.splice(0)) waiting.reject(this.failure);
  }
}

/** One request on a fresh connection. */
export async function ctlRequest(
  socketPath: string,
  argv: string[],
  cwd: string = process.cwd(),
): Promise<unknown> {
  const connection = await CtlConnection.connect(socketPath);
  try {
    return await connection.request(argv, cwd);
  } finally {
    connection.close();
  }
}

/** The control socket for a Wayland socket name (or an absolute path, with or without .ctl). */
export function ctlSocketPath(name: string | undefined, env: NodeJS.ProcessEnv): string {
  const display = name ?? (env.WAYLAND_DISPLAY || 'wayland-0');
  if (path.isAbsolute(display)) return display.endsWith('.ctl') ? display : `${display}.ctl`;
  const runtimeDir = env.XDG_RUNTIME_DIR;
  if (!runtimeDir) {
    throw new Error('XDG_RUNTIME_DIR is not set (or give --socket /path/to/NAME.ctl)');
  }
  return path.join(runtimeDir, `${display}.ctl`);
}

export const CTL_USAGE = 'usage: wayboard ctl [--socket NAME] COMMAND [ARGS...]';

/** How `wayboard ctl` prints a result: strings as is, JSON for the rest, nothing for "done". */
export function formatResult(result: unknown): string {
  if (result === undefined || result === null || result === true) return '';
  if (typeof result === 'string')
    return result === '' || result.endsWith('\n') ? result : `${result}\n`;
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** `wayboard ctl ARGS...` (args after "ctl"); resolves with the exit code. */
export async function runCtl(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const fail = (message: string, code: number): number => {
    process.stderr.write(`wayboard ctl: ${message}\n`);
    return code;
  };
  let socketName: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-')) break;
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${CTL_USAGE}\n(the commands: wayboard ctl help)\n`);
      return 0;
    } else if (arg === '--socket' && args[i + 1] !== undefined) {
      socketName = args[++i];
    } else if (arg.startsWith('--socket=')) {
      socketName = arg.slice('--socket='.length);
    } else if (arg === '--socket') {
      return fail(`option --socket needs a value (${CTL_USAGE})`, 2);
    } else {
      return fail(`unknown option ${arg} (${CTL_USAGE})`, 2);
    }
  }
  const argv = args.slice(i);
  if (argv.length === 0) {
    process.stderr.write(`${CTL_USAGE}\n`);
    return 2;
  }
  if (socketName === '') return fail(`option --socket needs a value (${CTL_USAGE})`, 2);

  let socketPath: string;
  try {
    socketPath = ctlSocketPath(socketName, env);
  } catch (err) {
    return fail(oneLine(err), 1);
  }
  try {
    process.stdout.write(formatResult(await ctlRequest(socketPath, argv)));
    return 0;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      return fail(`no compositor at ${socketPath} (is wayboard running?)`, 1);
    }
    return fail(oneLine(err), 1);
  }
}
