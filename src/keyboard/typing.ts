// Plans `wayboard ctl type`: which key a person would tap next to type a character, given
// the page and shift on screen now: the character's key, or else shift, or else the page
// key on the shortest way to a page that has the character. Long-press alternates are not
// used: a tap is a tap.
import type { PlacedKey } from './geometry.js';
import { keyOutput, type PageName } from './layout.js';
import type { Page } from './pages.js';
import type { KeyboardState } from './state.js';

/** Can some page reachable from the current one type `ch` with taps alone? */
export function canType(state: KeyboardState, ch: string): boolean {
  return [...reachablePages(state).keys()].some((page) => typesOn(state.pageKeys(page), ch));
}

/** The next key to tap towards typing `ch`, or null when no page types it. */
export function nextTap(state: KeyboardState, ch: string): PlacedKey | null {
  const direct = state.placed.find((p) => producesNow(state, p, ch));
  if (direct) return direct;
  for (const [page, path] of reachablePages(state)) {
    if (!typesOn(state.pageKeys(page), ch)) continue;
    // right page, wrong shift; or the first page key on the way there
    const action = page === state.page ? 'shift' : `page:${path[0]}`;
    return state.placed.find((p) => p.key.action === action) ?? null;
  }
  return null;
}

/** does tapping this key now type exactly `ch`? */
export function producesNow(state: KeyboardState, placed: PlacedKey, ch: string): boolean {
  const action = placed.key.action;
  return (
    (action === 'text' || action === 'space' || action === 'emoji') &&
    state.output(placed.key) === ch
  );
}

/** a page types `ch` unshifted, or shifted when it has a shift key */
function typesOn(page: Page, ch: string): boolean {
  const keys = page.flat();
  const hasShift = keys.some((key) => key.action === 'shift');
  return keys.some(
    (key) => keyOutput(key, false) === ch || (hasShift && keyOutput(key, true) === ch),
  );
}

/** pages reachable through page keys, nearest first, each with the page keys to tap */
function reachablePages(state: KeyboardState): Map<PageName, PageName[]> {
  const paths = new Map<PageName, PageName[]>([[state.page, []]]);
  const queue = [state.page];
  while (queue.length) {
    const page = queue.shift()!;
    for (const key of state.pageKeys(page).flat()) {
      if (!key.action.startsWith('page:')) continue;
      const next = key.action.slice('page:'.length);
      if (paths.has(next)) continue;
      paths.set(next, [...paths.get(page)!, next]);
      queue.push(next);
    }
  }
  return paths;
}
