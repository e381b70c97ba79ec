#!/usr/bin/env node
// Part of `prepack`: removes from dist/ what no longer has a source in src/ (a module renamed
// or deleted since an older build), so the package ships only today's code. dist/ is pruned
// in place rather than rebuilt from empty: other processes may be running from it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
// the CLI, bundled from src/cli/main.ts into one file (package.json's "bundle" script)
const bundle = ['wayboard.js', 'wayboard.js.map'].map((name) => path.join(dist, name));
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const m = /^(.*)\.(js|js\.map|d\.ts|d\.ts\.map)$/.exec(entry.name);
  if (!entry.isFile() || !m) continue;
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  const source = path.join(root, 'src', path.relative(dist, path.dirname(file)), `${m[1]}.ts`);
  if (!existsSync(source) && !bundle.includes(file)) rmSync(file);
}
