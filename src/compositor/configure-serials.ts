// The serials of configure events a client has not acked yet (xdg_surface, layer surfaces).
// An ack names one of them and acks every older one with it. A client that never acks keeps
// only the newest few: it may ack one of those, and the list cannot grow without bound.
const MAX_UNACKED = 32;

export class ConfigureSerials {
  private readonly unacked: number[] = [];

  /** a configure with this serial went out */
  sent(serial: number): void {
    this.unacked.push(serial);
    if (this.unacked.length > MAX_UNACKED) this.unacked.shift();
  }

  /** the client acked `serial`: false when it was never sent (or is long forgotten) */
  ack(serial: number): boolean {
    const index = this.unacked.indexOf(serial);
    if (index < 0) return false;
    this.unacked.splice(0, index + 1);
    return true;
  }

  /** configures sent and not acked yet */
  get pending(): boolean {
    return this.unacked.length > 0;
  }

  clear(): void {
    this.unacked.length = 0;
  }
}
