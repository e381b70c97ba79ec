// The JS side of a wl_resource and a wl_client. Generated classes (src/generated) extend
// Resource with one typed send method per event; hand-written code sets `handler` to an
// object implementing the generated *Requests interface.
import { native, type InterfaceSpec } from '../../native.js';

/**
 * Runs every teardown step even when one throws: a listener's bug must not leave the rest
 * of a client's objects (textures, focus, model entries) behind. Each error is logged once.
 */
export function runEach(steps: Iterable<() => void>, what: string): void {
  for (const step of steps) {
    try {
      step();
    } catch (error) {
      console.error(`wayboard: internal error in ${what}:`, error);
    }
  }
}

export class Client {
  readonly resources = new Set<Resource>();
  private readonly destroyListeners: (() => void)[] = [];
  destroyed = false;
  constructor(
    readonly token: number,
    /** from the socket's credentials; for a socketpair wayboard made, the program it started
     *  (set by whoever started it: the credentials would name wayboard itself) */
    public pid: number,
    readonly uid: number,
    /** created from an fd handed to wayboard (a program it started, the fds socket), not a
     *  connection to the public socket: it may see privileged globals */
    readonly handedOver = false,
  ) {}

  onDestroy(listener: () => void): void {
    this.destroyListeners.push(listener);
  }

  /** called by the Display when libwayland destroys the client */
  notifyDestroyed(): void {
    this.destroyed = true;
    runEach(this.destroyListeners.splice(0), 'a client destroy listener');
  }

  kill(): void {
    if (!this.destroyed) native.clientDestroy(this.token);
  }

  postImplementationError(message: string): void {
    if (!this.destroyed) native.clientPostImplementationError(this.token, message);
  }
}

export type ResourceClass<R extends Resource = Resource> = {
  new (token: number, client: Client, version: number, spec: InterfaceSpec): R;
  readonly spec: InterfaceSpec;
};

export class Resource<H = unknown> {
  static readonly spec: InterfaceSpec = { name: '', version: 0, requests: [], events: [] };
  /** the object that implements this resource's requests; null = requests are ignored */
  handler: H | null = null;
  destroyed = false;
  private destroyListeners: (() => void)[] = [];

  constructor(
    readonly token: number,
    readonly client: Client,
    readonly version: number,
    readonly spec: InterfaceSpec,
  ) {}

  get interfaceName(): string {
    return this.spec.name;
  }

  /** the protocol object id (0 once the object is gone and was never asked before) */
  get id(): number {
    if (this.objectId === undefined && !this.destroyed)
      this.objectId = native.resourceInfo(this.token).id;
    return this.objectId ?? 0;
  }
  private objectId: number | undefined;

  implement(handler: H): this {
    this.handler = handler;
    return this;
  }

  /** send event `opcode`; a no-op once the resource or its client is gone (a destroy
   *  listener running during the client's teardown must not write to its connection) */
  post(opcode: number, args: unknown[]): void {
    if (!this.destroyed && !this.client.destroyed) native.post(this.token, opcode, args);
  }

  postError(code: number, message: string): void {
    if (!this.destroyed) native.postError(this.token, code, message);
  }

  /** wl_display.error no_memory: how a client that exceeds a limit is told, and dropped */
  postNoMemory(): void {
    if (!this.destroyed) native.postNoMemory(this.token);
  }

  destroy(): void {
    if (!this.destroyed) native.resourceDestroy(this.token);
  }

  onDestroy(listener: () => void): void {
    if (this.destroyed) listener();
    else this.destroyListeners.push(listener);
  }

  removeDestroyListener(listener: () => void): void {
    this.destroyListeners = this.destroyListeners.filter((l) => l !== listener);
  }

  /** called by the Display when libwayland destroys the resource */
  notifyDestroyed(): void {
    this.destroyed = true;
    runEach(this.destroyListeners.splice(0), `a ${this.spec.name} destroy listener`);
  }
}
