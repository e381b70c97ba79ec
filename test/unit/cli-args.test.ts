import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs, parseOutput } from '../../src/cli/args.js';
import { ConfigError } from '../../src/errors.js';

function run(argv: string[]) {
  const parsed = parseArgs(argv);
  if (parsed.kind !== 'run') throw new Error(`expected run, got ${parsed.kind}`);
  return parsed;
}

function error(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`no error for ${JSON.stringify(argv)}`);
}

describe('parseArgs', () => {
  it('has defaults', () => {
    expect(run([])).toEqual({
      kind: 'run',
      backend: 'headless',
      outputs: [], // each backend has its default (headless: one 1280x720@60)
      socketName: null,
      layout: 'us',
      configFile: null,
      learning: true,
      inputMethod: { kind: 'builtin' },
      trustedClients: [],
      app: [],
    });
  });

  it('takes --no-learning', () => {
    expect(run(['--no-learning']).learning).toBe(false);
    expect(run(['--no-learning', '--', 'foot']).app).toEqual(['foot']);
  });

  it('takes the input method as builtin, external or a command line, and trusted paths', () => {
    expect(run(['--input-method', 'external']).inputMethod).toEqual({ kind: 'external' });
    expect(run(['--input-method=wvkbd-mobintl -L 300']).inputMethod).toEqual({
      kind: 'command',
      argv: ['wvkbd-mobintl', '-L', '300'],
    });
    expect(run(['--trusted-client', '/usr/bin/wvkbd-mobintl']).trustedClients).toEqual([
      '/usr/bin/wvkbd-mobintl',
    ]);
    expect(() => run(['--trusted-client', 'wvkbd'])).toThrow(/absolute path/);
    expect(() => run(['--input-method='])).toThrow(/needs builtin, external or a command/);
  });

  it('takes every option, in both --opt value and --opt=value form', () => {
    const args = run([
      '--backend',
      'headless',
      '--socket=wayland-7',
      '--layout',
      'de,ru',
      '--config',
      'kb.json',
    ]);
    expect(args.socketName).toBe('wayland-7');
    expect(args.layout).toBe('de,ru');
    expect(args.configFile).toBe('kb.json');
  });

  it('parses repeated outputs, with and without Hz, fractional Hz', () => {
    const args = run([
      '--output',
      '800x600',
      '--output=1920x1080@59.94',
      '--output',
      '640x480@144',
    ]);
    expect(args.outputs).toEqual([
      { width: 800, height: 600, refreshMhz: 60000 },
      { width: 1920, height: 1080, refreshMhz: 59940 },
      { width: 640, height: 480, refreshMhz: 144000 },
    ]);
  });

  it('takes an output transform after a comma, by wl_output.transform name', () => {
    expect(parseOutput('1280x720@60,rotate-90')).toEqual({
      width: 1280,
      height: 720,
      refreshMhz: 60000,
      transform: 1,
    });
    const names = ['normal', 'rotate-90', 'rotate-180', 'rotate-270', 'flipped'];
    names.push('flipped-90', 'flipped-180', 'flipped-270');
    names.forEach((name, transform) =>
      expect(parseOutput(`800x600,${name}`)).toMatchObject({ width: 800, transform }),
    );
    expect(run(['--output=640x480,flipped-270']).outputs).toEqual([
      { width: 640, height: 480, refreshMhz: 60000, transform: 7 },
    ]);
  });

  it('rejects unknown transforms, with the names it takes', () => {
    for (const spec of [
      '1280x720,rotate-45',
      '1280x720,',
      '1280x720,rotate-90,flipped',
      '1280x720,90',
    ])
      expect(error(['--output', spec])).toMatch(
        /^bad --output ".*": unknown transform ".*" \(expected one of normal, rotate-90, .*flipped-270\)/,
      );
    // a bad mode before a good transform still says what a mode looks like
    expect(error(['--output', '1280*720,rotate-90'])).toMatch(/expected WxH or WxH@Hz/);
    expect(error(['--output', '0x720,rotate-90'])).toMatch(/width and height must be 1\.\.16384/);
  });

  it('accepts the size limits', () => {
    expect(parseOutput('1x1')).toEqual({ width: 1, height: 1, refreshMhz: 60000 });
    expect(parseOutput('16384x16384@1')).toEqual({ width: 16384, height: 16384, refreshMhz: 1000 });
  });

  it('takes the app after --, with its own options', () => {
    expect(run(['--socket', 'w', '--', 'foot', '--help']).app).toEqual(['foot', '--help']);
    expect(run(['--', '--weird-name']).app).toEqual(['--weird-name']);
    expect(run(['--']).app).toEqual([]);
  });

  it('takes the first operand and everything after it as the app', () => {
    const args = run(['--layout', 'fr', 'weston-terminal', '--shell=/bin/sh', '--', 'x']);
    expect(args.layout).toBe('fr');
    expect(args.app).toEqual(['weston-terminal', '--shell=/bin/sh', '--', 'x']);
  });

  it('handles help and version', () => {
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--output', '800x600', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
    // after the app starts, --help is the app's
    expect(run(['app', '--help']).app).toEqual(['app', '--help']);
  });

  it('rejects bad command lines with one line each', () => {
    expect(error(['--foo'])).toBe('unknown option --foo');
    expect(error(['--foo=1'])).toBe('unknown option --foo');
    expect(error(['-x'])).toBe('unknown option -x');
    expect(error(['-'])).toBe('unknown option -');
    expect(error(['--backend', 'x11'])).toMatch(/unknown backend "x11"/);
    expect(error(['--output'])).toBe('option --output needs a value');
    expect(error(['--socket', '--layout', 'us'])).toBe('option --socket needs a value');
    expect(error(['--config'])).toBe('option --config needs a value');
    expect(error(['--config='])).toMatch(/--config/);
    expect(error(['--socket='])).toMatch(/bad --socket ""/);
    expect(error(['--socket', 'a/b'])).toMatch(/bad --socket "a\/b"/);
    expect(error(['--socket', '..'])).toMatch(/bad --socket/);
    expect(error(['--layout', 'us,'])).toMatch(/bad --layout "us,"/);
    expect(error(['--layout', 'u s'])).toMatch(/bad --layout/);
  });

  it('rejects bad outputs', () => {
    for (const spec of [
      '',
      '1280',
      '1280x',
      'x720',
      '1280x720@',
      '1280*720',
      '-1x5',
      '1.5x2',
      'axb',
    ]) {
      expect(error([`--output=${spec}`])).toMatch(/^bad --output .*expected WxH/);
    }
    expect(error(['--output', '0x720'])).toMatch(/width and height must be 1\.\.16384/);
    expect(error(['--output', '1280x16385'])).toMatch(/width and height must be 1\.\.16384/);
    expect(error(['--output', '1280x720@0'])).toMatch(/refresh rate/);
    expect(error(['--output', '1280x720@0.0001'])).toMatch(/refresh rate/);
    expect(error(['--output', '1280x720@5000'])).toMatch(/refresh rate/);
  });
});
