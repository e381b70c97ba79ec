// A connection to the parent compositor: proxies that send requests and take events by the
// protocol's own names, from the same generated interface specs the server side uses (the
// addon marshals by signature; nothing here is hand-written wire format).
import { interfaceSpecs } from '../../generated/index.js';
import type { InterfaceSpec } from '../../native.js';
import { parentNative } from './native-client.js';

const specsByName = new Map(interfaceSpecs.map((spec) => [spec.name, spec]));

type EventHandler = (...args: never[]) => void;

/** One object of the parent's. */
export class Proxy {
  private readonly handlers: (EventHandler | undefined)[] = [];
  destroyed = false;

  constructor(
    readonly connection: ParentConnection,
    readonly token: number,
    readonly spec: InterfaceSpec,
  ) {}

  get version(): number {
    return parentNative.parentProxyVersion(this.token);
  }

  /** send request `name` with its arguments but the new_id (the addon makes that object); a
   *  request making an object returns its proxy */
  request(name: string, ...args: unknown[]): Proxy {
    return this.send(name, args, false);
  }

  /** send a destructor request (default "destroy"): the proxy is gone afterwards */
  destroyWith(name = 'destroy', ...args: unknown[]): void {
    if (this.destroyed) return;
    this.send(name, args, true);
  }

  /** forget an object the parent destroyed itself (wl_callback after done) */
  forget(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.connection.proxies.delete(this.token);
    parentNative.parentProxyDestroy(this.token);
  }

  on(event: string, handler: EventHandler): this {
    const opcode = this.spec.events.findIndex((e) => e.name === event);
    if (opcode < 0) throw new Error(`${this.spec.name} has no event ${event}`);
    this.handlers[opcode] = handler;
    return this;
  }

  /** events by opcode, from the connection */
  dispatch(opcode: number, args: unknown[]): void {
    (this.handlers[opcode] as ((...a: unknown[]) => void) | undefined)?.(...args);
  }

  private send(name: string, args: unknown[], destroy: boolean): Proxy {
    if (this.destroyed) throw new Error(`${this.spec.name}.${name} on a destroyed object`);
    const opcode = this.spec.requests.findIndex((r) => r.name === name);
    const message = this.spec.requests[opcode];
    if (!message) throw new Error(`${this.spec.name} has no request ${name}`);
    const kinds = message.signature.replace(/\?/g, '');
    const given = [...args];
    const full = [...kinds].map((kind) => {
      if (kind === 'n') return null;
      const value = given.shift();
      return value instanceof Proxy ? value.token : value;
    });
    const newType = message.types[kinds.indexOf('n')];
    const token = parentNative.parentMarshal(this.token, opcode, full, null, 0, destroy);
    if (destroy) {
      this.destroyed = true;
      this.connection.proxies.delete(this.token);
    }
    return token ? this.connection.adopt(token, specOf(newType ?? '')) : this;
  }
}

function specOf(name: string): InterfaceSpec {
  const spec = specsByName.get(name);
  if (!spec) throw new Error(`no interface ${name} in the generated protocols`);
  return spec;
}

export interface Global {
  name: number;
  interface: string;
  version: number;
}

export class ParentConnection {
  readonly proxies = new Map<number, Proxy>();
  readonly display: Proxy;
  readonly registry: Proxy;
  readonly globals = new Map<number, Global>();
  private readonly globalRemovedListeners: ((name: number) => void)[] = [];

  /** throws an Error with strerror's message when there is no parent to connect to */
  constructor(name: string | null, disconnected: (reason: string) => void) {
    const displayToken = parentNative.parentConnect(
      name,
      (token, opcode, args) => this.proxies.get(token)?.dispatch(opcode, args),
      disconnected,
    );
    this.display = this.adopt(displayToken, specOf('wl_display'));
    this.registry = this.display.request('get_registry');
    this.registry
      .on('global', (name: number, iface: string, version: number) =>
        this.globals.set(name, { name, interface: iface, version }),
      )
      .on('global_remove', (name: number) => {
        this.globals.delete(name);
        for (const listener of this.globalRemovedListeners) listener(name);
      });
    this.roundtrip();
  }

  adopt(token: number, spec: InterfaceSpec): Proxy {
    const proxy = new Proxy(this, token, spec);
    this.proxies.set(token, proxy);
    return proxy;
  }

  /** the first global of this interface, if the parent offers it */
  find(iface: string): Global | undefined {
    return [...this.globals.values()].find((g) => g.interface === iface);
  }

  /** bind a global at the highest version both sides know, at most `maxVersion` */
  bind(global: Global, maxVersion: number): Proxy {
    const spec = specOf(global.interface);
    const version = Math.min(global.version, spec.version, maxVersion);
    const opcode = this.registry.spec.requests.findIndex((r) => r.name === 'bind');
    const token = parentNative.parentMarshal(
      this.registry.token,
      opcode,
      [global.name, global.interface, version, null],
      global.interface,
      version,
      false,
    );
    return this.adopt(token, spec);
  }

  onGlobalRemoved(listener: (name: number) => void): void {
    this.globalRemovedListeners.push(listener);
  }

  roundtrip(): void {
    parentNative.parentRoundtrip();
  }

  disconnect(): void {
    this.proxies.clear();
    parentNative.parentDisconnect();
  }
}
