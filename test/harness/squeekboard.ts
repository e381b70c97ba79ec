// squeekboard as a test keyboard: it shows itself only when the GNOME a11y setting
// screen-keyboard-enabled is true (it needs no D-Bus), which a GSettings keyfile provides.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function squeekboardSettings(): { env: NodeJS.ProcessEnv; cleanup(): void } {
  const config = mkdtempSync(path.join(tmpdir(), 'wayboard-squeekboard-'));
  mkdirSync(path.join(config, 'glib-2.0/settings'), { recursive: true });
  writeFileSync(
    path.join(config, 'glib-2.0/settings/keyfile'),
    '[org/gnome/desktop/a11y/applications]\nscreen-keyboard-enabled=true\n',
  );
  return {
    env: { GSETTINGS_BACKEND: 'keyfile', XDG_CONFIG_HOME: config },
    cleanup: () => rmSync(config, { recursive: true, force: true }),
  };
}

/** where squeekboard's us layout puts a key on an 800 px wide output: rows of 36 px */
export function squeekboardKey(panel: { y: number }, key: 'h' | 'i' | 'backspace') {
  const row = (n: number) => panel.y + 17 + 36 * n;
  return { h: [445, row(1)], i: [515, row(0)], backspace: [596, row(2)] }[key] as [number, number];
}
