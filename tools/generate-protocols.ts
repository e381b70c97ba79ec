// Generates src/generated/*.ts from the Wayland protocol XML listed in protocols/list.json:
// per interface an InterfaceSpec (which the addon turns into libwayland's wl_interface
// tables), enum constants, a typed *Requests handler interface and a Resource subclass with
// one send method per event. One XML source feeds both the C and the TypeScript side, so
// the two cannot disagree on opcodes or signatures.
//
// Usage: npx tsx tools/generate-protocols.ts (the `generate` script of package.json).
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const listFile = path.join(root, 'protocols/list.json');
const outDir = path.join(root, 'src/generated');
const maxWidth = 100; // the repo's prettier printWidth

interface Arg {
  name: string;
  type: string;
  iface: string | null;
  nullable: boolean;
}
interface Message {
  name: string;
  since: number;
  destructor: boolean;
  summary: string;
  args: Arg[];
}
interface Enum {
  name: string;
  summary: string;
  entries: { name: string; value: string; summary: string }[];
}
interface Iface {
  name: string;
  version: number;
  summary: string;
  requests: Message[];
  events: Message[];
  enums: Enum[];
}
interface Protocol {
  module: string;
  source: string; // the path as listed, so the header does not depend on the checkout location
  interfaces: Iface[];
}

class GeneratorError extends Error {}
function fail(message: string): never {
  throw new GeneratorError(message);
}

// ---- reading -------------------------------------------------------------------------------

const signatureCodes: Record<string, string> = {
  int: 'i',
  uint: 'u',
  fixed: 'f',
  string: 's',
  object: 'o',
  new_id: 'n',
  array: 'a',
  fd: 'h',
};

// Attributes go to node.$ so they cannot collide with child elements of the same name.
type XmlNode = { $?: Record<string, string>; [child: string]: unknown };
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '$',
  parseAttributeValue: false,
  isArray: (tag, _path, _leaf, isAttribute) =>
    !isAttribute && ['interface', 'request', 'event', 'arg', 'enum', 'entry'].includes(tag),
});

function readList(): { xml: string; module: string }[] {
  if (!existsSync(listFile)) fail(`${path.relative(root, listFile)} not found`);
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(listFile, 'utf8'));
  } catch (error) {
    fail(`protocols/list.json is not valid JSON: ${(error as Error).message}`);
  }
  const valid = (e: unknown): e is { xml: string; module: string } =>
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { xml?: unknown }).xml === 'string' &&
    typeof (e as { module?: unknown }).module === 'string';
  if (!Array.isArray(list) || !list.every(valid)) {
    fail('protocols/list.json must be an array of { "xml": string, "module": string }');
  }
  const seen = new Set<string>();
  for (const { module } of list) {
    // module names become file names and import specifiers
    if (!/^[a-z0-9][a-z0-9-]*$/.test(module) || module === 'index') {
      fail(`protocols/list.json: invalid module name '${module}' (lowercase, digits, '-')`);
    }
    if (seen.has(module)) fail(`protocols/list.json: module '${module}' is listed twice`);
    seen.add(module);
  }
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
function summaryOf(node: XmlNode): string {
  const description = node.description as XmlNode | undefined;
  const text = node.$?.summary ?? description?.$?.summary ?? '';
  return text.replace(/\s+/g, ' ').trim();
}

function children(node: XmlNode, tag: string): XmlNode[] {
  return (node[tag] as XmlNode[] | undefined) ?? [];
}

function readMessage(node: XmlNode, where: string): Message {
  const name = attr(node, 'name', where);
  where = `${where}.${name}`;
  const args = children(node, 'arg').map((a): Arg => {
    const argName = attr(a, 'name', where);
    const type = attr(a, 'type', `${where}(${argName})`);
    if (!(type in signatureCodes)) fail(`${where}(${argName}): unknown arg type '${type}'`);
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

function readProtocol(source: string, module: string): Protocol {
  const file = path.resolve(root, source); // absolute paths stay as they are
  if (!existsSync(file))
    fail(`protocol XML not found: ${file} (module '${module}' in protocols/list.json)`);
  const text = readFileSync(file, 'utf8');
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
const camel = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (name: string): string => {
  const c = camel(name);
  return c.charAt(0).toUpperCase() + c.slice(1);
};
const className = (iface: string): string => `${pascal(iface)}Resource`;
const specName = (iface: string): string => `${camel(iface)}Spec`;

// Words that cannot name a parameter in strict-mode TypeScript.
const reserved = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with yield let static implements interface package private ' +
    'protected public await arguments eval'
  ).split(' '),
);

function paramName(name: string, taken: string[]): string {
  let result = camel(name);
  if (reserved.has(result)) result += '_';
  while (taken.includes(result)) result += '_'; // e.g. an arg called `resource` in a request
  return result;
}

function enumKey(name: string): string {
  const key = camel(name);
  return /^[0-9]/.test(key) ? `_${key}` : key;
}

function doc(text: string): string {
  return `/** ${text.replace(/\*\//g, '*\\/')} */`;
}

// ---- emitting ------------------------------------------------------------------------------

/** libwayland signature and types table; an untyped new_id travels as (interface, version, id). */
function wireFormat(message: Message): { signature: string; types: (string | null)[] } {
  let signature = '';
  const types: (string | null)[] = [];
  for (const arg of message.args) {
    if (arg.type === 'new_id' && !arg.iface) {
      signature += 'sun';
      types.push(null, null, null);
      continue;
    }
    signature += (arg.nullable ? '?' : '') + signatureCodes[arg.type];
    types.push(arg.iface);
  }
  return { signature, types };
}

interface Param {
  name: string;
  type: string;
  wire: string; // the expression handed to post()
}

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
    let type = isObject ? (arg.iface ? className(arg.iface) : 'Resource') : 'number';
    if (arg.type === 'string') type = 'string';
    if (arg.type === 'array') type = 'Uint8Array';
    // The addon marshals objects by token; the resource classes are a TypeScript-side view.
    const wire = (p: string): string =>
      !isObject ? p : arg.nullable ? `${p} ? ${p}.token : null` : `${p}.token`;
    add(arg.name, arg.nullable ? `${type} | null` : type, wire);
  }
  return result;
}

/** `head(a, b): tail`, broken one item per line when it does not fit. */
function call(indent: string, head: string, items: string[], tail: string, close = ')'): string[] {
  const line = `${indent}${head}${items.join(', ')}${close}${tail}`;
  if (line.length <= maxWidth || items.length === 0) return [line];
  return [`${indent}${head}`, ...items.map((i) => `${indent}  ${i},`), `${indent}${close}${tail}`];
}

function messageSpecs(messages: Message[]): string[] {
  if (messages.length === 0) return ['[],'];
  const lines = messages.map((m) => {
    const { signature, types } = wireFormat(m);
    const typeList = types.map((t) => (t === null ? 'null' : `'${t}'`)).join(', ');
    return `    { name: '${m.name}', signature: '${signature}', types: [${typeList}], since: ${m.since} },`;
  });
  return ['[', ...lines, '  ],'];
}

function messageDoc(kind: string, m: Message): string {
  const notes = [m.since > 1 ? `since ${m.since}` : '', m.destructor ? 'destructor' : ''].filter(
    Boolean,
  );
  return doc(
    `${kind} ${m.name}${m.summary ? `: ${m.summary}` : ''}${notes.length ? ` (${notes.join(', ')})` : ''}`,
  );
}

function emitInterface(iface: Iface): string[] {
  const cls = className(iface.name);
  const requests = `${pascal(iface.name)}Requests`;
  const out: string[] = [];
  out.push(`export const ${specName(iface.name)}: InterfaceSpec = {`);
  out.push(`  name: '${iface.name}',`, `  version: ${iface.version},`);
  const [reqHead, ...reqRest] = messageSpecs(iface.requests);
  const [evHead, ...evRest] = messageSpecs(iface.events);
  out.push(`  requests: ${reqHead}`, ...reqRest, `  events: ${evHead}`, ...evRest, '};', '');

  for (const e of iface.enums) {
    out.push(doc(`enum ${iface.name}.${e.name}${e.summary ? `: ${e.summary}` : ''}`));
    out.push(`export const ${pascal(iface.name)}${pascal(e.name)} = {`);
    for (const entry of e.entries) {
      if (entry.summary) out.push(`  ${doc(entry.summary)}`);
      const value = /^0x/i.test(entry.value)
        ? entry.value.toLowerCase()
        : String(Number(entry.value));
      out.push(`  ${enumKey(entry.name)}: ${value},`);
    }
    out.push('} as const;', '');
  }

  const what = iface.summary ? ` (${iface.summary})` : '';
  out.push(doc(`Requests of ${iface.name}${what}; every method gets the resource first.`));
  out.push(`export interface ${requests} {`);
  for (const m of iface.requests) {
    const ps = [`resource: ${cls}`, ...params(m, ['resource']).map((p) => `${p.name}: ${p.type}`)];
    out.push(`  ${messageDoc('request', m)}`, ...call('  ', `${camel(m.name)}(`, ps, ': void;'));
  }
  out.push('}', '');

  out.push(doc(`${iface.name} v${iface.version}${iface.summary ? `: ${iface.summary}` : ''}`));
  out.push(`export class ${cls} extends Resource<${requests}> {`);
  out.push(`  static override readonly spec = ${specName(iface.name)};`);
  iface.events.forEach((m, opcode) => {
    const ps = params(m, []);
    out.push(`  ${messageDoc('event', m)}`);
    out.push(
      ...call(
        '  ',
        `send${pascal(m.name)}(`,
        ps.map((p) => `${p.name}: ${p.type}`),
        ': void {',
      ),
    );
    if (m.since > 1) out.push(`    if (this.version < ${m.since}) return;`);
    out.push(
      ...call(
        '    ',
        `this.post(${opcode}, [`,
        ps.map((p) => p.wire),
        ');',
        ']',
      ),
    );
    out.push('  }');
  });
  out.push('}', '');
  return out;
}

function emitModule(protocol: Protocol, owner: Map<string, string>): string {
  // Other modules' classes are imported as types; same-module ones are in scope already.
  const imports = new Map<string, Set<string>>();
  for (const iface of protocol.interfaces) {
    for (const m of [...iface.requests, ...iface.events]) {
      for (const arg of m.args) {
        if (!arg.iface) continue;
        const module = owner.get(arg.iface);
        if (!module) {
          fail(
            `${protocol.source}: ${iface.name}.${m.name} refers to interface ${arg.iface}, which no protocol in protocols/list.json defines`,
          );
        }
        if (module === protocol.module) continue;
        if (!imports.has(module)) imports.set(module, new Set());
        imports.get(module)!.add(className(arg.iface));
      }
    }
  }
  const out = [
    `// generated from ${protocol.source} by tools/generate-protocols.ts: do not edit`,
    `import { Resource } from '../compositor/wayland/resource.js';`,
    `import type { InterfaceSpec } from '../native.js';`,
  ];
  for (const [module, names] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(...call('', 'import type { ', [...names].sort(), ` from './${module}.js';`, '}'));
  }
  out.push('');
  for (const iface of protocol.interfaces) out.push(...emitInterface(iface));
  return out.join('\n').replace(/\n+$/, '\n');
}

function emitIndex(protocols: Protocol[]): string {
  const out = [
    '// generated from protocols/list.json by tools/generate-protocols.ts: do not edit',
    `import type { ResourceClass } from '../compositor/wayland/resource.js';`,
    `import type { InterfaceSpec } from '../native.js';`,
  ];
  for (const p of protocols) {
    const names = p.interfaces.flatMap((i) => [specName(i.name), className(i.name)]);
    out.push(...call('', 'import { ', names, ` from './${p.module}.js';`, '}'));
  }
  out.push('');
  for (const p of protocols) out.push(`export * from './${p.module}.js';`);
  const all = protocols.flatMap((p) => p.interfaces);
  out.push('', '/** every interface, for the addon to build its wl_interface tables */');
  out.push('export const interfaceSpecs: InterfaceSpec[] = [');
  out.push(...all.map((i) => `  ${specName(i.name)},`), '];', '');
  out.push('/** the generated Resource subclass of each interface, by interface name */');
  out.push('export const resourceClasses: Record<string, ResourceClass> = {');
  out.push(...all.map((i) => `  ${i.name}: ${className(i.name)},`), '};', '');
  return out.join('\n');
}

/** Every exported name must be unique across modules, or `export *` in index.ts hides it. */
function checkNames(protocols: Protocol[]): Map<string, string> {
  const owner = new Map<string, string>();
  const exported = new Map<string, string>();
  const claim = (name: string, what: string): void => {
    const previous = exported.get(name);
    if (previous)
      fail(`name collision: ${name} would be generated for both ${previous} and ${what}`);
    exported.set(name, what);
  };
  for (const p of protocols) {
    for (const iface of p.interfaces) {
      const known = owner.get(iface.name);
      if (known)
        fail(`interface ${iface.name} is defined by both module '${known}' and '${p.module}'`);
      owner.set(iface.name, p.module);
      for (const suffix of ['Resource', 'Requests']) claim(pascal(iface.name) + suffix, iface.name);
      claim(specName(iface.name), iface.name);
      for (const e of iface.enums) {
        claim(pascal(iface.name) + pascal(e.name), `enum ${iface.name}.${e.name}`);
        const keys = new Set(e.entries.map((x) => enumKey(x.name)));
        if (keys.size !== e.entries.length)
          fail(`enum ${iface.name}.${e.name}: entry names collide in camelCase`);
      }
    }
  }
  return owner;
}

function writeIfChanged(file: string, content: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  writeFileSync(file, content);
  return true;
}

function main(): void {
  const protocols = readList().map(({ xml, module }) => readProtocol(xml, module));
  const owner = checkNames(protocols);
  const files = new Map<string, string>();
  for (const p of protocols) files.set(`${p.module}.ts`, emitModule(p, owner));
  files.set('index.ts', emitIndex(protocols));

  mkdirSync(outDir, { recursive: true });
  let written = 0;
  for (const [name, content] of files)
    if (writeIfChanged(path.join(outDir, name), content)) written++;
  // src/generated belongs to this tool: anything it no longer produces is stale
  const stale = readdirSync(outDir).filter((name) => !files.has(name));
  for (const name of stale) unlinkSync(path.join(outDir, name));
  const count = protocols.reduce((n, p) => n + p.interfaces.length, 0);
  console.log(
    `generate-protocols: ${count} interfaces from ${protocols.length} protocols; ` +
      `${written} file(s) written, ${files.size - written} unchanged, ${stale.length} stale removed`,
  );
}

try {
  main();
} catch (error) {
  if (!(error instanceof GeneratorError)) throw error;
  console.error(`generate-protocols: ${error.message}`);
  process.exit(1);
}
