// Driving the on-screen keyboard as a person would: find a key in `wayboard ctl keys` and tap
// the middle of its rectangle (through the real touch path).
import type { KeyboardPanel } from '../../src/keyboard/panel.js';
import { waitFor, type Wayboard } from './wayboard.js';

/** one key of `wayboard ctl keys` */
export type Key = ReturnType<KeyboardPanel['describe']>['keys'][number];
export interface Keys {
  visible: boolean;
  page: string;
  keys: Key[];
}

export const keysOf = async (wayboard: Wayboard) => (await wayboard.ctl('keys')) as Keys;

export const centre = (k: Key) =>
  [Math.round(k.x + k.width / 2), Math.round(k.y + k.height / 2)] as const;

export async function tapKey(wayboard: Wayboard, match: (k: Key) => boolean): Promise<void> {
  const key = (await keysOf(wayboard)).keys.find(match);
  if (!key) throw new Error('no such key on the panel');
  await wayboard.tap(...centre(key));
}

/** taps the keys showing these characters, one by one (all on the current page); where the
 *  keyboard shifted by itself (a sentence start), taps shift first, as a person would */
export async function tapText(wayboard: Wayboard, text: string): Promise<void> {
  for (const char of text) {
    const keys = (await keysOf(wayboard)).keys;
    if (!keys.some((k) => k.text === char) && keys.some((k) => k.text === char.toUpperCase()))
      await tapKey(wayboard, (k) => k.action === 'shift');
    await tapKey(wayboard, (k) => k.text === char);
  }
}

export function waitForPanel(wayboard: Wayboard, visible = true): Promise<Keys> {
  return waitFor(`the panel ${visible ? 'shown' : 'hidden'}`, async () => {
    const keys = await keysOf(wayboard);
    return keys.visible === visible ? keys : undefined;
  });
}
