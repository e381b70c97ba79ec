// The Wayland display as TypeScript sees it: the addon's tokens turned into Client and
// Resource objects of the generated classes, requests routed to their handlers, and
// handler exceptions contained to the client that caused them.
import { native, type InterfaceSpec } from '../../native.js';
import { interfaceSpecs, resourceClasses } from '../../generated/index.js';
import { Client, Resource, runEach, type ResourceClass } from './resource.js';

interface GlobalEntry {
  token: number;
  spec: InterfaceSpec;
  bind: (resource: Resource, client: Client) => void;
  visible: (client: Client) => boolean;
}

export interface Global {
  readonly name: string;
  readonly version: number;
  destroy(): void;
}

/** Objects one client may hold at once. Real clients hold hundreds to a few thousand; each
 *  costs the compositor 0.5–1 KB, so the limit keeps a runaway or hostile client under ~10 MB
 *  (measured by test/clients/limits.test.ts). */
export const MAX_OBJECTS_PER_CLIENT = 10000;

// per message: which arguments are objects (to look up) or new objects (to wrap)
type ArgKind = 'o' | 'n' | 'v';

export class Display {
  readonly clients = new Map<number, Client>();
  private readonly resources = new Map<number, Resource>();
  private readonly globals = new Map<number, GlobalEntry>();
  private readonly argKinds = new Map<string, ArgKind[][]>();
  private readonly clientCreatedListeners: ((client: Client) => void)[] = [];
  socketName = '';

  constructor() {
    native.init({
      dispatch: (token, opcode, args) => this.dispatch(token, opcode, args),
      resourceDestroyed: (token) => this.resourceDestroyed(token),
      bind: (global, client, resource, version) => this.bind(global, client, resource, version),
      clientCreated: (token, handedOver) => this.clientCreated(token, handedOver),
      clientDestroyed: (token) => this.clientDestroyed(token),
      filter: (client, global) => this.filter(client, global),
    });
    native.defineInterfaces(interfaceSpecs);
  }

  addSocket(name: string | null): string {
    this.socketName = native.addSocket(name);
    return this.socketName;
  }

  onClientCreated(listener: (client: Client) => void): void {
    this.clientCreatedListeners.push(listener);
  }

  /** Create a global; `visible` hides privileged globals from untrusted clients. */
  createGlobal<R extends Resource>(
    cls: ResourceClass<R>,
    version: number,
    bind: (resource: R, client: Client) => void,
    visible: (client: Client) => boolean = () => true,
  ): Global {
    const token = native.createGlobal(cls.spec.name, version);
    this.globals.set(token, {
      token,
      spec: cls.spec,
      bind: bind as (resource: Resource, client: Client) => void,
      visible,
    });
    return {
      name: cls.spec.name,
      version,
      destroy: () => {
        this.globals.delete(token);
        native.destroyGlobal(token);
      },
    };
  }

  /** A resource the compositor creates itself (id 0: server-allocated, e.g. data_offer). */
  createResource<R extends Resource>(
    cls: ResourceClass<R>,
    client: Client,
    version: number,
    id = 0,
  ): R {
    const token = native.resourceCreate(client.token, cls.spec.name, version, id);
    return this.wrap(token, client, version, cls.spec.name) as R;
  }

  nextSerial(): number {
    return native.nextSerial();
  }

  flush(): void {
    native.flush();
  }

  terminate(): void {
    native.terminate();
  }

  private wrap(token: number, client: Client, version: number, iface: string): Resource {
    const cls = resourceClasses[iface] ?? Resource;
    const resource = new cls(token, client, version, cls.spec ?? Resource.spec);
    this.resources.set(token, resource);
    client.resources.add(resource);
    if (client.resources.size > MAX_OBJECTS_PER_CLIENT) resource.postNoMemory();
    return resource;
  }

  /** The object behind a token; one wayboard has not wrapped yet (none today: every global is
   *  ours) is wrapped on first sight. */
  private lookup(token: number): Resource {
    const known = this.resources.get(token);
    if (known) return known;
    const info = native.resourceInfo(token);
    return this.wrap(token, this.clients.get(info.client)!, info.version, info.interface);
  }

  private kinds(spec: InterfaceSpec, opcode: number): ArgKind[] {
    let table = this.argKinds.get(spec.name);
    if (!table) {
      table = spec.requests.map((m) =>
        [...m.signature.replace(/\?/g, '')].map((c) => (c === 'o' || c === 'n' ? c : 'v')),
      );
      this.argKinds.set(spec.name, table);
    }
    return table[opcode];
  }

  private dispatch(token: number, opcode: number, args: unknown[]): void {
    const resource = this.lookup(token);
    const message = resource.spec.requests[opcode];
    const kinds = this.kinds(resource.spec, opcode);
    for (let i = 0; i < args.length; i++) {
      if (args[i] === null || kinds[i] === 'v') continue;
      if (kinds[i] === 'n') {
        args[i] = this.wrap(
          args[i] as number,
          resource.client,
          resource.version,
          message.types[i]!,
        );
      } else {
        args[i] = this.lookup(args[i] as number);
      }
    }
    const handler = resource.handler as Record<string, unknown> | null;
    const method = handler?.[camel(message.name)];
    if (typeof method !== 'function') {
      // An unimplemented destructor must still destroy, or the client leaks ids.
      if (message.name === 'destroy' || message.name === 'release') resource.destroy();
      return;
    }
    try {
      method.call(handler, resource, ...args);
    } catch (error) {
      console.error(`wayboard: ${resource.spec.name}.${message.name} threw:`, error);
      resource.client.postImplementationError(
        `${resource.spec.name}.${message.name}: ${(error as Error)?.message ?? error}`,
      );
    }
  }

  private resourceDestroyed(token: number): void {
    const resource = this.resources.get(token);
    if (!resource) return;
    this.resources.delete(token);
    resource.client.resources.delete(resource);
    resource.notifyDestroyed(); // runs every listener whatever one throws
  }

  private bind(globalToken: number, clientToken: number, token: number, version: number): void {
    const global = this.globals.get(globalToken);
    const client = this.clients.get(clientToken);
    if (!global || !client) return;
    const resource = this.wrap(token, client, version, global.spec.name);
    try {
      global.bind(resource, client);
    } catch (error) {
      console.error(`wayboard: bind of ${global.spec.name} threw:`, error);
      client.postImplementationError(`bind ${global.spec.name}: ${(error as Error)?.message}`);
    }
  }

  private clientCreated(token: number, handedOver: boolean): void {
    const { pid, uid } = native.clientCredentials(token);
    const client = new Client(token, pid, uid, handedOver);
    this.clients.set(token, client);
    runEach(
      this.clientCreatedListeners.map((listener) => () => listener(client)),
      'a client-created listener',
    );
  }

  private clientDestroyed(token: number): void {
    const client = this.clients.get(token);
    if (!client) return;
    this.clients.delete(token);
    client.notifyDestroyed(); // runs every listener whatever one throws
  }

  private filter(clientToken: number, globalToken: number): boolean {
    const global = this.globals.get(globalToken);
    const client = this.clients.get(clientToken);
    return !global || !client || global.visible(client);
  }
}

const camelCache = new Map<string, string>();
function camel(name: string): string {
  let result = camelCache.get(name);
  if (result === undefined) {
    result = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelCache.set(name, result);
  }
  return result;
}
