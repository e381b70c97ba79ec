// What the generated specs leave out but the same protocol XML says: each argument's name and
// the enum it takes (values, bitfield or not). The generator uses them to make mostly valid
// numbers (an enum value, a width, a stride of width * 4) so that sessions get deep, and
// to make enum values out of range on purpose.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ArgHint {
  name: string;
  /** the enum's qualified name, e.g. "wl_shm.format" */
  enumName?: string;
  enumValues?: number[];
  bitfield?: boolean;
}

type XmlNode = { $?: Record<string, string>; [child: string]: unknown };
const children = (node: XmlNode, tag: string) => (node[tag] as XmlNode[] | undefined) ?? [];

let table: Map<string, ArgHint[]> | null = null;

/** as tools/generate-protocols.ts reads list.json: one directory name may hold a `*` (a
 *  versioned package folder); it names the newest match */
function resolveWildcard(file: string): string {
  const parts = file.split(path.sep);
  const index = parts.findIndex((p) => p.includes('*'));
  if (index < 0) return file;
  const dir = parts.slice(0, index).join(path.sep) || path.sep;
  const escaped = parts[index]!.split('*').map((t) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^${escaped.join('.*')}$`);
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => pattern.test(n)) : [];
  const newest = names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
  return newest
    ? [...parts.slice(0, index), newest, ...parts.slice(index + 1)].join(path.sep)
    : file;
}

function load(): Map<string, ArgHint[]> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '$',
    isArray: (tag, _p, _l, isAttribute) =>
      !isAttribute && ['interface', 'request', 'event', 'arg', 'enum', 'entry'].includes(tag),
  });
  const list = JSON.parse(readFileSync(path.join(root, 'protocols/list.json'), 'utf8')) as {
    xml: string;
  }[];
  const interfaces: XmlNode[] = [];
  for (const { xml } of list) {
    const file = resolveWildcard(path.resolve(root, xml));
    // hints only make values likelier to be valid: a file gone missing costs just that
    if (!existsSync(file)) continue;
    const doc = parser.parse(readFileSync(file, 'utf8')) as { protocol: XmlNode };
    interfaces.push(...children(doc.protocol, 'interface'));
  }
  // enums first: an argument may name an enum of another interface
  const enums = new Map<string, { values: number[]; bitfield: boolean }>();
  for (const iface of interfaces)
    for (const e of children(iface, 'enum'))
      enums.set(`${iface.$!.name}.${e.$!.name}`, {
        values: children(e, 'entry').map((entry) => Number(entry.$!.value)),
        bitfield: e.$!.bitfield === 'true',
      });
  const result = new Map<string, ArgHint[]>();
  for (const iface of interfaces) {
    for (const kind of ['request', 'event'] as const) {
      for (const message of children(iface, kind)) {
        const hints = children(message, 'arg').map((arg): ArgHint => {
          const ref = arg.$!.enum;
          if (!ref) return { name: arg.$!.name! };
          const enumName = ref.includes('.') ? ref : `${iface.$!.name}.${ref}`;
          const e = enums.get(enumName);
          return { name: arg.$!.name!, enumName, enumValues: e?.values, bitfield: e?.bitfield };
        });
        result.set(`${iface.$!.name}.${kind}.${message.$!.name}`, hints);
      }
    }
  }
  return result;
}

/** the hints of a message's arguments, in order (a bind's untyped new_id counts as one) */
export function argHints(iface: string, kind: 'request' | 'event', name: string): ArgHint[] {
  table ??= load();
  return table.get(`${iface}.${kind}.${name}`) ?? [];
}
