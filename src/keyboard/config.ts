// The keyboard's theme and behaviour from a JSON file (`--config FILE`). Every field has a
// default; anything unknown or malformed is one ConfigError line naming the file and field.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

export interface KeyboardColors {
  /** the panel behind the keys */
  panel: string;
  /** letter, digit and symbol keys, and the space bar */
  key: string;
  /** function keys: shift, backspace, page switches, arrows, hide */
  special: string;
  /** Enter and an active shift; the selected alternate */
  accent: string;
  /** a key while it is held */
  pressed: string;
  /** labels and icons */
  text: string;
  /** the pop-up above a held key and the alternates strip */
  popup: string;
}

export interface KeyboardConfig {
  colors: KeyboardColors;
  /** font family of the labels */
  font: string;
  /** label size of letter keys in pixels, or "auto" (scaled to the key height) */
  fontSize: number | 'auto';
  /** panel height as a fraction of the output height */
  height: number;
  /** hold time before long-press alternates appear, ms */
  longPressMs: number;
  /** the suggestion strip and preedit in fields that ask for prediction */
  suggestions: boolean;
  /** remember committed words per language under $XDG_STATE_HOME/wayboard */
  learning: boolean;
  /** a space after an unknown word puts the best suggestion (Backspace right after undoes) */
  autocorrect: boolean;
}

export const DEFAULT_CONFIG: KeyboardConfig = Object.freeze({
  colors: Object.freeze({
    panel: '#14161a',
    key: '#2c3038',
    special: '#1f2228',
    accent: '#2f7cf6',
    pressed: '#5f6b7d',
    text: '#f3f4f6',
    popup: '#454c59',
  }),
  font: 'DejaVu Sans',
  fontSize: 'auto',
  height: 0.38,
  longPressMs: 500,
  suggestions: true,
  learning: true,
  autocorrect: false,
});

const COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FIELDS = [
  'colors',
  'font',
  'fontSize',
  'height',
  'longPressMs',
  'suggestions',
  'learning',
  'autocorrect',
];

/** Checks a parsed JSON config; `where` names its source in errors. */
export function parseKeyboardConfig(json: unknown, where: string): KeyboardConfig {
  /** fails with `where: field what` unless ok */
  const check = (ok: boolean, field: string, what: string) => {
    if (!ok) throw new ConfigError(`${where}: ${field} ${what}`);
  };
  check(isObject(json), 'the top level', 'must be a JSON object');
  const config: KeyboardConfig = { ...DEFAULT_CONFIG, colors: { ...DEFAULT_CONFIG.colors } };
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    switch (key) {
      case 'colors': {
        check(isObject(value), 'colors', 'must be an object');
        const known = Object.keys(config.colors);
        for (const [name, color] of Object.entries(value as Record<string, unknown>)) {
          const field = `colors.${name}`;
          check(known.includes(name), field, `is not a known colour (known: ${known.join(', ')})`);
          check(
            typeof color === 'string' && COLOR.test(color),
            field,
            'must be a colour like "#1e2024"',
          );
          config.colors[name as keyof KeyboardColors] = color as string;
        }
        break;
      }
      case 'font':
        check(
          typeof value === 'string' && /^[^"\\]*\S[^"\\]*$/.test(value),
          'font',
          'must be a font family name',
        );
        config.font = value as string;
        break;
      case 'fontSize':
        check(
          value === 'auto' || inRange(value, 8, 200),
          'fontSize',
          'must be "auto" or a number of pixels from 8 to 200',
        );
        config.fontSize = value as number | 'auto';
        break;
      case 'height':
        check(
          inRange(value, 0.2, 0.6),
          'height',
          'must be a number from 0.2 to 0.6 (fraction of the output height)',
        );
        config.height = value as number;
        break;
      case 'longPressMs':
        check(
          Number.isInteger(value) && inRange(value, 100, 3000),
          'longPressMs',
          'must be a whole number of milliseconds from 100 to 3000',
        );
        config.longPressMs = value as number;
        break;
      case 'suggestions':
      case 'learning':
      case 'autocorrect':
        check(typeof value === 'boolean', key, 'must be true or false');
        config[key] = value as boolean;
        break;
      default:
        check(false, JSON.stringify(key), `is not a known setting (known: ${FIELDS.join(', ')})`);
    }
  }
  return config;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && value >= min && value <= max;
}

/** The config from a file, or the defaults for null. */
export function loadKeyboardConfig(file: string | null): KeyboardConfig {
  if (file === null) return DEFAULT_CONFIG;
  const where = `--config ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${where}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${where}: not valid JSON (${oneLine((error as Error).message)})`);
  }
  return parseKeyboardConfig(json, where);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
