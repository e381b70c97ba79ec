// The control socket ($XDG_RUNTIME_DIR/<name>.ctl): a Unix socket server speaking the JSON
// lines of protocol.ts; commands are parsed by runCommand and carried out by the ControlTarget.
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ControlTarget } from './target.js';
import {
  LineSplitter,
  encodeReply,
  oneLine,
  parseRequest,
  runCommand,
  type CtlReply,
} from './protocol.js';

export { runCommand, TAP_TOUCH_ID } from './protocol.js';

export interface ControlServer {
  readonly path: string;
  /** stop listening, drop connections, remove the socket file */
  close(): Promise<void>;
}

/** Listen on `socketPath` (mode 0600). A stale socket of a dead process is replaced;
 *  one that still answers is "in use" (Error). */
export async function startControlServer(
  socketPath: string,
  target: ControlTarget,
): Promise<ControlServer> {
  const connections = new Set<net.Socket>();
  const server = await listenReplacingStale(socketPath, (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    serveConnection(socket, target);
  });
  // the runtime dir is private already; 0600 also guards one with looser permissions
  fs.chmodSync(socketPath, 0o600);
  // remember which file is ours, so close() never removes a successor's socket
  const inode = fs.lstatSync(socketPath).ino;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of connections) socket.destroy();
      try {
        if (fs.lstatSync(socketPath).ino === inode) fs.unlinkSync(socketPath);
      } catch {
        // already gone
      }
    });
    return closing;
  };
  return { path: socketPath, close };
}

function serveConnection(socket: net.Socket, target: ControlTarget): void {
  // a client that disconnects mid-request is normal; its reply is simply dropped
  socket.on('error', () => {});
  const splitter = new LineSplitter();
  // one chain per connection: commands run strictly in order, each reply after its call
  let queue = Promise.resolve();
  const send = (reply: CtlReply): void => {
    if (socket.writable) socket.write(encodeReply(reply));
  };

  socket.on('data', (chunk: Buffer) => {
    let lines: string[];
    try {
      lines = splitter.push(chunk);
    } catch (err) {
      queue = queue.then(() => {
        send({ ok: false, error: `bad request: ${oneLine(err)}` });
        socket.end();
      });
      socket.pause();
      return;
    }
    for (const line of lines) {
      if (line.trim() === '') continue;
      queue = queue.then(() => handleLine(target, line)).then(send);
    }
  });
  // the client may half-close after its last request (`... | nc -NU`): answer, then end
  socket.on('end', () => void queue.then(() => socket.end()));
}

/** Never rejects: every failure becomes an error reply. */
async function handleLine(target: ControlTarget, line: string): Promise<CtlReply> {
  try {
    const request = parseRequest(line);
    const started = process.hrtime.bigint();
    const result = await runCommand(target, request.argv, request.cwd ?? process.cwd());
    return request.timing
      ? { ok: true, result, started_ns: String(started) }
      : { ok: true, result };
  } catch (err) {
    return { ok: false, error: oneLine(err) };
  }
}

function listen(socketPath: string, onConnection: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true }, onConnection);
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function listenReplacingStale(
  socketPath: string,
  onConnection: (s: net.Socket) => void,
): Promise<net.Server> {
  try {
    return await listen(socketPath, onConnection);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      throw new Error(`cannot create control socket ${socketPath}: ${oneLine(err)}`);
    }
  }
  if (await answers(socketPath)) {
    throw new Error(`control socket ${socketPath} is in use (is another wayboard running?)`);
  }
  // never delete something that is not a socket: a wrong path must not cost a file
  const stat = fs.lstatSync(socketPath, { throwIfNoEntry: false });
  if (stat && !stat.isSocket()) {
    throw new Error(`cannot create control socket ${socketPath}: a file of that name exists`);
  }
  fs.rmSync(socketPath, { force: true });
  return await listen(socketPath, onConnection);
}

/** Does a process listen on this socket? ECONNREFUSED means it is left over from a dead one. */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (err: NodeJS.ErrnoException) => {
      // anything but "refused" (EACCES, ...) might be someone else's: leave it alone
      resolve(err.code !== 'ECONNREFUSED' && err.code !== 'ENOENT');
    });
  });
}
