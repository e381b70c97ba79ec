// The keyboard config's JSON Schema (schema/keyboard-config.schema.json): what
// `wayboard --print-config-schema` prints, a valid draft-07 schema whose defaults are the
// keyboard's, and loaded (with ajv) only when a config file is given.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect, it } from 'vitest';
import {
  CONFIG_SCHEMA_URL,
  DEFAULT_CONFIG,
  loadKeyboardConfig,
} from '../../src/keyboard/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schemaText = readFileSync(CONFIG_SCHEMA_URL, 'utf8');
const schema = JSON.parse(schemaText) as {
  properties: Record<
    string,
    { default?: unknown; properties?: Record<string, { default?: unknown }> }
  >;
};

it('wayboard --print-config-schema prints the shipped schema', () => {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'bin/wayboard.js'), '--print-config-schema'],
    {
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(schemaText);
  expect(fileURLToPath(CONFIG_SCHEMA_URL)).toBe(
    path.join(root, 'schema/keyboard-config.schema.json'),
  );
});

it('is a valid draft-07 schema, strict, and its defaults are the keyboard defaults', () => {
  const ajv = new Ajv({ strict: true });
  ajv.addKeyword({ keyword: 'x-error', schemaType: 'string' });
  expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  const defaults = Object.fromEntries(
    Object.entries(schema.properties)
      .filter(([name]) => name !== '$schema')
      .map(([name, s]) =>
        name === 'colors'
          ? [
              name,
              Object.fromEntries(Object.entries(s.properties!).map(([c, cs]) => [c, cs.default])),
            ]
          : [name, s.default],
      ),
  );
  expect(defaults).toEqual(DEFAULT_CONFIG);
});

it('takes "$schema" (for editors) and ignores it', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wayboard-schema-')), 'kb.json');
  writeFileSync(file, JSON.stringify({ $schema: './keyboard-config.schema.json', height: 0.3 }));
  expect(loadKeyboardConfig(file)).toEqual({ ...DEFAULT_CONFIG, height: 0.3 });
});

it('loads ajv only for a config file (the built dist/, in a fresh node)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-schema-'));
  writeFileSync(path.join(dir, 'kb.json'), '{"height": 0.3}');
  const script = `
    import { createRequire } from 'node:module';
    const { loadKeyboardConfig } = await import(${JSON.stringify(path.join(root, 'dist/keyboard/config.js'))});
    const ajvLoaded = () =>
      Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('/node_modules/ajv/'));
    loadKeyboardConfig(null);
    const before = ajvLoaded();
    loadKeyboardConfig(${JSON.stringify(path.join(dir, 'kb.json'))});
    console.log(JSON.stringify([before, ajvLoaded()]));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual([false, true]);
});
