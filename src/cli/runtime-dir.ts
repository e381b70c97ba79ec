// $XDG_RUNTIME_DIR holds the Wayland and control sockets. Kiosk sessions started from
// systemd units, cron or ssh often lack one; then we make a private one for our lifetime.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RuntimeDir {
  readonly dir: string;
  /** true when we made the directory (and so remove it) */
  readonly created: boolean;
  /** remove the directory if we made it; safe to call more than once */
  cleanup(): void;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Use $XDG_RUNTIME_DIR, or create a 0700 temp dir, export it in process.env and say so. */
export function ensureRuntimeDir(log: (line: string) => void): RuntimeDir {
  const current = process.env.XDG_RUNTIME_DIR;
  if (current && isDirectory(current)) {
    return { dir: current, created: false, cleanup: () => {} };
  }
  // mkdtemp creates the directory with mode 0700 (private to us), as the spec of
  // XDG_RUNTIME_DIR requires; chmod anyway in case of an unusual umask/ACL setup
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wayboard-'));
  fs.chmodSync(dir, 0o700);
  process.env.XDG_RUNTIME_DIR = dir;
  const why = current
    ? `XDG_RUNTIME_DIR (${current}) is not a directory`
    : 'XDG_RUNTIME_DIR is not set';
  log(`${why}; using ${dir}`);

  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    fs.rmSync(dir, { recursive: true, force: true });
    if (process.env.XDG_RUNTIME_DIR === dir) {
      if (current === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = current;
    }
  };
  // last resort if the process exits without going through the normal shutdown
  process.on('exit', remove);
  return { dir, created: true, cleanup: remove };
}
