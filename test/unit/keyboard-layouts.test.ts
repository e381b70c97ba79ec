// Layouts: letter rows from xkbcommon per language (real placements), the pages each
// content purpose gets, and validation of layout data.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseLayoutData, type Key } from '../../src/keyboard/layout.js';
import { buildPage, loadLayout, parseAlternates, startPage } from '../../src/keyboard/pages.js';
import type { ContentPurpose } from '../../src/text-input/input-method.js';

const page = (
  layout: string,
  name: string,
  purpose: ContentPurpose = 'normal',
  multilingual = false,
) => buildPage(loadLayout(layout), name, { purpose, multilingual });
const texts = (row: Key[]) =>
  row
    .filter((k) => k.action === 'text')
    .map((k) => k.text)
    .join('');
const shifted = (row: Key[]) =>
  row
    .filter((k) => k.action === 'text')
    .map((k) => k.shifted)
    .join('');
const letterRows = (layout: string) => page(layout, 'letters').slice(0, 3).map(texts);
const allTexts = (layout: string, name: string, purpose: ContentPurpose = 'normal') =>
  page(layout, name, purpose)
    .flat()
    .map((k) => k.text);

describe('letter rows from xkbcommon', () => {
  it('us: qwerty', () => {
    expect(letterRows('us')).toEqual(['qwertyuiop', 'asdfghjkl', 'zxcvbnm']);
    expect(shifted(page('us', 'letters')[0])).toBe('QWERTYUIOP');
  });

  it('de: z where us has y, y where us has z, umlauts at AD11, AC10, AC11', () => {
    const [top, middle, bottom] = letterRows('de');
    expect(top).toBe('qwertzuiopü');
    expect(top[5]).toBe('z');
    expect(middle).toBe('asdfghjklöä');
    expect(bottom[0]).toBe('y');
    expect(shifted(page('de', 'letters')[0]).endsWith('Ü')).toBe(true);
  });

  it('fr: azerty, a at AD01, m and ù at the end of the a-row', () => {
    const [top, middle, bottom] = letterRows('fr');
    expect(top).toBe('azertyuiop');
    expect(middle).toBe('qsdfghjklmù');
    expect(bottom).toBe('wxcvbn');
  });

  it('ru: Cyrillic, capitals on shift', () => {
    expect(letterRows('ru')).toEqual(['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю']);
    expect(shifted(page('ru', 'letters')[0])).toBe('ЙЦУКЕНГШЩЗХЪ');
  });

  it('gr: Greek, the ; at AD01 is not a letter key', () => {
    expect(letterRows('gr')).toEqual(['ςερτυθιοπ', 'ασδφγηξκλ', 'ζχψωβνμ']);
    expect(shifted(page('gr', 'letters')[1])).toBe('ΑΣΔΦΓΗΞΚΛ');
  });

  it("a layout's other characters are on the second symbols page", () => {
    expect(allTexts('de', 'more')).toContain('ß');
    expect(allTexts('ru', 'more')).toContain('ё');
    expect(allTexts('fr', 'more')).toEqual(expect.arrayContaining(['é', 'è', 'ç', 'à']));
    expect(allTexts('us', 'more')).not.toContain('ß');
  });

  it('long-press alternates come from the data, per language', () => {
    const key = (layout: string, text: string) =>
      page(layout, 'letters')
        .flat()
        .find((k) => k.text === text);
    expect(key('us', 'e')?.alternates).toEqual(expect.arrayContaining(['é', 'è', 'ê', 'ë']));
    expect(key('us', 'a')?.alternates).toEqual(expect.arrayContaining(['à', 'á', 'â', 'ä']));
    expect(key('de', 's')?.alternates).toEqual(['ß']);
    expect(key('ru', 'е')?.alternates).toEqual(['ё']);
    expect(key('gr', 'α')?.alternates).toEqual(['ά']);
  });

  it('the space bar names the layout; the language key shows only with several layouts', () => {
    const bottom = page('de', 'letters').at(-1)!;
    expect(bottom.find((k) => k.action === 'space')?.label).toBe('German');
    expect(bottom.some((k) => k.action === 'language')).toBe(false);
    const multi = page('de', 'letters', 'normal', true).at(-1)!;
    expect(multi.find((k) => k.action === 'language')?.label).toBe('DE');
  });
});

describe('pages by content purpose', () => {
  it('digits, number, phone and pin open the numeric pad; date and time the symbols', () => {
    for (const purpose of ['digits', 'number', 'phone', 'pin'] as const)
      expect(startPage(purpose)).toBe('digits');
    expect(startPage('date')).toBe('symbols');
    expect(startPage('normal')).toBe('letters');
    expect(startPage('email')).toBe('letters');
  });

  it('the pad: 0-9, backspace and enter; phone adds + * #, number adds . and -', () => {
    const pad = page('us', 'digits', 'pin').flat();
    expect(
      pad
        .filter((k) => k.action === 'text')
        .map((k) => k.text)
        .sort()
        .join(''),
    ).toBe('0123456789');
    expect(pad.map((k) => k.action)).toEqual(expect.arrayContaining(['backspace', 'enter']));
    expect(allTexts('us', 'digits', 'phone')).toEqual(expect.arrayContaining(['+', '*', '#']));
    expect(allTexts('us', 'digits', 'number')).toEqual(expect.arrayContaining(['.', '-']));
    expect(allTexts('us', 'digits', 'number')).not.toContain('+');
  });

  it('email puts @ and . on the letters page, url / and .com', () => {
    expect(allTexts('us', 'letters', 'email')).toEqual(expect.arrayContaining(['@', '.']));
    expect(allTexts('us', 'letters', 'url')).toEqual(expect.arrayContaining(['/', '.com']));
    expect(allTexts('us', 'letters')).not.toContain('@');
  });

  it('the symbols page has the digits row and punctuation', () => {
    const symbols = page('us', 'symbols');
    expect(texts(symbols[0])).toBe('1234567890');
    expect(symbols.flat().map((k) => k.text)).toEqual(
      expect.arrayContaining([',', '.', '!', '?', '@']),
    );
  });
});

describe('layout data validation', () => {
  const error = (data: unknown) => {
    try {
      parseLayoutData(data, 'test.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };

  it('accepts compact rows and fills defaults', () => {
    const data = parseLayoutData({ pages: { letters: ['ab', [{ action: 'backspace' }]] } }, 'x');
    expect(data.pages.letters[0]).toEqual([
      { label: 'a', action: 'text', text: 'a', width: 1, fill: false },
      { label: 'b', action: 'text', text: 'b', width: 1, fill: false },
    ]);
    expect(data.pages.letters[1][0]).toMatchObject({ action: 'backspace', keysym: 'BackSpace' });
  });

  it('rejects unknown fields, bad values and dangling page links, naming the place', () => {
    expect(error({ pages: { letters: [[{ text: 'a', widht: 2 }]] } })).toBe(
      'test.json: pages.letters[0][0].widht: is not a known field (known: label, action, text, shifted, keysym, width, fill, alternates, purposes)',
    );
    expect(error({ pages: { letters: [[{ action: 'jump' }]] } })).toMatch(
      /^test\.json: pages\.letters\[0\]\[0\]\.action: "jump" is not an action/,
    );
    expect(error({ pages: { letters: [[{ action: 'text' }]] } })).toBe(
      'test.json: pages.letters[0][0].text: is required for a text key',
    );
    expect(error({ pages: { letters: [[{ text: 'a', width: -1 }]] } })).toMatch(
      /\.width: must be a number/,
    );
    expect(error({ pages: { letters: [[{ text: 'a', purposes: ['nope'] }]] } })).toMatch(
      /"nope" is not a content purpose/,
    );
    expect(error({ pages: { letters: [[{ action: 'page:nowhere' }]] } })).toBe(
      'test.json: pages.letters[0][0]: links to unknown page "nowhere"',
    );
    expect(error({ pages: { letters: [[{ xkb: 'AE' }]] } })).toMatch(
      /\.xkb: must be one of AD, AC, AB, extras/,
    );
    expect(error({ pages: {}, extra: 1 })).toBe(
      'test.json: extra: is not a known field (known: pages)',
    );
    expect(error([])).toBe('test.json: the top level: must be an object');
  });

  it('rejects malformed alternates', () => {
    expect(() => parseAlternates({ default: { a: 'àá' } }, 'alt')).toThrow(
      'alt: default.a: must be an array of non-empty strings',
    );
    expect(() => parseAlternates({ de: { ab: ['x'] } }, 'alt')).toThrow(
      'alt: de.ab: must be one character',
    );
  });
});
