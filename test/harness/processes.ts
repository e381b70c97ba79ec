// Starting a wayboard for a benchmark, and reading a child's output line by line.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function startWayboard(
  runtimeDir: string,
  socket: string,
  args: string[] = [],
): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    // headless whatever the desktop the benchmark runs in (WAYLAND_DISPLAY would nest it)
    [path.join(root, 'bin/wayboard.js'), '--backend', 'headless', '--socket', socket, ...args],
    {
      env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const lines = lineReader(child.stderr!);
  await lines.waitFor(new RegExp(`ready on ${socket}`), 15000);
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Lines of a stream; waitFor returns the next line (not seen before) matching a pattern. */
export function lineReader(stream: Readable) {
  const lines: string[] = [];
  let consumed = 0;
  let partial = '';
  let wake: (() => void) | null = null;
  stream.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    wake?.();
  });
  return {
    lines,
    async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        while (consumed < lines.length) {
          const line = lines[consumed++];
          if (pattern.test(line)) return line;
        }
        const left = end - Date.now();
        if (left <= 0)
          throw new Error(
            `timed out waiting for ${pattern}; last lines: ${lines.slice(-5).join(' | ')}`,
          );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    },
  };
}
