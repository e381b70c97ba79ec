// Which backend runs: --backend names one; without it a parent compositor (WAYLAND_DISPLAY)
// means nested, nothing means headless with a one-line notice.
import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../src/cli/args.js';
import { defaultBackend } from '../../src/backends/names.js';

function run(argv: string[], surroundings?: Parameters<typeof parseArgs>[1]) {
  const parsed = parseArgs(argv, surroundings);
  if (parsed.kind !== 'run') throw new Error(`expected run, got ${parsed.kind}`);
  return parsed;
}

describe('the backend', () => {
  it('is nested when there is a parent compositor and none is named', () => {
    expect(run([], { waylandDisplay: 'wayland-1' })).toMatchObject({ backend: 'wayland' });
    expect(run([], { waylandDisplay: 'wayland-1' }).backendNotice).toBeUndefined();
  });

  it('is headless, with one line why, when there is no parent', () => {
    const args = run([], {});
    expect(args.backend).toBe('headless');
    expect(args.backendNotice).toBe(
      'no parent compositor (WAYLAND_DISPLAY is not set): running headless',
    );
    expect(run([], { waylandDisplay: '' }).backend).toBe('headless');
    expect(defaultBackend({}).notice).not.toContain('\n');
  });

  it('is drm when neither a parent compositor nor an X session holds the screen and a card exists', () => {
    expect(run([], { drmDevice: true })).toMatchObject({ backend: 'drm' });
    expect(run([], { drmDevice: true }).backendNotice).toBeUndefined();
    expect(run([], { waylandDisplay: 'wayland-1', drmDevice: true }).backend).toBe('wayland');
    const x11 = run([], { display: ':0', drmDevice: true });
    expect(x11.backend).toBe('headless');
    expect(x11.backendNotice).toBe(
      'no parent compositor (WAYLAND_DISPLAY is not set) and an X session has the screen (DISPLAY=:0): running headless',
    );
    // no card: headless with the plain notice
    expect(run([], { drmDevice: false }).backendNotice).toMatch(
      /^no parent compositor .*headless$/,
    );
    expect(run(['--backend', 'drm'], {}).backend).toBe('drm');
  });

  it('is the one --backend names, whatever the surroundings, and no notice', () => {
    const headless = run(['--backend', 'headless'], { waylandDisplay: 'wayland-1' });
    expect(headless.backend).toBe('headless');
    expect(headless.backendNotice).toBeUndefined();
    expect(run(['--backend=wayland'], {}).backend).toBe('wayland');
  });

  it('rejects an unknown name with the known ones', () => {
    expect(() => parseArgs(['--backend', 'x11'])).toThrow(UsageError);
    expect(() => parseArgs(['--backend', 'x11'])).toThrow(
      /^unknown backend "x11" \(expected headless or wayland/,
    );
  });
});
