// --backend drm: wayboard on a screen of its own. libseat gives the session (seatd, logind,
// or direct as root) and opens the card and input devices; each connected connector becomes
// an output with its preferred mode (or the --output asked); frames go out in two dumb
// buffers, page flips paced by the card's flip events in the libuv loop; udev reports
// connectors plugged and unplugged; libinput feeds the seat; a VT switch pauses everything
// until the seat comes back. Like weston's and wlroots' DRM backends, written over thin
// native wrappers (native/drm.cc, native/seat.cc, an addon of their own that start() loads):
// the decisions are here and in kms.ts, damage.ts and input.ts.
import {
  BackendUnavailable,
  type Backend,
  type BackendHost,
  type BackendOutput,
  type OutputInfo,
  type OutputRequest,
  type Rect,
} from '../backend.js';
import { toInt32 } from '../../compositor/surface-state.js';
import { listCards } from './cards.js';
import { BufferDamage } from './damage.js';
import { InputTranslator } from './input.js';
import { planOutputs, type OutputPlan } from './kms.js';
import {
  loadDrm,
  pixels,
  type DrmNative,
  type FlipEvent,
  type SeatEvent,
  type UdevEvent,
} from './native.js';

const log = (line: string) => process.stderr.write(`wayboard: ${line}\n`);

class DrmOutput implements BackendOutput {
  readonly info: OutputInfo;
  readonly kms: number;
  /** the two dumb buffers as the main addon maps them */
  private readonly buffers: { memory: number; pitch: number }[] = [];
  private readonly damage: BufferDamage;
  /** the buffer on screen (or going there) */
  private front = 0;
  private flipPending = false;
  private frameWanted = false;
  private frameQueued = false;
  private needsModeset = true;
  private failing = false;
  paused = false;

  constructor(
    private readonly host: BackendHost,
    private readonly drm: DrmNative,
    card: { token: number; fd: number },
    readonly plan: OutputPlan,
  ) {
    const { output, buffers } = drm.drmOutputCreate(
      card.token,
      plan.connector,
      plan.crtc,
      plan.crtcIndex,
      plan.modeIndex,
    );
    this.kms = output;
    try {
      for (const b of buffers)
        this.buffers.push({ memory: pixels.memoryMap(card.fd, b.offset, b.size), pitch: b.pitch });
    } catch (err) {
      this.destroy();
      throw err;
    }
    this.info = {
      name: plan.name,
      make: 'wayboard',
      model: 'drm',
      mode: plan.mode,
      physicalSizeMm: plan.physicalSizeMm,
      scale: 1,
      transform: plan.transform,
    };
    this.damage = new BufferDamage(plan.mode.width, plan.mode.height);
  }

  requestFrame(): void {
    if (this.paused || this.flipPending) {
      this.frameWanted = true; // after the flip, or once the seat is back
      return;
    }
    if (this.frameQueued) return;
    this.frameQueued = true;
    // once this turn of the loop is over, so that a burst of commits makes one frame
    setImmediate(() => {
      this.frameQueued = false;
      if (this.paused || this.flipPending) this.frameWanted = true;
      else this.host.frame(this);
    });
  }

  present(framebuffer: number, damage: readonly Rect[]): void {
    const back = 1 - this.front;
    // a frame with nothing new still flips: the flip event paces frame callbacks
    const rects = this.damage.take(back, damage);
    if (this.paused) return; // copied and shown when the seat is back
    if (rects.length) {
      const { memory, pitch } = this.buffers[back]!;
      pixels.framebufferCopyRects(framebuffer, memory, 0, pitch, toInt32(rects));
    }
    const result = this.drm.drmPresent(this.kms, back, this.needsModeset);
    if (result < 0) {
      // one line when it starts failing, not one per frame
      if (!this.failing)
        log(
          `${this.info.name}: ${this.needsModeset ? 'modeset' : 'page flip'} failed (errno ${-result})`,
        );
      this.failing = true;
      this.damage.reset();
      // nothing will come from the card: answer the frame one refresh later
      setTimeout(() => this.flipped(process.hrtime.bigint(), 0), this.refreshMs());
      this.flipPending = true;
      return;
    }
    this.needsModeset = false;
    this.failing = false;
    this.flipPending = true;
    this.front = back;
  }

  private refreshMs(): number {
    return Math.max(1, Math.round(1e6 / (this.info.mode.refreshMhz || 60000)));
  }

  /** the card showed the last buffer at `timeNs` (CLOCK_MONOTONIC) */
  flipped(timeNs: bigint, sequence: number): void {
    this.flipPending = false;
    const refreshNs = BigInt(Math.round(1e12 / (this.info.mode.refreshMhz || 60000)));
    this.host.presented(this, { timeNs, refreshNs, sequence });
    if (this.frameWanted) {
      this.frameWanted = false;
      this.requestFrame();
    }
  }

  /** the seat went away (VT switch): no flips until it is back */
  pause(): void {
    this.paused = true;
  }

  /** the seat is back: modeset again and show the whole framebuffer */
  resume(): void {
    this.paused = false;
    this.flipPending = false;
    this.needsModeset = true;
    this.damage.reset();
    this.frameWanted = false;
    this.requestFrame();
  }

  destroy(): void {
    for (const { memory } of this.buffers.splice(0)) pixels.memoryDestroy(memory);
    this.drm.drmOutputDestroy(this.kms, false);
  }
}

export class DrmBackend implements Backend {
  readonly name = 'drm';
  private host: BackendHost | null = null;
  /** the DRM addon, loaded by start() */
  private drm!: DrmNative;
  private card = 0;
  private cardFd = -1;
  private cardDevice = -1;
  private cardSysname = '';
  private readonly outputs = new Map<number, DrmOutput>(); // by connector id
  private input: InputTranslator | null = null;
  private seatOpen = false;

  /** `atomic` false forces legacy modesetting (drivers whose atomic support misbehaves) */
  constructor(
    private readonly requests: readonly OutputRequest[],
    private readonly atomic = process.env.WAYBOARD_DRM_NO_ATOMIC !== '1',
    private readonly cards = listCards(),
  ) {}

  start(host: BackendHost): void {
    this.host = host;
    if (this.cards.length === 0)
      throw new BackendUnavailable('--backend drm: no DRM device (/dev/dri/card* missing)');
    try {
      this.drm = loadDrm();
    } catch (err) {
      const why = (err as Error).message.split('\n')[0];
      throw new BackendUnavailable(`--backend drm: cannot load its addon (${why})`);
    }
    const drm = this.drm;
    try {
      drm.seatOpen((events) => this.seatEvents(events));
      this.seatOpen = true;
    } catch (err) {
      throw new BackendUnavailable(
        `--backend drm: no seat for this session (${(err as Error).message}): run it on a VT with seatd or logind, or as root`,
      );
    }
    const path = this.cards[0]!;
    try {
      const { fd, device } = drm.seatOpenDevice(path);
      this.cardDevice = device;
      this.cardFd = fd;
      this.card = drm.drmOpen(fd, this.atomic, (events) => this.flipEvents(events)).card;
    } catch (err) {
      this.destroy();
      throw new BackendUnavailable(`--backend drm: cannot open ${path}: ${(err as Error).message}`);
    }
    this.cardSysname = path.slice(path.lastIndexOf('/') + 1);
    this.addConnected();
    if (this.outputs.size === 0) {
      this.destroy();
      throw new BackendUnavailable(`--backend drm: no connected screen on ${path}`);
    }
    this.input = new InputTranslator(
      host.input,
      () => [...this.outputs.values()],
      (vt) => drm.seatSwitchSession(vt),
    );
    try {
      drm.inputOpen((events) => this.input?.handle(events));
    } catch (err) {
      this.destroy();
      throw new BackendUnavailable(`--backend drm: ${(err as Error).message}`);
    }
    try {
      drm.hotplugMonitor((events) => this.udevEvents(events));
    } catch (err) {
      log(`${(err as Error).message}: screens plugged in later are not shown`);
    }
  }

  /** connected connectors without an output get one */
  private addConnected(): void {
    const resources = this.drm.drmResources(this.card);
    const existing = new Map([...this.outputs].map(([id, o]) => [id, o.plan.crtc]));
    const { plans, warnings } = planOutputs(resources, this.requests, existing);
    for (const warning of warnings) log(warning);
    for (const plan of plans) {
      let output: DrmOutput;
      try {
        output = new DrmOutput(this.host!, this.drm, { token: this.card, fd: this.cardFd }, plan);
      } catch (err) {
        log(`${plan.name}: ${(err as Error).message}`);
        continue;
      }
      this.outputs.set(plan.connector, output);
      this.host!.outputAdded(output);
    }
  }

  private udevEvents(events: UdevEvent[]): void {
    if (!events.some((e) => e.hotplug && e.sysname === this.cardSysname)) return;
    const connected = new Set(
      this.drm
        .drmResources(this.card)
        .connectors.filter((c) => c.connected)
        .map((c) => c.id),
    );
    for (const [connector, output] of this.outputs) {
      if (connected.has(connector)) continue;
      this.outputs.delete(connector);
      this.host!.outputRemoved(output);
      output.destroy();
    }
    this.addConnected();
  }

  private flipEvents(events: FlipEvent[]): void {
    for (const event of events) {
      const output = [...this.outputs.values()].find((o) => o.kms === event.output);
      const timeNs = BigInt(event.sec) * 1000000000n + BigInt(event.usec) * 1000n;
      output?.flipped(timeNs, event.sequence);
    }
  }

  private seatEvents(events: SeatEvent[]): void {
    for (const event of events) {
      if (event.type === 'disable') {
        // another VT takes the screen: stop drawing, release what is held, let it go
        for (const output of this.outputs.values()) output.pause();
        this.input?.releaseAll();
        this.drm.inputSuspend();
        this.drm.seatDisable();
      } else {
        this.drm.inputResume();
        for (const output of this.outputs.values()) output.resume();
      }
    }
  }

  destroy(): void {
    for (const output of this.outputs.values()) output.destroy();
    this.outputs.clear();
    if (this.card) this.drm.drmClose(this.card);
    this.card = 0;
    this.cardFd = -1;
    if (this.cardDevice >= 0) this.drm.seatCloseDevice(this.cardDevice);
    this.cardDevice = -1;
    if (this.seatOpen) this.drm.seatClose();
    this.seatOpen = false;
  }
}
