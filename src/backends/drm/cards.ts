// The DRM cards present. Apart from the backend so that the CLI can ask, when it picks the
// default backend, without loading the addon.
import { readdirSync } from 'node:fs';

/** the DRM card nodes, "/dev/dri/card0" first; none when the directory is missing */
export function listCards(dir = '/dev/dri'): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^card\d+$/.test(n))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    .map((n) => `${dir}/${n}`);
}
