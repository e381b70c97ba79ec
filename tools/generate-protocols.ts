// Generates src/generated/*.ts from the Wayland protocol XML listed in protocols/list.json:
// per interface an InterfaceSpec (which the addon turns into libwayland's wl_interface
// tables), enum constants, a typed *Requests handler interface and a Resource subclass with
// one send method per event. One XML source feeds both the C and the TypeScript side, so
// the two cannot disagree on opcodes or signatures.
//
// Usage: npx tsx tools/generate-protocols.ts (the `generate` script of package.json).
// Tests may pass another list and output directory: ... generate-protocols.ts LIST OUTDIR
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const listFile = path.resolve(process.argv[2] ?? path.join(root, 'protocols/list.json'));
const outDir = path.resolve(process.argv[3] ?? path.join(root, 'src/generated'));
const maxWidth = 100; // the repo's prettier printWidth

type Arg = { name: string; type: string; iface: string | null; nullable: boolean };
type Message = { name: string; since: number; destructor: boolean; summary: string; args: Arg[] };
type Entry = { name: string; value: string; summary: string };
type Enum = { name: string; summary: string; entries: Entry[] };
type Messages = { requests: Message[]; events: Message[] };
type Iface = Messages & { name: string; version: number; summary: string; enums: Enum[] };
/** source: the path as listed, so headers do not depend on where the repo is checked out */
type Protocol = { module: string; source: string; interfaces: Iface[] };

class GeneratorError extends Error {}
function fail(message: string): never {
  throw new GeneratorError(message);
}

// ---- reading -------------------------------------------------------------------------------

// XML arg type → libwayland signature letter
const argTypes = ['int', 'uint', 'fixed', 'string', 'object', 'new_id', 'array', 'fd'];
const codes = Object.fromEntries(argTypes.map((type, i) => [type, 'iufsonah'[i]]));

// Attributes go to node.$ so they cannot collide with child elements of the same name.
type XmlNode = { $?: Record<string, string>; [child: string]: unknown };
const listTags = ['interface', 'request', 'event', 'arg', 'enum', 'entry'];
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '$',
  parseAttributeValue: false,
  isArray: (tag, _path, _leaf, isAttribute) => !isAttribute && listTags.includes(tag),
});

function readList(): { xml: string; module: string }[] {
  let list: unknown;
  try {
    list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  } catch (error) {
    fail(`${listFile}: ${(error as Error).message}`); // missing or not JSON
  }
  const valid = (e: { xml?: unknown; module?: unknown } | null) =>
    typeof e?.xml === 'string' && typeof e.module === 'string';
  if (!Array.isArray(list) || !list.every(valid)) {
    fail(`${listFile} must be an array of { "xml": string, "module": string }`);
  }
  // module names become file names and import specifiers
  const modules = list.map((e) => e.module);
  const ok = (m: string, i: number) => /^[a-z0-9][a-z0-9-]*$/.test(m) && modules.indexOf(m) === i;
  const bad = modules.find((m, i) => !ok(m, i) || m === 'index');
  if (bad !== undefined) fail(`${listFile}: module '${bad}' is listed twice or misnamed`);
  return list;
}

function attr(node: XmlNode, name: string, where: string): string {
  const value = node.$?.[name];
  if (value === undefined || value === '') fail(`${where}: missing attribute '${name}'`);
  return value;
}

function positiveInt(text: string, where: string): number {
  if (!/^[1-9][0-9]*$/.test(text)) fail(`${where}: '${text}' is not a positive integer`);
  return Number(text);
}

/** The summary attribute of the element or of its <description>, on one line. */
const summaryOf = (node: XmlNode) =>
  (node.$?.summary ?? (node.description as XmlNode | undefined)?.$?.summary ?? '')
    .replace(/\s+/g, ' ')
    .trim();

const children = (node: XmlNode, tag: string) => (node[tag] as XmlNode[] | undefined) ?? [];

function readMessage(node: XmlNode, where: string): Message {
  const name = attr(node, 'name', where);
  where = `${where}.${name}`;
  const args = children(node, 'arg').map((a): Arg => {
    const argName = attr(a, 'name', where);
    const type = attr(a, 'type', `${where}(${argName})`);
    if (!(type in codes)) fail(`${where}(${argName}): unknown arg type '${type}'`);
    const iface = type === 'object' || type === 'new_id' ? (a.$?.interface ?? null) : null;
    return { name: argName, type, iface, nullable: a.$?.['allow-null'] === 'true' };
  });
  const since = node.$?.since ? positiveInt(node.$.since, `${where} since`) : 1;
  const destructor = node.$?.type === 'destructor';
  return { name, since, destructor, summary: summaryOf(node), args };
}

function readEnum(node: XmlNode, where: string): Enum {
  const name = attr(node, 'name', where);
  const entries = children(node, 'entry').map((e) => {
    const entryName = attr(e, 'name', `${where}.${name}`);
    const value = attr(e, 'value', `${where}.${name}.${entryName}`);
    if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(value)) {
      fail(`${where}.${name}.${entryName}: value '${value}' is neither decimal nor hex`);
    }
    return { name: entryName, value, summary: summaryOf(e) };
  });
  return { name, summary: summaryOf(node), entries };
}

/** A path whose one directory name holds `*` (a versioned package folder such as
 *  wayland-protocols-0.29.4) names the one match there; the newest when several do. */
function resolveWildcard(file: string): string {
  const parts = file.split(path.sep);
  const index = parts.findIndex((p) => p.includes('*'));
  if (index < 0) return file;
  const dir = parts.slice(0, index).join(path.sep) || path.sep;
  const pattern = new RegExp(`^${parts[index].split('*').map(escapeRegExp).join('.*')}$`);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => pattern.test(n)) : [];
  const newest = names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
  return newest
    ? [...parts.slice(0, index), newest, ...parts.slice(index + 1)].join(path.sep)
    : file;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function readProtocol(source: string, module: string): Protocol {
  const file = resolveWildcard(path.resolve(root, source)); // absolute paths stay as they are
  if (!fs.existsSync(file)) {
    fail(`protocol XML not found: ${file} (module '${module}' in ${listFile})`);
  }
  const text = fs.readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) fail(`${file}:${valid.err.line}: invalid XML: ${valid.err.msg}`);
  const protocol = (parser.parse(text) as { protocol?: XmlNode }).protocol;
  if (!protocol || typeof protocol !== 'object') fail(`${file}: no <protocol> element`);
  const interfaces = children(protocol, 'interface').map((node): Iface => {
    const name = attr(node, 'name', `${file}: interface`);
    const where = `${file}: ${name}`;
    return {
      name,
      version: positiveInt(attr(node, 'version', where), `${where} version`),
      summary: summaryOf(node),
      requests: children(node, 'request').map((m) => readMessage(m, where)),
      events: children(node, 'event').map((m) => readMessage(m, where)),
      enums: children(node, 'enum').map((e) => readEnum(e, where)),
    };
  });
  if (interfaces.length === 0) fail(`${file}: no <interface> elements`);
  return { module, source, interfaces };
}

// ---- naming --------------------------------------------------------------------------------

// Same rule as Display's dispatch uses to find handler methods: snake_case → camelCase.
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (name: string) => camel(name).charAt(0).toUpperCase() + camel(name).slice(1);
const className = (iface: string) => `${pascal(iface)}Resource`;
const specName = (iface: string) => `${camel(iface)}Spec`;
const enumKey = (name: string) => (/^[0-9]/.test(name) ? '_' : '') + camel(name);
const doc = (text: string) => `/** ${text.replace(/\*\//g, '*\\/')} */`;

// Words that cannot name a parameter in strict-mode TypeScript.
const reserved = new Set(
  `break case catch class const continue debugger default delete do else enum export extends false
  finally for function if import in instanceof new null return super switch this throw true try
  typeof var void while with yield let static implements interface package private protected
  public await arguments eval`.split(/\s+/),
);

function paramName(name: string, taken: string[]): string {
  let result = camel(name);
  if (reserved.has(result)) result += '_';
  while (taken.includes(result)) result += '_'; // e.g. an arg called `resource` in a request
  return result;
}

// ---- emitting ------------------------------------------------------------------------------

/** libwayland signature and types table; an untyped new_id travels as (interface, version, id). */
function wireFormat(message: Message): { signature: string; types: (string | null)[] } {
  let signature = '';
  const types: (string | null)[] = [];
  for (const arg of message.args) {
    const untyped = arg.type === 'new_id' && !arg.iface;
    signature += untyped ? 'sun' : (arg.nullable ? '?' : '') + codes[arg.type];
    types.push(...(untyped ? [null, null, null] : [arg.iface]));
  }
  return { signature, types };
}

/** wire: the expression handed to post() */
type Param = { name: string; type: string; wire: string };

function params(message: Message, taken: string[]): Param[] {
  const result: Param[] = [];
  const names = [...taken];
  const add = (raw: string, type: string, wire: (p: string) => string): void => {
    const name = paramName(raw, names);
    names.push(name);
    result.push({ name, type, wire: wire(name) });
  };
  for (const arg of message.args) {
    const isObject = arg.type === 'object' || arg.type === 'new_id';
    if (arg.type === 'new_id' && !arg.iface) {
      add(`${arg.name}_interface`, 'string', (p) => p);
      add(`${arg.name}_version`, 'number', (p) => p);
    }
    const plain = arg.type === 'string' ? 'string' : arg.type === 'array' ? 'Uint8Array' : 'number';
    const type = isObject ? (arg.iface ? className(arg.iface) : 'Resource') : plain;
    // The addon marshals objects by token; the resource classes are a TypeScript-side view.
    const wire = (p: string) =>
      !isObject ? p : arg.nullable ? `${p} ? ${p}.token : null` : `${p}.token`;
    add(arg.name, arg.nullable ? `${type} | null` : type, wire);
  }
  return result;
}

/** `head a, b close tail` on one line, or one item per line when that does not fit. */
function call(indent: string, head: string, items: string[], close: string, tail: string) {
  const pad = head.endsWith('{') ? ' ' : ''; // `{ a, b }` but `(a, b)`
  const line = `${indent}${head}${pad}${items.join(', ')}${pad}${close}${tail}`;
  if (line.length <= maxWidth || items.length === 0) return [line];
  return [`${indent}${head}`, ...items.map((i) => `${indent}  ${i},`), `${indent}${close}${tail}`];
}

function messageSpecs(key: keyof Messages, messages: Message[]): string[] {
  if (messages.length === 0) return [`  ${key}: [],`];
  const lines = messages.map((m) => {
    const { signature, types } = wireFormat(m);
    const typeList = types.map((t) => (t === null ? 'null' : `'${t}'`)).join(', ');
    return `    { name: '${m.name}', signature: '${signature}', types: [${typeList}], since: ${m.since} },`;
  });
  return [`  ${key}: [`, ...lines, '  ],'];
}

function messageDoc(kind: string, m: Message): string {
  const notes = [m.since > 1 ? `since ${m.since}` : '', m.destructor ? 'destructor' : ''];
  const note = notes.filter(Boolean).join(', ');
  return doc(`${kind} ${m.name}${m.summary ? `: ${m.summary}` : ''}${note ? ` (${note})` : ''}`);
}

function emitInterface(iface: Iface): string[] {
  const cls = className(iface.name);
  const requests = `${pascal(iface.name)}Requests`;
  const out = [
    `export const ${specName(iface.name)}: InterfaceSpec = {`,
    `  name: '${iface.name}',`,
    `  version: ${iface.version},`,
    ...messageSpecs('requests', iface.requests),
    ...messageSpecs('events', iface.events),
    '};',
    '',
  ];

  for (const e of iface.enums) {
    out.push(doc(`enum ${iface.name}.${e.name}${e.summary ? `: ${e.summary}` : ''}`));
    out.push(`export const ${pascal(iface.name)}${pascal(e.name)} = {`);
    for (const entry of e.entries) {
      if (entry.summary) out.push(`  ${doc(entry.summary)}`);
      const hex = /^0x/i.test(entry.value);
      out.push(`  ${enumKey(entry.name)}: ${hex ? entry.value.toLowerCase() : +entry.value},`);
    }
    out.push('} as const;', '');
  }

  const what = iface.summary ? ` (${iface.summary})` : '';
  out.push(doc(`Requests of ${iface.name}${what}; every method gets the resource first.`));
  out.push(`export interface ${requests} {`);
  for (const m of iface.requests) {
    const ps = params(m, ['resource']).map((p) => `${p.name}: ${p.type}`);
    out.push(`  ${messageDoc('request', m)}`);
    out.push(...call('  ', `${camel(m.name)}(`, [`resource: ${cls}`, ...ps], ')', ': void;'));
  }
  out.push('}', '');

  out.push(doc(`${iface.name} v${iface.version}${iface.summary ? `: ${iface.summary}` : ''}`));
  out.push(`export class ${cls} extends Resource<${requests}> {`);
  out.push(`  static override readonly spec = ${specName(iface.name)};`);
  iface.events.forEach((m, opcode) => {
    const ps = params(m, []);
    const declared = ps.map((p) => `${p.name}: ${p.type}`);
    out.push(`  ${messageDoc('event', m)}`);
    out.push(...call('  ', `send${pascal(m.name)}(`, declared, ')', ': void {'));
    if (m.since > 1) out.push(`    if (this.version < ${m.since}) return;`);
    const wires = ps.map((p) => p.wire);
    out.push(...call('    ', `this.post(${opcode}, [`, wires, ']', ');'), '  }');
  });
  out.push('}', '');
  return out;
}

function emitModule(protocol: Protocol, owner: Map<string, string>): string {
  // Other modules' classes are imported as types; same-module ones are in scope already.
  const imports = new Map<string, Set<string>>();
  for (const iface of protocol.interfaces) {
    for (const m of [...iface.requests, ...iface.events]) {
      for (const other of m.args.flatMap((a) => a.iface ?? [])) {
        const where = `${protocol.source}: ${iface.name}.${m.name}`;
        const module =
          owner.get(other) ?? fail(`${where}: ${other} is defined by no protocol in list.json`);
        if (module !== protocol.module) {
          imports.set(module, (imports.get(module) ?? new Set()).add(className(other)));
        }
      }
    }
  }
  const out = [
    `// generated from ${protocol.source} by tools/generate-protocols.ts: do not edit`,
    `import { Resource } from '../compositor/wayland/resource.js';`,
    `import type { InterfaceSpec } from '../native.js';`,
  ];
  for (const [module, names] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(...call('', 'import type {', [...names].sort(), '}', ` from './${module}.js';`));
  }
  out.push('');
  for (const iface of protocol.interfaces) out.push(...emitInterface(iface));
  return out.join('\n').replace(/\n+$/, '\n');
}

function emitIndex(protocols: Protocol[]): string {
  const all = protocols.flatMap((p) => p.interfaces);
  const out = [
    '// generated from protocols/list.json by tools/generate-protocols.ts: do not edit',
    `import type { ResourceClass } from '../compositor/wayland/resource.js';`,
    `import type { InterfaceSpec } from '../native.js';`,
  ];
  for (const p of protocols) {
    const names = p.interfaces.flatMap((i) => [specName(i.name), className(i.name)]);
    out.push(...call('', 'import {', names, '}', ` from './${p.module}.js';`));
  }
  out.push('', ...protocols.map((p) => `export * from './${p.module}.js';`), '');
  out.push('/** every interface, for the addon to build its wl_interface tables */');
  out.push('export const interfaceSpecs: InterfaceSpec[] = [');
  out.push(...all.map((i) => `  ${specName(i.name)},`), '];', '');
  out.push('/** the generated Resource subclass of each interface, by interface name */');
  out.push('export const resourceClasses: Record<string, ResourceClass> = {');
  out.push(...all.map((i) => `  ${i.name}: ${className(i.name)},`), '};', '');
  return out.join('\n');
}

/** Exported names must be unique across modules, or `export *` in index.ts would hide them. */
function checkNames(protocols: Protocol[]): Map<string, string> {
  const owner = new Map<string, string>(); // interface name → module
  const exported = new Map<string, string>();
  const claim = (name: string, what: string): void => {
    const previous = exported.get(name);
    if (previous) fail(`name collision: ${name} would be generated for ${previous} and ${what}`);
    exported.set(name, what);
  };
  for (const p of protocols) {
    for (const iface of p.interfaces) {
      const known = owner.get(iface.name);
      if (known) fail(`interface ${iface.name} is defined in both '${known}' and '${p.module}'`);
      owner.set(iface.name, p.module);
      for (const suffix of ['Resource', 'Requests']) claim(pascal(iface.name) + suffix, iface.name);
      claim(specName(iface.name), iface.name);
      for (const e of iface.enums) {
        const what = `enum ${iface.name}.${e.name}`;
        claim(pascal(iface.name) + pascal(e.name), what);
        const keys = new Set(e.entries.map((x) => enumKey(x.name)));
        if (keys.size !== e.entries.length) fail(`${what}: entry names collide in camelCase`);
      }
    }
  }
  return owner;
}

function main(): void {
  const protocols = readList().map(({ xml, module }) => readProtocol(xml, module));
  const owner = checkNames(protocols);
  const files = new Map(protocols.map((p) => [`${p.module}.ts`, emitModule(p, owner)]));
  files.set('index.ts', emitIndex(protocols));

  // Unchanged files keep their mtime, so incremental builds stay quick.
  fs.mkdirSync(outDir, { recursive: true });
  const changed = [...files].filter(([name, text]) => {
    const file = path.join(outDir, name);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
  });
  for (const [name, text] of changed) fs.writeFileSync(path.join(outDir, name), text);
  // src/generated belongs to this tool: anything it no longer produces is stale
  const stale = fs.readdirSync(outDir).filter((name) => !files.has(name));
  for (const name of stale) fs.rmSync(path.join(outDir, name), { recursive: true });
  const count = protocols.reduce((n, p) => n + p.interfaces.length, 0);
  console.log(
    `generate-protocols: ${count} interfaces; wrote ${changed.length} of ${files.size} files`,
  );
}

try {
  main();
} catch (error) {
  if (!(error instanceof GeneratorError)) throw error;
  console.error(`generate-protocols: ${error.message.replace(/\s+/g, ' ')}`); // one line
  process.exit(1);
}
