// The keyboard's JSON config: defaults for everything, and every mistake is one ConfigError
// line naming the file and the field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_CONFIG, loadKeyboardConfig } from '../../src/keyboard/config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-keyboard-config-'));
let files = 0;
function file(content: string): string {
  const name = path.join(dir, `config-${files++}.json`);
  writeFileSync(name, content);
  return name;
}

function errorOf(name: string): string {
  try {
    loadKeyboardConfig(name);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(`--config ${name}: `)).toBe(true);
    return message.slice(`--config ${name}: `.length);
  }
  throw new Error(`${name} was accepted`);
}

describe('keyboard config', () => {
  it('no file: the defaults, a dark panel at 38% of the output', () => {
    const config = loadKeyboardConfig(null);
    expect(config).toBe(DEFAULT_CONFIG);
    expect(config).toMatchObject({
      height: 0.38,
      longPressMs: 500,
      font: 'DejaVu Sans',
      fontSize: 'auto',
    });
    expect(config.colors.panel).toBe('#14161a');
  });

  it('a file overrides what it names and keeps the other defaults', () => {
    const config = loadKeyboardConfig(
      file(
        JSON.stringify({
          colors: { accent: '#ff8800', key: '#333' },
          height: 0.3,
          fontSize: 30,
          longPressMs: 700,
        }),
      ),
    );
    expect(config.colors).toEqual({ ...DEFAULT_CONFIG.colors, accent: '#ff8800', key: '#333' });
    expect(config).toMatchObject({
      height: 0.3,
      fontSize: 30,
      longPressMs: 700,
      font: 'DejaVu Sans',
    });
    expect(DEFAULT_CONFIG.colors.accent).toBe('#2f7cf6'); // the defaults are not touched
  });

  it('every mistake is one line naming the field', () => {
    const cases: [unknown, string][] = [
      [
        { colours: {} },
        '"colours" is not a known setting (known: colors, font, fontSize, height, longPressMs, suggestions, learning, autocorrect)',
      ],
      [{ colors: { accent: 'blue' } }, 'colors.accent must be a colour like "#1e2024"'],
      [
        { colors: { shadow: '#000' } },
        'colors.shadow is not a known colour (known: panel, key, special, accent, pressed, text, popup)',
      ],
      [{ colors: [] }, 'colors must be an object'],
      [{ autocorrect: 'yes' }, 'autocorrect must be true or false'],
      [{ learning: 1 }, 'learning must be true or false'],
      [{ height: 0.7 }, 'height must be a number from 0.2 to 0.6 (fraction of the output height)'],
      [
        { height: '0.3' },
        'height must be a number from 0.2 to 0.6 (fraction of the output height)',
      ],
      [{ font: 12 }, 'font must be a font family name'],
      [{ fontSize: 'big' }, 'fontSize must be "auto" or a number of pixels from 8 to 200'],
      [
        { longPressMs: 20.5 },
        'longPressMs must be a whole number of milliseconds from 100 to 3000',
      ],
      [[1, 2], 'the top level must be a JSON object'],
    ];
    for (const [json, message] of cases) expect(errorOf(file(JSON.stringify(json)))).toBe(message);
  });

  it('invalid JSON and unreadable files', () => {
    expect(errorOf(file('{"height": 0.3,\n}'))).toMatch(/^not valid JSON \(.+\)$/);
    expect(errorOf(path.join(dir, 'missing.json'))).toBe('cannot read it (ENOENT)');
    expect(errorOf(dir)).toBe('cannot read it (EISDIR)');
  });
});
