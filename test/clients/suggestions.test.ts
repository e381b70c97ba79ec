// Suggestions and preedit with a real Qt 5 client (qmlscene, text-input-v2) and Debian's
// hunspell dictionaries: the word being typed arrives as preedit, a tap on a candidate on
// the strip commits it with a space; fields that ask for no prediction get neither, and
// nothing typed there is learned.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wayboard, waitFor, type Client } from '../harness/wayboard.js';
import { keysOf, tapKey, tapText, waitForPanel } from '../harness/osk.js';

const form = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/words.qml');
// where test/fixtures/words.qml puts its fields
const WORDS = [300, 60];
const EMAIL = [300, 120];
const PIN = [300, 180];
const PASSWORD = [300, 240];

const dirs: string[] = [];
/** a private cache and state dir for one test's compositors */
function xdg(): { XDG_CACHE_HOME: string; XDG_STATE_HOME: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'wayboard-words-'));
  dirs.push(dir);
  return { XDG_CACHE_HOME: path.join(dir, 'cache'), XDG_STATE_HOME: path.join(dir, 'state') };
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function startWith(args: string[], env: NodeJS.ProcessEnv) {
  const wayboard = await Wayboard.start(args, [], env);
  const qt = wayboard.spawnClient('qmlscene', [form]);
  await wayboard.waitForSurface('org.qt-project.qmlscene');
  return { wayboard, qt };
}

async function focus(wayboard: Wayboard, [x, y]: number[]): Promise<void> {
  await wayboard.tap(x, y);
  await waitForPanel(wayboard);
}

const strip = async (wayboard: Wayboard) =>
  (await keysOf(wayboard)).keys.filter((k) => k.action === 'suggestion').map((k) => k.text);

/** types `prefix`, waits for its preedit, then taps `word` on the strip */
async function complete(wayboard: Wayboard, qt: Client, prefix: string, word: string) {
  await tapText(wayboard, prefix);
  await qt.waitForLine(new RegExp(`^qml: preedit words ${prefix}$`));
  await waitFor(`${word} on the strip`, async () => (await strip(wayboard)).includes(word));
  await tapKey(wayboard, (k) => k.action === 'suggestion' && k.text === word);
}

describe.each([
  ['us', 'keyb', 'keyboard'],
  ['de', 'tastat', 'Tastatur'],
  ['ru', 'клавиат', 'клавиатура'],
])('--layout %s', (layout, prefix, word) => {
  let wayboard: Wayboard;
  let qt: Client;
  beforeAll(async () => {
    ({ wayboard, qt } = await startWith(['--layout', layout], xdg()));
  });
  afterAll(() => wayboard.stop());

  it(`typing ${prefix} shows it as preedit; tapping ${word} commits "${word} "`, async () => {
    await focus(wayboard, WORDS);
    await complete(wayboard, qt, prefix, word);
    await qt.waitForLine(new RegExp(`^qml: text words ${word} $`));
    expect(qt.lines.filter((l) => l.startsWith('qml: text words'))).toEqual([
      `qml: text words ${word} `,
    ]);
    await qt.waitForLine(/^qml: preedit words $/);
  });
});

it('a layout whose language has no dictionary (jp) types key by key, with no strip', async () => {
  const { wayboard, qt } = await startWith(['--layout', 'jp'], xdg());
  try {
    await focus(wayboard, WORDS);
    await tapText(wayboard, 'ab');
    await qt.waitForLine(/^qml: text words ab$/);
    expect(await strip(wayboard)).toEqual([]);
    expect(qt.lines.filter((l) => /^qml: preedit words ./.test(l))).toEqual([]);
    expect(wayboard.stderr).not.toMatch(/suggestions/);
  } finally {
    await wayboard.stop();
  }
});

describe('the preedit', () => {
  let wayboard: Wayboard;
  let qt: Client;
  beforeAll(async () => {
    ({ wayboard, qt } = await startWith([], xdg()));
    await focus(wayboard, WORDS);
  });
  afterAll(() => wayboard.stop());

  it('Backspace edits it; a space commits it as typed', async () => {
    await tapText(wayboard, 'cat');
    await qt.waitForLine(/^qml: preedit words cat$/);
    await tapKey(wayboard, (k) => k.action === 'backspace');
    await qt.waitForLine(/^qml: preedit words ca$/);
    await tapText(wayboard, 'r');
    await tapKey(wayboard, (k) => k.action === 'space');
    await qt.waitForLine(/^qml: text words car $/);
  });

  it('Enter commits it before the key', async () => {
    await tapText(wayboard, 'dog');
    await qt.waitForLine(/^qml: preedit words dog$/);
    await tapKey(wayboard, (k) => k.action === 'enter');
    await qt.waitForLine(/^qml: text words car dog$/);
  });

  it('a tap on another field keeps the word; back in the field a new word starts', async () => {
    await focus(wayboard, WORDS); // Qt hides the panel when Enter accepts a field
    await tapText(wayboard, 's');
    await qt.waitForLine(/^qml: preedit words s$/);
    await wayboard.tap(EMAIL[0], EMAIL[1]);
    await qt.waitForLine(/^qml: text words car dogs$/);
    await wayboard.tap(WORDS[0], WORDS[1]);
    await waitFor('the words field', async () => {
      const input = (await wayboard.state()).seats[0].text_input;
      return input?.content_purpose === 'normal';
    });
    // Qt may hide the panel and show it again as focus moves between fields: a tap read off
    // the panel before that lands on the form instead
    await waitFor('the panel back with its letters', async () => {
      const keys = await keysOf(wayboard);
      return keys.visible && keys.keys.some((k) => k.text === 'x');
    });
    await tapText(wayboard, 'x');
    await qt.waitForLine(/^qml: preedit words x$/);
    expect(qt.lines).not.toContain('qml: preedit words sx');
  });

  it('after a word and a space the strip offers what follows it (presage)', async () => {
    await tapKey(wayboard, (k) => k.action === 'space');
    await tapText(wayboard, 'thank');
    await tapKey(wayboard, (k) => k.action === 'space');
    await qt.waitForLine(/^qml: text words .*thank $/);
    await waitFor('you on the strip', async () => (await strip(wayboard)).includes('you'));
    await tapKey(wayboard, (k) => k.action === 'suggestion' && k.text === 'you');
    await qt.waitForLine(/^qml: text words .*thank you $/);
  });
});

describe('fields that ask for no prediction', () => {
  let wayboard: Wayboard;
  let qt: Client;
  let env: ReturnType<typeof xdg>;
  const learned = () => {
    const dir = path.join(env.XDG_STATE_HOME, 'wayboard');
    try {
      return readdirSync(dir).map((f) => `${f}: ${readFileSync(path.join(dir, f), 'utf8')}`);
    } catch {
      return [];
    }
  };
  beforeAll(async () => {
    env = xdg();
    ({ wayboard, qt } = await startWith([], env));
  });
  afterAll(() => wayboard.stop());

  it.each([
    ['password', PASSWORD, 'secret', 'secret'],
    ['email', EMAIL, 'me@example.org', 'me@example.org'],
    ['pin', PIN, '2468', '2468'],
  ])('a %s field: no strip, no preedit, nothing learned', async (name, field, typed, text) => {
    const before = learned();
    await focus(wayboard, field as number[]);
    // the field's content type arrives just after the tap that focused it (Qt 5 sends a
    // password as hidden text, a PIN as digits)
    await waitFor(`the ${name} field's content type`, async () => {
      const input = (await wayboard.state()).seats[0].text_input;
      if (!input) return false;
      if (name === 'password') return (input.content_hint & 0x40) !== 0;
      return input.content_purpose === (name === 'pin' ? 'digits' : name);
    });
    await wayboard.ctl('type', typed as string);
    await qt.waitForLine(new RegExp(`^qml: text ${name} ${text}$`));
    expect(await strip(wayboard)).toEqual([]);
    expect(
      qt.lines.filter((l) => l.startsWith(`qml: preedit ${name}`) && l !== `qml: preedit ${name} `),
    ).toEqual([]);
    await tapKey(wayboard, (k) => k.action === 'space' || k.action === 'enter');
    expect(learned()).toEqual(before);
  });
});

describe('learning', () => {
  const env = xdg();
  const made = 'zorblat';

  it('a made-up word typed twice is offered after two letters, also after a restart', async () => {
    let { wayboard, qt } = await startWith([], env);
    await focus(wayboard, WORDS);
    for (let i = 1; i <= 2; i++) {
      await tapText(wayboard, made);
      await qt.waitForLine(new RegExp(`^qml: preedit words ${made}$`));
      await tapKey(wayboard, (k) => k.action === 'space');
      await qt.waitForLine(new RegExp(`^qml: text words (${made} ){${i}}$`));
    }
    await tapText(wayboard, 'zo');
    await waitFor(`${made} offered`, async () => (await strip(wayboard)).includes(made));
    await wayboard.stop();

    ({ wayboard, qt } = await startWith([], env));
    await focus(wayboard, WORDS);
    await tapText(wayboard, 'zo');
    await qt.waitForLine(/^qml: preedit words zo$/);
    await waitFor(`${made} offered after a restart`, async () =>
      (await strip(wayboard)).includes(made),
    );
    await wayboard.stop();
  });

  it('--no-learning remembers nothing', async () => {
    const fresh = xdg();
    const { wayboard, qt } = await startWith(['--no-learning'], fresh);
    await focus(wayboard, WORDS);
    await tapText(wayboard, made);
    await tapKey(wayboard, (k) => k.action === 'space');
    await qt.waitForLine(new RegExp(`^qml: text words ${made} $`));
    await wayboard.stop();
    expect(existsSync(path.join(fresh.XDG_STATE_HOME, 'wayboard'))).toBe(false);
  });
});

describe('text-input-v3 (GTK 3, an entry asking for completion)', () => {
  const gtkEntry = path.join(path.dirname(form), 'gtk-entry.py');
  let wayboard: Wayboard;
  let gtk: Client;
  beforeAll(async () => {
    wayboard = await Wayboard.start([], [], xdg());
    gtk = wayboard.spawnClient('/usr/bin/python3', [gtkEntry, '3', '--words']);
    await wayboard.waitForSurface('org.wayboard.GtkEntry3');
    await gtk.waitForLine(/^focus entry$/);
    await waitForPanel(wayboard);
  });
  afterAll(() => wayboard.stop());

  it('the word arrives as set_preedit_string; the tapped candidate as a commit', async () => {
    await tapText(wayboard, 'keyb');
    await gtk.waitForLine(/^preedit: keyb$/);
    expect(gtk.lines.filter((l) => l.startsWith('text:'))).toEqual([]);
    await waitFor('keyboard on the strip', async () =>
      (await strip(wayboard)).includes('keyboard'),
    );
    await tapKey(wayboard, (k) => k.action === 'suggestion' && k.text === 'keyboard');
    await gtk.waitForLine(/^text: keyboard $/);
  });

  /** a line matching `pattern` printed after the first `from` lines */
  const lineAfter = (from: number, pattern: RegExp) =>
    waitFor(`${pattern} from gtk`, async () => gtk.lines.slice(from).find((l) => pattern.test(l)));

  it('a tap on another widget mid-word commits the word first (GTK would drop it)', async () => {
    const from = gtk.lines.length;
    await tapText(wayboard, 'ca');
    await lineAfter(from, /^preedit: ca$/);
    await wayboard.tap(640, 95); // the Done button under the entry
    await lineAfter(from, /^focus button$/);
    await lineAfter(from, /^text: keyboard ca$/);
  });

  it('a client killed mid-word is not sent the word (wayboard crashed doing so)', async () => {
    await wayboard.tap(640, 50); // back to the entry
    await waitForPanel(wayboard);
    const from = gtk.lines.length;
    await tapText(wayboard, 'zo');
    await lineAfter(from, /^preedit: zo$/);
    gtk.process.kill('SIGKILL');
    await waitFor('the surface gone', async () =>
      (await wayboard.state()).surfaces.every((s) => s.app_id !== 'org.wayboard.GtkEntry3'),
    );
    expect(wayboard.alive).toBe(true); // and afterAll's stop checks a clean exit
  });
});

describe('autocorrect (config key, off by default)', () => {
  let wayboard: Wayboard;
  let qt: Client;
  const env = xdg();
  beforeAll(async () => {
    const config = path.join(env.XDG_STATE_HOME, '..', 'autocorrect.json');
    writeFileSync(config, JSON.stringify({ autocorrect: true }));
    ({ wayboard, qt } = await startWith(['--config', config], env));
    await focus(wayboard, WORDS);
  });
  afterAll(() => wayboard.stop());

  it('a space after an unknown word puts the best candidate; Backspace right after undoes', async () => {
    await tapText(wayboard, 'teh');
    await qt.waitForLine(/^qml: preedit words teh$/);
    await tapKey(wayboard, (k) => k.action === 'space');
    await qt.waitForLine(/^qml: text words the $/);
    await tapKey(wayboard, (k) => k.action === 'backspace');
    await qt.waitForLine(/^qml: text words teh $/);
  });
});
