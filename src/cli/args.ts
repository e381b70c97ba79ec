// Command line of `wayboard` (not `wayboard ctl`, see src/control/client.ts), split by
// Node's util.parseArgs, checked here. Pure: no I/O, so every accepted and rejected command
// line can be unit tested.
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../errors.js';
import type { OutputRequest } from '../backends/backend.js';
import {
  BACKEND_NAMES,
  defaultBackend,
  type BackendName,
  type Surroundings,
} from '../backends/names.js';
import { TRANSFORM_NAMES } from '../compositor/transform.js';
import type { InputMethodChoice } from '../session/start.js';

export const USAGE = `usage: wayboard [OPTIONS] [--] [APP [ARGS...]]
       wayboard ctl [--socket NAME] COMMAND [ARGS...]

Runs a Wayland compositor for kiosks. With APP, runs it as the only client and exits with its
exit code when it ends; without, runs until SIGINT/SIGTERM.

options:
  --backend NAME        where the outputs show: wayland (a window per output in the
                        parent compositor; the default when WAYLAND_DISPLAY is set),
                        drm (the screens themselves, through libseat: the default when
                        neither WAYLAND_DISPLAY nor DISPLAY is set and /dev/dri/card* exists)
                        or headless (in memory only: screenshots; the default otherwise)
  --output WxH[@Hz][,TRANSFORM]
                        add an output, e.g. 1280x720@60 or 1920x1080@59.94 (repeatable;
                        default: one 1280x720@60, or each DRM screen's preferred mode).
                        TRANSFORM, for a panel mounted turned: rotate-90, rotate-180,
                        rotate-270, flipped, flipped-90, flipped-180, flipped-270
  --socket NAME         Wayland socket name in $XDG_RUNTIME_DIR (default: first free wayland-N)
  --layout NAMES        XKB keyboard layouts, comma separated (default: us)
  --config FILE         JSON config/theme for the on-screen keyboard
  --no-learning         the keyboard remembers no typed words (else kept per language
                        in $XDG_STATE_HOME/wayboard)
  --input-method IM     who serves text fields: builtin (wayboard's own keyboard, the
                        default), external (a keyboard client started elsewhere, trusted
                        with --trusted-client), or a command line wayboard runs, trusts and
                        restarts, e.g. "squeekboard" (words split at spaces); the built-in
                        keyboard takes over if it dies 5 times within a minute
  --trusted-client PATH an executable whose clients may use the input-method, virtual-
                        keyboard and layer-shell globals (repeatable)
  --restart-app         restart APP when it exits with a non-zero status, after 1 s, then
                        2, 4... up to 30 s while it keeps failing within 30 s (default:
                        exit with its status)
  --print-config-schema print the JSON Schema of --config files (for editors)
  -h, --help            print this help
  --version             print the version

control: \`wayboard ctl help\` lists the commands of the control socket ($XDG_RUNTIME_DIR/NAME.ctl).
`;

/** A bad command line: the CLI prints `wayboard: <message>` with a help hint and exits 2. */
export class UsageError extends ConfigError {
  override name = 'UsageError';
}

export interface RunArgs {
  kind: 'run';
  backend: BackendName;
  /** without --backend: why the default backend was taken, when that is worth a line */
  backendNotice?: string;
  /** empty when no --output was given: each backend has its default */
  outputs: OutputRequest[];
  socketName: string | null;
  layout: string;
  configFile: string | null;
  /** false: --no-learning */
  learning: boolean;
  inputMethod: InputMethodChoice;
  trustedClients: string[];
  /** the app's argv; empty when none was given */
  app: string[];
  /** --restart-app: a failed app is started again (absent: wayboard exits with its status) */
  restartApp?: boolean;
}

export type ParsedArgs =
  RunArgs | { kind: 'help' } | { kind: 'version' } | { kind: 'config-schema' };

/** util.parseArgs' table: every option wayboard takes (the app's options come after it) */
const OPTIONS = {
  backend: { type: 'string' },
  output: { type: 'string' },
  socket: { type: 'string' },
  layout: { type: 'string' },
  config: { type: 'string' },
  'input-method': { type: 'string' },
  'trusted-client': { type: 'string' },
  'no-learning': { type: 'boolean' },
  'restart-app': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  'print-config-schema': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];
const MAX_SIZE = 16384;

/** Parse `process.argv.slice(2)`; `surroundings` (the environment) choose the backend when
 *  --backend is not given. Throws UsageError (a one line message) on a bad command line. */
export function parseArgs(argv: readonly string[], surroundings?: Surroundings): ParsedArgs {
  const result: RunArgs = {
    kind: 'run',
    backend: 'headless',
    outputs: [],
    socketName: null,
    layout: 'us',
    configFile: null,
    learning: true,
    inputMethod: { kind: 'builtin' },
    trustedClients: [],
    app: [],
  };
  let backendGiven = false;
  // not strict: the messages and exit code are ours, and util.parseArgs would reject the
  // app's own options, which come after the first operand and are none of our business
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      result.app = argv.slice(token.index + 1);
      break;
    }
    if (token.kind === 'positional') {
      // a lone "-" is no operand to us (old-style stdin) but a mistyped option
      if (token.value === '-') throw new UsageError('unknown option -');
      // the first operand starts the app: its own options (`foot --help`) are not ours
      result.app = argv.slice(token.index);
      break;
    }
    // the word as typed, less any "=value": util.parseArgs splits "-hx" into -h and -x
    const word = argv[token.index]!;
    const name = word.split('=')[0]!;
    const option = (OPTIONS as Record<string, { type: string }>)[token.name];
    const whole = word === token.rawName || (word.startsWith('--') && name === token.rawName);
    if (!option || !whole || (option.type === 'boolean' && token.inlineValue)) {
      throw new UsageError(`unknown option ${name}`);
    }
    if (token.name === 'help') return { kind: 'help' };
    if (token.name === 'version') return { kind: 'version' };
    if (token.name === 'print-config-schema') return { kind: 'config-schema' };
    if (token.name === 'no-learning') result.learning = false;
    else if (token.name === 'restart-app') result.restartApp = true;
    else {
      // `--socket --layout us` is a forgotten value, not a socket named "--layout"
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
        throw new UsageError(`option ${name} needs a value`);
      }
      applyOption(result, name, token.value);
      if (name === '--backend') backendGiven = true;
    }
  }
  // without surroundings (the options alone, in tests) the default stays headless, silently
  if (!backendGiven && surroundings) {
    const { backend, notice } = defaultBackend(surroundings);
    result.backend = backend;
    if (notice) result.backendNotice = notice;
  }
  return result;
}

function applyOption(result: RunArgs, name: string, value: string): void {
  switch (name) {
    case '--backend':
      if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
        throw new UsageError(`unknown backend "${value}" (expected ${BACKEND_NAMES.join(' or ')})`);
      }
      result.backend = value as BackendName;
      return;
    case '--output':
      result.outputs.push(parseOutput(value));
      return;
    case '--socket':
      result.socketName = parseSocketName(value);
      return;
    case '--layout':
      result.layout = parseLayout(value);
      return;
    case '--config':
      if (value === '') throw new UsageError('option --config needs a file name');
      result.configFile = value;
      return;
    case '--input-method':
      result.inputMethod = parseInputMethod(value);
      return;
    case '--trusted-client':
      if (!value.startsWith('/'))
        throw new UsageError(`bad --trusted-client "${value}": expected an absolute path`);
      result.trustedClients.push(value);
      return;
  }
}

/** "1280x720", "1280x720@60", "1920x1080@59.94" → size and refresh in mHz (wl_output's unit);
 *  ",rotate-90" and the other wl_output.transform names after it: how the panel is mounted */
export function parseOutput(spec: string): OutputRequest {
  const [modeSpec, ...options] = spec.split(',');
  const m = /^(\d+)x(\d+)(?:@(\d+(?:\.\d+)?))?$/.exec(modeSpec!);
  if (!m) {
    throw new UsageError(`bad --output "${spec}": expected WxH or WxH@Hz, like 1280x720@60`);
  }
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width < 1 || width > MAX_SIZE || height < 1 || height > MAX_SIZE) {
    throw new UsageError(`bad --output "${spec}": width and height must be 1..${MAX_SIZE}`);
  }
  const hz = m[3] === undefined ? 60 : Number(m[3]);
  const refreshMhz = Math.round(hz * 1000);
  if (refreshMhz < 1 || hz > 1000) {
    throw new UsageError(
      `bad --output "${spec}": refresh rate must be above 0 and at most 1000 Hz`,
    );
  }
  if (options.length === 0) return { width, height, refreshMhz };
  const transform = TRANSFORM_NAMES.indexOf(options[0] as (typeof TRANSFORM_NAMES)[number]);
  if (options.length > 1 || transform < 0) {
    throw new UsageError(
      `bad --output "${spec}": unknown transform "${options.join(',')}" (expected one of ${TRANSFORM_NAMES.join(', ')})`,
    );
  }
  return { width, height, refreshMhz, transform };
}

function parseInputMethod(value: string): InputMethodChoice {
  if (value === 'builtin' || value === 'external') return { kind: value };
  const argv = value.split(' ').filter(Boolean);
  if (argv.length === 0)
    throw new UsageError('option --input-method needs builtin, external or a command');
  return { kind: 'command', argv };
}

function parseSocketName(value: string): string {
  // the name is also used for "<name>.ctl" next to it in $XDG_RUNTIME_DIR
  if (value === '' || value.includes('/') || value === '.' || value === '..') {
    throw new UsageError(`bad --socket "${value}": expected a plain name like wayland-1`);
  }
  return value;
}

function parseLayout(value: string): string {
  const names = value.split(',');
  if (names.some((n) => n === '' || /\s/.test(n))) {
    throw new UsageError(`bad --layout "${value}": expected names like "us" or "de,ru"`);
  }
  return names.join(',');
}
