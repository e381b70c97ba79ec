// The keyboard's theme and behaviour from a JSON file (`--config FILE`). Every field has a
// default; anything unknown or malformed is one ConfigError line naming the file and field.
// The rules and their messages are the JSON Schema in schema/, checked by ajv.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { ConfigError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';

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

type Schema = {
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
  $ref?: string;
  'x-error'?: string;
};
type Validate = ((json: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The JSON Schema shipped in the package, which editors can use too:
 *  `wayboard --print-config-schema`. */
export const CONFIG_SCHEMA_URL = new URL('schema/keyboard-config.schema.json', PACKAGE_ROOT);

let compiled: { schema: Schema; validate: Validate } | null = null;

/** ajv and the compiled schema, loaded with the first config file: a wayboard started
 *  without --config never pays for them. */
function validator(): { schema: Schema; validate: Validate } {
  if (compiled) return compiled;
  const { default: Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as Schema;
  // allErrors: the first mistake in the file's own order is reported, as a reader expects
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addKeyword({ keyword: 'x-error', schemaType: 'string' }); // our one-line message
  return (compiled = { schema, validate: ajv.compile(schema) });
}

/** Checks a parsed JSON config; `where` names its source in errors. */
export function parseKeyboardConfig(json: unknown, where: string): KeyboardConfig {
  const { schema, validate } = validator();
  if (!validate(json)) {
    throw new ConfigError(`${where}: ${firstMistake(json, schema, validate.errors ?? [])}`);
  }
  const {
    colors,
    $schema: _,
    ...settings
  } = json as Partial<KeyboardConfig> & {
    $schema?: string;
  };
  return { ...DEFAULT_CONFIG, ...settings, colors: { ...DEFAULT_CONFIG.colors, ...colors } };
}

/** The schema's error (x-error) for the mistake that comes first in the file. */
function firstMistake(json: unknown, schema: Schema, errors: ErrorObject[]): string {
  const colorsSchema = schema.properties!.colors!;
  const known = (s: Schema) => Object.keys(s.properties!).filter((k) => k !== '$schema');
  const order = (object: unknown, key: string | undefined) =>
    key === undefined ? -1 : Object.keys(object as object).indexOf(key);
  const located = errors.map((error) => {
    // instancePath "/colors/accent" → ["colors", "accent"]; an unknown name is a parameter
    const path = error.instancePath.split('/').slice(1);
    if (error.keyword === 'additionalProperties')
      path.push((error.params as { additionalProperty: string }).additionalProperty);
    const rank = [order(json, path[0])];
    if (path[0] === 'colors' && path[1] !== undefined)
      rank.push(order((json as { colors: object }).colors, path[1]));
    return { error, path, rank };
  });
  located.sort((a, b) => a.rank[0]! - b.rank[0]! || (a.rank[1] ?? -1) - (b.rank[1] ?? -1));
  const { error, path } = located[0]!;
  const [key, color] = path;
  if (key === undefined) return `the top level ${schema['x-error']}`;
  if (error.keyword === 'additionalProperties' && color === undefined)
    return `${JSON.stringify(key)} is not a known setting (known: ${known(schema).join(', ')})`;
  if (key !== 'colors') return `${key} ${schema.properties![key]!['x-error']}`;
  if (color === undefined) return `colors ${colorsSchema['x-error']}`;
  if (error.keyword === 'additionalProperties')
    return `colors.${color} is not a known colour (known: ${known(colorsSchema).join(', ')})`;
  return `colors.${color} ${schema.definitions!.color!['x-error']}`;
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
