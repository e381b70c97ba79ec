// Entry point of the `wayboard` command (bin/wayboard.js runs the compiled dist/cli/main.js).
// Exit codes: 0 ok; 1 runtime failure (socket in use, ...); 2 bad arguments or config;
// 126/127 app not executable/not found; the app's code (128+signo if it died of a signal).
import { readFileSync } from 'node:fs';
import { listCards } from '../backends/drm/cards.js';
import { runCtl } from '../control/client.js';
import { oneLine } from '../control/protocol.js';
import { CONFIG_SCHEMA_URL } from '../keyboard/config.js';
import { USAGE, UsageError, parseArgs, type RunArgs } from './args.js';
import { runWayboard } from './run.js';
import { PACKAGE_ROOT } from '../package-root.js';

function log(line: string): void {
  process.stderr.write(`wayboard: ${line}\n`);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8'));
  return String((pkg as { version?: unknown }).version);
}

/** The last nets of a long running kiosk process: log, never die silently or of EPIPE. */
function installSafetyNets(): void {
  // a closed stdout/stderr must not raise uncaught exceptions (whose logging would fail again)
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  // Node ignores SIGPIPE already; a listener keeps it so whatever else changes
  process.on('SIGPIPE', () => {});
  const report = (err: unknown): void => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`internal error: ${text}`);
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}

async function runCompositor(args: RunArgs): Promise<number> {
  installSafetyNets();
  // loaded only here: `--help`, `--version` and `ctl` must work without the native addon
  let startCompositor;
  try {
    ({ startCompositor } = await import('../session/start.js'));
  } catch (err) {
    log(`cannot load the compositor: ${oneLine(err)}`);
    return 1;
  }
  return runWayboard(args, { startCompositor, log });
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'ctl') {
    // exitCode, not exit(): let stdout drain (the result may be a large JSON)
    process.exitCode = await runCtl(argv.slice(1));
    return;
  }
  let args;
  try {
    args = parseArgs(argv, {
      waylandDisplay: process.env.WAYLAND_DISPLAY,
      display: process.env.DISPLAY,
      drmDevice: listCards().length > 0,
    });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    log(`${err.message} (see wayboard --help)`);
    process.exitCode = 2;
    return;
  }
  if (args.kind === 'help') {
    process.stdout.write(USAGE);
  } else if (args.kind === 'version') {
    process.stdout.write(`wayboard ${version()}\n`);
  } else if (args.kind === 'config-schema') {
    // the file as shipped (not re-serialised): what editors get is what ajv checks
    process.stdout.write(readFileSync(CONFIG_SCHEMA_URL));
  } else {
    // exit(): the compositor's handles would keep the event loop alive
    process.exit(await runCompositor(args));
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
