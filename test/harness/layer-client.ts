// The layer-client fixture (test/fixtures/layer-client.c): a layer-shell client driven by a
// script on its command line and commands on its stdin, each answered "ok" a roundtrip later.
import { buildFixture } from './fixtures.js';
import { spawnTrusted } from './handover.js';
import { waitFor, type Client, type Wayboard } from './wayboard.js';

/** started trusted (handed over, so it sees layer-shell) unless `trusted` is false */
export function layerClient(
  wayboard: Wayboard,
  script: (string | number)[],
  trusted = true,
): Client {
  const binary = buildFixture('layer-client', ['xdg-shell', 'wlr-layer-shell-unstable-v1']);
  const args = script.map(String);
  return trusted ? spawnTrusted(wayboard, binary, args) : wayboard.spawnClient(binary, args);
}

/** a line matching `pattern` among those `client` printed after the first `from` */
export function lineAfter(client: Client, from: number, pattern: RegExp): Promise<string> {
  return waitFor(`${pattern} (last lines: ${client.lines.slice(-4).join(' | ')})`, () =>
    client.lines.slice(from).find((l) => pattern.test(l)),
  );
}

/** run a layer-client command from stdin and wait until it is done */
export async function send(client: Client, command: string): Promise<void> {
  const from = client.lines.length;
  client.process.stdin!.write(`${command}\n`);
  await lineAfter(client, from, /^ok$/);
}
