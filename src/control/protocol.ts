// The control socket protocol, shared by server.ts and client.ts: JSON lines on a Unix socket.
//   request: {"argv": ["pointer", "move", "10", "20"], "cwd": "/home/kiosk"}
//   reply:   {"ok": true, "result": ...} or {"ok": false, "error": "one clear line"}
// One reply per request, in request order. The second half of this file is the commands:
// argv → ControlTarget call, with the argument checks and their one line errors.
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ControlTarget, PointerButtonName } from './target.js';

export interface CtlRequest {
  argv: string[];
  /** the client's working directory, for relative file names (screenshot) */
  cwd?: string;
  /** ask for `started_ns` in the reply: when the command began to run (CLOCK_MONOTONIC, ns,
   *  a decimal string), so a benchmark can leave the control path out of what it measures */
  timing?: boolean;
}

export type CtlReply =
  { ok: true; result: unknown; started_ns?: string } | { ok: false; error: string };

/** A request line longer than this is refused (and the connection dropped): no client
 *  legitimately sends megabytes, and buffering them would let one client eat our memory. */
export const MAX_LINE = 1 << 20;

/** Splits a byte stream into lines; keeps partial lines (and split UTF-8) across chunks. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** the complete lines in this chunk; throws when a line grows beyond MAX_LINE */
  push(chunk: Buffer | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    if (this.partial.length > MAX_LINE) throw new Error('line too long');
    return lines;
  }
}

/** Errors and exceptions as the one line the protocol promises. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}

/** Parse and validate one request line; throws Error with a one line reason. */
export function parseRequest(line: string): CtlRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error('bad request: not a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('bad request: not a JSON object');
  }
  const { argv, cwd, timing } = value as { argv?: unknown; cwd?: unknown; timing?: unknown };
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    throw new Error('bad request: "argv" must be an array of strings');
  }
  if (cwd !== undefined && (typeof cwd !== 'string' || !cwd.startsWith('/'))) {
    throw new Error('bad request: "cwd" must be an absolute path');
  }
  return { argv, cwd, timing: timing === true };
}

/** The reply line (with its newline). A result JSON can't express becomes an error reply. */
export function encodeReply(reply: CtlReply): string {
  try {
    // undefined would drop the "result" key; the protocol always has one
    const value = reply.ok
      ? {
          ok: true,
          result: reply.result ?? null,
          ...(reply.started_ns && { started_ns: reply.started_ns }),
        }
      : reply;
    return JSON.stringify(value) + '\n';
  } catch (err) {
    return JSON.stringify({ ok: false, error: `result is not JSON: ${oneLine(err)}` }) + '\n';
  }
}

export function encodeRequest(request: CtlRequest): string {
  return JSON.stringify(request) + '\n';
}

/** Check a reply line from the server; throws on a malformed one. */
export function parseReply(line: string): CtlReply {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error('bad reply from compositor: not JSON');
  }
  const reply = value as Partial<{
    ok: unknown;
    result: unknown;
    error: unknown;
    started_ns: unknown;
  }> | null;
  if (reply?.ok === true)
    return typeof reply.started_ns === 'string'
      ? { ok: true, result: reply.result, started_ns: reply.started_ns }
      : { ok: true, result: reply.result };
  if (reply?.ok === false) return { ok: false, error: String(reply.error) };
  throw new Error('bad reply from compositor: no "ok"');
}

// ---- commands

interface Command {
  /** the words after the command name, as shown in `help` and in usage errors */
  usage: string;
  summary: string;
  /** allowed argument counts */
  args: [min: number, max: number];
  run(target: ControlTarget, args: string[], cwd: string): unknown;
}

/** a touch point id `tap` uses, far from the small ids scripts pick for `touch down` */
export const TAP_TOUCH_ID = 99;

function coordinate(value: string, what: string, usage: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(value)) {
    throw new Error(`${what} must be a number, got "${value}" (usage: ${usage})`);
  }
  return Number(value);
}

function touchId(value: string, usage: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0x7fffffff) {
    throw new Error(`ID must be an integer 0..2147483647, got "${value}" (usage: ${usage})`);
  }
  return Number(value);
}

function pressed(value: string, usage: string): boolean {
  if (value === 'press') return true;
  if (value === 'release') return false;
  throw new Error(`expected press or release, got "${value}" (usage: ${usage})`);
}

// keys are the full command words: `pointer move` is found from argv ["pointer", "move", ...]
const COMMANDS = new Map<string, Command>([
  ['help', { usage: '', summary: 'list the commands', args: [0, 0], run: (t) => helpText(t) }],
  [
    'state',
    { usage: '', summary: 'the compositor state as JSON', args: [0, 0], run: (t) => t.state() },
  ],
  [
    'screenshot',
    {
      usage: 'FILE.png [--output NAME]',
      summary: 'write a PNG of an output (default: the first)',
      args: [1, 3],
      run: screenshot,
    },
  ],
  [
    'pointer move',
    {
      usage: 'X Y',
      summary: 'move the pointer to layout position X,Y',
      args: [2, 2],
      run: (t, [x, y]) => t.pointerMove(coordinate(x!, 'X', U.pm), coordinate(y!, 'Y', U.pm)),
    },
  ],
  [
    'pointer button',
    {
      usage: 'left|right|middle press|release',
      summary: 'press or release a pointer button',
      args: [2, 2],
      run: (t, [button, state]) => {
        if (button !== 'left' && button !== 'right' && button !== 'middle') {
          throw new Error(`unknown button "${button}" (usage: ${U.pb})`);
        }
        t.pointerButton(button satisfies PointerButtonName, pressed(state!, U.pb));
      },
    },
  ],
  [
    'touch down',
    {
      usage: 'ID X Y',
      summary: 'put touch point ID down at X,Y',
      args: [3, 3],
      run: (t, [id, x, y]) =>
        t.touchDown(touchId(id!, U.td), coordinate(x!, 'X', U.td), coordinate(y!, 'Y', U.td)),
    },
  ],
  [
    'touch motion',
    {
      usage: 'ID X Y',
      summary: 'move touch point ID to X,Y',
      args: [3, 3],
      run: (t, [id, x, y]) =>
        t.touchMotion(touchId(id!, U.tm), coordinate(x!, 'X', U.tm), coordinate(y!, 'Y', U.tm)),
    },
  ],
  [
    'touch up',
    {
      usage: 'ID',
      summary: 'lift touch point ID',
      args: [1, 1],
      run: (t, [id]) => t.touchUp(touchId(id!, U.tu)),
    },
  ],
  [
    'tap',
    {
      usage: 'X Y',
      summary: `touch down and up at X,Y (touch id ${TAP_TOUCH_ID})`,
      args: [2, 2],
      run: async (t, [x, y]) => {
        const [cx, cy] = [coordinate(x!, 'X', U.tap), coordinate(y!, 'Y', U.tap)];
        // target methods may be async: the up must follow the finished down
        await t.touchDown(TAP_TOUCH_ID, cx, cy);
        await t.touchUp(TAP_TOUCH_ID);
      },
    },
  ],
  [
    'key',
    {
      usage: 'NAME [press|release]',
      summary: 'a key by keysym name ("a", "Return") or evdev code; alone: press and release',
      args: [1, 2],
      run: async (t, [name, state]) => {
        if (name === '') throw new Error(`empty key name (usage: ${U.key})`);
        if (state !== undefined) return await t.key(name!, pressed(state, U.key));
        await t.key(name!, true);
        await t.key(name!, false);
      },
    },
  ],
]);

function usageOf(name: string): string {
  const usage = COMMANDS.get(name)!.usage;
  return usage ? `${name} ${usage}` : name;
}

// usage lines, for the messages of argument errors
const U = {
  pm: usageOf('pointer move'),
  pb: usageOf('pointer button'),
  td: usageOf('touch down'),
  tm: usageOf('touch motion'),
  tu: usageOf('touch up'),
  tap: usageOf('tap'),
  key: usageOf('key'),
  shot: usageOf('screenshot'),
};

async function screenshot(target: ControlTarget, args: string[], cwd: string): Promise<unknown> {
  let file: string | undefined;
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--output' && i + 1 < args.length) output = args[++i];
    else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (file === undefined && !arg.startsWith('-') && arg !== '') file = arg;
    else throw new Error(`usage: ${U.shot}`);
  }
  if (file === undefined || output === '') throw new Error(`usage: ${U.shot}`);
  // the file name is the ctl client's, so relative to its directory, not ours
  const absolute = path.resolve(cwd, file);
  await target.screenshot(absolute, output);
  return { file: absolute };
}

function helpText(target: ControlTarget): string {
  const rows = [...COMMANDS.keys()].map((name) => [usageOf(name), COMMANDS.get(name)!.summary]);
  const width = Math.max(...rows.map(([u]) => u!.length));
  const lines = rows.map(([u, s]) => `  ${u!.padEnd(width)}  ${s}`);
  const extra = Object.keys(target.extraCommands?.() ?? {}).filter((n) => !COMMANDS.has(n));
  if (extra.length > 0) lines.push(`  more: ${extra.sort().join(', ')}`);
  return `usage: wayboard ctl [--socket NAME] COMMAND [ARGS...]\ncommands:\n${lines.join('\n')}\n`;
}

/** Run one command line. Built-in commands win over extraCommands of the same name. */
export async function runCommand(
  target: ControlTarget,
  argv: string[],
  cwd: string,
): Promise<unknown> {
  const [first, second] = argv;
  if (first === undefined) throw new Error('no command (try: wayboard ctl help)');
  const two = `${first} ${second}`;
  const name = COMMANDS.has(two) ? two : first;
  // (a single argv word "pointer move" must not match the two word command)
  const command = first.includes(' ') ? undefined : COMMANDS.get(name);
  if (command) {
    const args = argv.slice(name.split(' ').length);
    const [min, max] = command.args;
    if (args.length < min || args.length > max) throw new Error(`usage: ${usageOf(name)}`);
    return await command.run(target, args, cwd);
  }
  // a group like `pointer` with a missing or unknown second word: show its subcommands
  const group = [...COMMANDS.keys()].filter((k) => k.startsWith(`${first} `));
  if (group.length > 0) throw new Error(`usage: ${group.map(usageOf).join(' | ')}`);

  const extra = target.extraCommands?.() ?? {};
  // hasOwn: "constructor" or "toString" must not find Object.prototype's functions
  if (Object.hasOwn(extra, first)) return await extra[first]!(argv.slice(1));
  throw new Error(`unknown command "${first}" (try: wayboard ctl help)`);
}
