// One soak round: real clients connect, map, get input and text through the on-screen
// keyboard, and leave every way a client can (SIGKILL mid-frame, SIGTERM, SIGINT's clean
// disconnect). Every wait has a generous timeout and says what it waited for.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildFixture } from '../harness/fixtures.js';
import { waitFor, type Client, type Wayboard } from '../harness/wayboard.js';

const form = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/form.qml');
// where test/fixtures/form.qml puts its name field
const NAME_FIELD = [300, 60] as const;
// Startup of a real client on a busy 2-core machine: Qt can take seconds, so the limits are
// wide; passing one means something is wrong, not slow.
const START_MS = 30000;
const REPLY_MS = 15000;
const EXIT_MS = 5000;

export type Variant = 'text-input-probe' | 'qt-form';

export interface RoundSummary {
  variant: Variant;
  clients: number;
  ms: number;
}

export class SoakRounds {
  private readonly inputProbe = buildFixture('input-probe', ['xdg-shell']);
  private readonly textInputProbe = buildFixture('text-input-probe');
  private started: Client[] = [];

  constructor(private readonly wayboard: Wayboard) {}

  /** Round `index`: on error every client it started is killed and the error rethrown. */
  async run(index: number): Promise<RoundSummary> {
    const begun = Date.now();
    const variant: Variant = index % 2 === 0 ? 'text-input-probe' : 'qt-form';
    // alternate how each client leaves so every path comes up every few rounds
    const hard = Math.floor(index / 2) % 2 === 0;
    this.started = [];
    try {
      const bystander = this.spawn('weston-simple-shm');
      await this.mapped(bystander);
      const probe = this.spawn(this.inputProbe);
      await probe.waitForLine(/^ready$/, START_MS);
      await this.mapped(probe);
      // the newest toplevel fills the output and has keyboard focus
      await this.wayboard.tap(640, 360);
      await probe.waitForLine(/^touch down \d+ 640 360$/, REPLY_MS);
      await this.wayboard.ctl('key', 'a');
      await probe.waitForLine(/^key 30 1$/, REPLY_MS);

      const textClient =
        variant === 'qt-form' ? await this.typeIntoQtForm() : await this.typeIntoTextInputProbe();

      const victim = this.spawn('weston-simple-shm');
      await this.mapped(victim);
      await sleep(50 + Math.random() * 450); // killed somewhere mid-frame
      victim.process.kill('SIGKILL');

      textClient.process.kill(hard ? 'SIGKILL' : 'SIGTERM');
      probe.process.kill(hard ? 'SIGTERM' : 'SIGKILL');
      // simple-shm catches SIGINT and disconnects cleanly: the orderly way out
      bystander.process.kill(hard ? 'SIGINT' : 'SIGTERM');
      await this.allExited();
      return { variant, clients: this.started.length, ms: Date.now() - begun };
    } catch (err) {
      for (const client of this.started) client.process.kill('SIGKILL');
      await this.allExited().catch(() => undefined);
      throw new Error(`round ${index} (${variant}): ${(err as Error).message}`);
    } finally {
      this.forget();
    }
  }

  /** the text-input-probe takes focus on map, enables itself and asks for the panel */
  private async typeIntoTextInputProbe(): Promise<Client> {
    const client = this.spawn(this.textInputProbe);
    await client.waitForLine(/^panel 1 /, START_MS);
    await this.wayboard.ctl('type', 'hi');
    await client.waitForLine(/^commit \d+ i$/, REPLY_MS);
    return client;
  }

  /** qmlscene with the test form: tap the name field until the panel shows, type hello */
  private async typeIntoQtForm(): Promise<Client> {
    const client = this.spawn('qmlscene', [form]);
    await this.mapped(client);
    // Qt binds its text-input some time after mapping: tap again until the panel answers
    await waitFor(
      'the panel after taps on the Qt form’s name field',
      async () => {
        await this.wayboard.tap(...NAME_FIELD);
        await sleep(300);
        return ((await this.wayboard.ctl('keys')) as { visible: boolean }).visible;
      },
      START_MS,
    );
    await this.wayboard.ctl('type', 'hello');
    await client.waitForLine(/^qml: text name hello$/, REPLY_MS);
    return client;
  }

  private spawn(command: string, args: string[] = []): Client {
    const client = this.wayboard.spawnClient(command, args);
    client.process.once('error', (err) => client.lines.push(`spawn error: ${err.message}`));
    this.started.push(client);
    return client;
  }

  /** this very process's surface (by pid: an older one of the same app may still be there) */
  private mapped(client: Client): Promise<unknown> {
    const name = path.basename(String(client.process.spawnfile));
    return waitFor(
      `a mapped surface of ${name} (pid ${client.process.pid}; last lines: ` +
        `${client.lines.slice(-3).join(' | ') || 'none'})`,
      async () => {
        if (client.process.exitCode !== null || client.process.signalCode !== null)
          throw new Error(
            `${name} exited (${client.process.exitCode ?? client.process.signalCode})`,
          );
        const state = await this.wayboard.state();
        return state.surfaces.find((s) => s.pid === client.process.pid && s.mapped);
      },
      START_MS,
    );
  }

  private async allExited(): Promise<void> {
    for (const client of this.started) {
      const gone = await Promise.race([client.exited.then(() => true), sleep(EXIT_MS, false)]);
      if (!gone) {
        client.process.kill('SIGKILL');
        throw new Error(`${client.process.spawnfile} ignored its signal for ${EXIT_MS} ms`);
      }
    }
  }

  /** the harness keeps every client it started; a long soak must not */
  private forget(): void {
    const clients = this.wayboard.clients;
    for (let i = clients.length - 1; i >= 0; i--)
      if (clients[i].process.exitCode !== null || clients[i].process.signalCode !== null)
        clients.splice(i, 1);
  }
}
