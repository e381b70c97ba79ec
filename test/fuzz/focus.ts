// Which objects the generator keeps working on. Protocol state grows along families of
// objects (a wl_surface, its xdg_surface, its toplevel, the buffer attached to it), so the
// objects of the last requests and their relatives get picked again more often than chance
// would: attach, damage and commit on one surface; ack_configure on its xdg_surface.
import type { LoggedRequest } from './wire.js';
import { argTypes } from './wire.js';

export class Focus {
  private last: number[] = [];
  /** objects related by creation: a new object and the objects its constructor named */
  private readonly relatives = new Map<number, Set<number>>();

  reset(): void {
    this.last = [];
    this.relatives.clear();
  }

  /** a request was made: its target and object arguments become the focus */
  note(request: LoggedRequest): void {
    const types = argTypes(request.signature);
    const named = request.args.filter((v, i) => types[i] === 'o' && v !== 0).map(Number);
    const created = request.args.filter((_, i) => types[i] === 'n').map(Number);
    for (const id of created) {
      for (const other of [request.id, ...named]) {
        this.relate(id, other);
        this.relate(other, id);
      }
    }
    this.last = [...this.last, request.id, ...named, ...created].slice(-4);
  }

  /** the focused objects and their relatives (live or not: the caller filters) */
  candidates(): number[] {
    const result = new Set(this.last);
    for (const id of this.last) for (const r of this.relatives.get(id) ?? []) result.add(r);
    return [...result];
  }

  private relate(a: number, b: number): void {
    if (a === 1) return; // everything comes from wl_display in the end
    const set = this.relatives.get(a) ?? new Set();
    set.add(b);
    this.relatives.set(a, set);
  }
}
