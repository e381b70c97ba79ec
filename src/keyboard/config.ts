// The keyboard's theme and behaviour from a JSON file (`--config FILE`). Every field has a
// default; anything unknown or malformed is one clear ConfigError naming the file and field.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

export interface KeyboardConfig {
  colors: {
    panel: string;
    key: string;
    special: string;
    accent: string;
    pressed: string;
    text: string;
    popup: string;
  };
  font: string;
  /** panel height as a fraction of the output height */
  height: number;
  /** hold time before long-press alternates appear, ms */
  longPressMs: number;
}

export const DEFAULT_CONFIG: KeyboardConfig = {
  colors: {
    panel: '#14161a',
    key: '#2b2f36',
    special: '#3b404a',
    accent: '#2f7cf6',
    pressed: '#5b6474',
    text: '#f3f4f6',
    popup: '#4a5160',
  },
  font: 'DejaVu Sans',
  height: 0.38,
  longPressMs: 500,
};

const COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export function parseKeyboardConfig(json: unknown, where: string): KeyboardConfig {
  const fail = (field: string, what: string): never => {
    throw new ConfigError(`${where}: ${field} ${what}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('the top level', 'must be a JSON object');
  const config: KeyboardConfig = { ...DEFAULT_CONFIG, colors: { ...DEFAULT_CONFIG.colors } };
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    switch (key) {
      case 'colors':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('colors', 'must be an object');
        for (const [name, color] of Object.entries(value as Record<string, unknown>)) {
          if (!(name in config.colors)) fail(`colors.${name}`, `is unknown (known: ${Object.keys(config.colors).join(', ')})`);
          if (typeof color !== 'string' || !COLOR.test(color)) fail(`colors.${name}`, 'must be a colour like "#1e2024"');
          config.colors[name as keyof KeyboardConfig['colors']] = color as string;
        }
        break;
      case 'font':
        if (typeof value !== 'string' || !value.trim()) fail('font', 'must be a font family name');
        config.font = value as string;
        break;
      case 'height':
        if (typeof value !== 'number' || value < 0.2 || value > 0.6) fail('height', 'must be a number from 0.2 to 0.6 (fraction of the output height)');
        config.height = value as number;
        break;
      case 'longPressMs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 3000) fail('longPressMs', 'must be a whole number of milliseconds from 100 to 3000');
        config.longPressMs = value as number;
        break;
      default:
        fail(key, 'is not a known setting (known: colors, font, height, longPressMs)');
    }
  }
  return config;
}

export function loadKeyboardConfig(file: string | null): KeyboardConfig {
  if (!file) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`--config ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--config ${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseKeyboardConfig(json, `--config ${file}`);
}
