// Starting a client the way wayboard trusts: through the handover fixture, which passes one
// end of a socketpair to wayboard's fds socket and runs the program with WAYLAND_SOCKET set
// to the other (what wayboard does for a keyboard program it starts itself).
import type { SpawnOptions } from 'node:child_process';
import { buildFixture } from './fixtures.js';
import type { Client, Wayboard } from './wayboard.js';

export function spawnTrusted(
  wayboard: Wayboard,
  command: string,
  args: string[] = [],
  options: SpawnOptions = {},
): Client {
  return wayboard.spawnClient(buildFixture('handover', []), [command, ...args], options);
}
