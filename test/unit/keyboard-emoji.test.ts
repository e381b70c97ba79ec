// The emoji pages built from emojibase-data: category tabs, three rows of ten, paging,
// skin tones as long-press alternates, recent ones first, nothing the colour font lacks.
import { describe, expect, it } from 'vitest';
import { MAX_RECENT, addRecent, emojiPage, isEmojiPage } from '../../src/keyboard/emoji.js';

describe('emoji pages', () => {
  it('start with the recent ones, or the smileys when there are none', () => {
    expect(isEmojiPage('emoji')).toBe(true);
    expect(isEmojiPage('emoji-3-1')).toBe(true);
    expect(isEmojiPage('letters')).toBe(false);
    const first = emojiPage('emoji', []);
    expect(first[1][0].text).toBe('😀');
    const recent = emojiPage('emoji', ['👋🏽', '🇩🇪']);
    expect(recent[1].map((k) => k.text)).toEqual(['👋🏽', '🇩🇪']);
    expect(recent[1][0].alternates).toContain('👋🏿'); // a recent tone keeps its siblings
  });

  it('have tabs, three rows of ten, and page keys within a category', () => {
    const page = emojiPage('emoji-1-0', []);
    expect(page[0].map((k) => k.action)).toEqual([
      'page:emoji',
      ...[0, 1, 3, 4, 5, 6, 7, 8, 9].map((g) => `page:emoji-${g}-0`),
    ]);
    expect(page.slice(1, 4).map((row) => row.length)).toEqual([10, 10, 10]);
    const wave = page[1].find((k) => k.text === '👋')!;
    expect(wave.action).toBe('emoji');
    expect(wave.alternates).toEqual(['👋🏻', '👋🏼', '👋🏽', '👋🏾', '👋🏿']);
    const bottom = page[4].map((k) => k.action);
    expect(bottom).toEqual(['page:letters', 'space', 'page:emoji-1-1', 'backspace']);
    const second = emojiPage('emoji-1-1', [])[4].map((k) => k.action);
    expect(second).toEqual([
      'page:letters',
      'page:emoji-1-0',
      'space',
      'page:emoji-1-2',
      'backspace',
    ]);
  });

  it('leave out emoji newer than the font draws, and flags are whole', () => {
    const all = [0, 1, 3, 4, 5, 6, 7, 8, 9].flatMap((g) => {
      const texts: string[] = [];
      for (let n = 0; n < 40; n++) {
        const page = emojiPage(`emoji-${g}-${n}`, []);
        const last = page[page.length - 1];
        texts.push(
          ...page
            .slice(1, -1)
            .flat()
            .map((k) => k.text!),
        );
        if (!last.some((k) => k.label === '▶')) break;
      }
      return texts;
    });
    expect(all).toContain('🇩🇪');
    expect(all).toContain('🫎'); // moose, Emoji 15.0: in fonts-noto-color-emoji 2.042
    expect(all).not.toContain('🐦‍🔥'); // phoenix, Emoji 15.1
    expect(new Set(all).size).toBe(all.length);
  });

  it('keep at most MAX_RECENT recent ones, the last used first', () => {
    let recent: string[] = [];
    for (let i = 0; i < MAX_RECENT + 5; i++) recent = addRecent(recent, String(i));
    recent = addRecent(recent, '20');
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent.slice(0, 2)).toEqual(['20', String(MAX_RECENT + 4)]);
  });
});
