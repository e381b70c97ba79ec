// tools/generate-protocols.ts: run it, then check what it produced against facts of the
// protocol XML, and its behaviour on a missing XML file and on re-runs.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The generated modules never call the addon at import time; posting events goes through it.
const native = vi.hoisted(() => ({ post: vi.fn() }));
vi.mock('../../src/native.js', () => ({ native }));

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const generator = path.join(root, 'tools/generate-protocols.ts');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wayboard-generator-'));
const wireLetters = (signature: string) => signature.replace(/\?/g, '').length;

type Generated = typeof import('../../src/generated/index.js');
type ResourceModule = typeof import('../../src/compositor/wayland/resource.js');
let g: Generated;
let Client: ResourceModule['Client'];

beforeAll(async () => {
  execFileSync(tsx, [generator], { cwd: root, stdio: 'pipe' });
  g = await import('../../src/generated/index.js');
  ({ Client } = await import('../../src/compositor/wayland/resource.js'));
}, 60_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const spec = (name: string) => {
  const found = g.interfaceSpecs.find((s) => s.name === name);
  if (!found) throw new Error(`no spec for ${name}`);
  return found;
};
const message = (iface: string, kind: 'requests' | 'events', name: string) =>
  spec(iface)[kind].find((m) => m.name === name);

describe('generated interface specs', () => {
  it('encodes wl_surface.attach as libwayland does', () => {
    expect(message('wl_surface', 'requests', 'attach')).toEqual({
      name: 'attach',
      signature: '?oii',
      types: ['wl_buffer', null, null],
      since: 1,
    });
    expect(message('wl_surface', 'requests', 'frame')?.signature).toBe('n');
  });

  it('keeps versions and since from the XML', () => {
    expect(spec('wl_output').version).toBeGreaterThanOrEqual(4);
    expect(message('wl_output', 'events', 'name')?.since).toBe(4);
    expect(spec('wl_compositor').version).toBeGreaterThanOrEqual(4);
    expect(spec('xdg_wm_base').version).toBeGreaterThanOrEqual(2);
  });

  it('expands the untyped new_id of wl_registry.bind to sun', () => {
    expect(message('wl_registry', 'requests', 'bind')).toMatchObject({
      signature: 'usun',
      types: [null, null, null, null],
    });
  });

  it('includes the plasma text-input-v2', () => {
    expect(message('zwp_text_input_v2', 'requests', 'update_state')?.signature).toBe('uu');
    expect(spec('zwp_text_input_manager_v2').requests[1]).toMatchObject({
      name: 'get_text_input',
      types: ['zwp_text_input_v2', 'wl_seat'],
    });
  });

  it('has one type per argument, naming only interfaces that exist', () => {
    const names = new Set(g.interfaceSpecs.map((s) => s.name));
    expect(names.size).toBe(g.interfaceSpecs.length);
    for (const s of g.interfaceSpecs) {
      for (const m of [...s.requests, ...s.events]) {
        expect(m.types.length, `${s.name}.${m.name}`).toBe(wireLetters(m.signature));
        for (const t of m.types) if (t !== null) expect(names, `${s.name}.${m.name}`).toContain(t);
      }
    }
  });
});

describe('generated enums and classes', () => {
  it('parses decimal and hex enum values and names digits with _', () => {
    expect(g.WlShmFormat.argb8888).toBe(0);
    expect(g.WlShmFormat.xrgb8888).toBe(1);
    expect(g.WlShmFormat.abgr8888).toBe(0x34324241);
    expect(g.WlOutputTransform._90).toBe(1);
    expect(g.WlOutputTransform.flipped90).toBe(5);
    expect(g.WlKeyboardKeymapFormat.xkbV1).toBe(1);
  });

  it('maps every interface to its resource class', () => {
    expect(Object.keys(g.resourceClasses).sort()).toEqual(
      g.interfaceSpecs.map((s) => s.name).sort(),
    );
    expect(g.resourceClasses['xdg_toplevel'].spec.name).toBe('xdg_toplevel');
    expect(g.resourceClasses['wl_callback']).toBe(g.WlCallbackResource);
  });

  it('sends events by opcode with objects as tokens, guarded by since', () => {
    const client = new Client(1, 0, 0);
    const output = new g.WlOutputResource(7, client, 3, g.wlOutputSpec);
    const surface = new g.WlSurfaceResource(8, client, 5, g.wlSurfaceSpec);
    native.post.mockClear();
    surface.sendLeave(output);
    expect(native.post).toHaveBeenLastCalledWith(8, 1, [7]);
    output.sendName('HEADLESS-1'); // since 4, the resource is version 3
    output.sendScale(2);
    expect(native.post).toHaveBeenCalledTimes(2);
    expect(native.post).toHaveBeenLastCalledWith(7, 3, [2]);
    const newer = new g.WlOutputResource(9, client, 4, g.wlOutputSpec);
    newer.sendName('HEADLESS-1');
    expect(native.post).toHaveBeenLastCalledWith(9, 4, ['HEADLESS-1']);
  });
});

describe('generated source', () => {
  const source = (module: string) =>
    fs.readFileSync(path.join(root, 'src/generated', `${module}.ts`), 'utf8');

  it('imports classes of other modules as types', () => {
    expect(source('xdg-shell')).toContain(
      "import type { WlOutputResource, WlSeatResource, WlSurfaceResource } from './wayland.js';",
    );
    expect(source('wayland')).not.toContain("from './wayland.js'");
  });

  it('renames reserved-word arguments', () => {
    expect(source('wayland')).toContain(
      'sendGlobal(name: number, interface_: string, version: number): void {',
    );
  });
});

describe('generator runs', () => {
  const run = (list: unknown[], out: string) => {
    const file = path.join(tmp, 'list.json');
    fs.writeFileSync(file, JSON.stringify(list));
    return spawnSync(tsx, [generator, file, out], { cwd: root, encoding: 'utf8' });
  };
  const wayland = { xml: '/usr/share/wayland/wayland.xml', module: 'wayland' };

  it('fails with one clear line on a missing XML file', () => {
    const missing = '/usr/share/wayland-protocols/unstable/nothing/nothing-v1.xml';
    const result = run([wayland, { xml: missing, module: 'nothing' }], path.join(tmp, 'a'));
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`protocol XML not found: ${missing}`);
  });

  it('fails when an interface is referenced but not listed', () => {
    const xdg = { xml: '/usr/share/wayland-protocols/stable/xdg-shell/xdg-shell.xml', module: 'x' };
    const result = run([xdg], path.join(tmp, 'b'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/wl_surface is defined by no protocol/);
  });

  it('rewrites only changed files and removes stale ones', () => {
    const out = path.join(tmp, 'c');
    expect(run([wayland], out).status).toBe(0);
    const file = path.join(out, 'wayland.ts');
    const old = new Date(2000, 0, 1);
    fs.utimesSync(file, old, old);
    fs.writeFileSync(path.join(out, 'stale.ts'), '');
    expect(run([wayland], out).status).toBe(0);
    expect(fs.statSync(file).mtime.getTime()).toBe(old.getTime());
    expect(fs.readdirSync(out).sort()).toEqual(['index.ts', 'wayland.ts']);
  });
});
