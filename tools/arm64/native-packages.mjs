// Prints, one a line as name@version, the arm64 twin of every platform package npm installed
// for this host (a package whose "cpu" and "os" name this machine, e.g. the canvas's Skia
// build), at the version its parent package pins in optionalDependencies.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const modules = path.resolve(import.meta.dirname, '../../node_modules');
const manifests = readdirSync(modules)
  .flatMap((name) =>
    name.startsWith('@')
      ? readdirSync(path.join(modules, name)).map((sub) => `${name}/${sub}`)
      : [name],
  )
  .map((name) => path.join(modules, name, 'package.json'))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')));

const platform = (m) => m.cpu?.includes(process.arch) && m.os?.includes(process.platform);
const hostBuilds = new Set(manifests.filter(platform).map((m) => m.name));
const twins = new Set();
for (const parent of manifests)
  for (const name of Object.keys(parent.optionalDependencies ?? {}))
    if (hostBuilds.has(name)) {
      const twin = name.replace(process.arch, 'arm64');
      const version = parent.optionalDependencies[twin];
      if (!version) throw new Error(`${parent.name} names no ${twin}`);
      twins.add(`${twin}@${version}`);
    }
console.log([...twins].join('\n'));
