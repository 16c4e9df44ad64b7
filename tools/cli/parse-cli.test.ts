import { describe, expect, it } from 'vitest';
import { integer, listOption, number, oneOf, text } from './option-values.ts';
import { CliInputError, flag, helpText, option, parseCommand, usageLine, type CommandSpec, type OptionTable } from './parse-cli.ts';

const SIZE = option({ value: 'N', help: 'how many', read: integer });

const DEMO = {
  command: 'demo --',
  options: {
    name: option({ value: 'NAME', help: 'who to greet', read: text, required: true }),
    size: SIZE,
    sizes: listOption(SIZE),
    scale: option({ value: 'X', help: 'a factor', read: number, default: 1.5 }),
    colour: option({ value: 'red|blue', help: 'the ink', read: oneOf(['red', 'blue'] as const), default: 'red' }),
    loud: flag('shout'),
    'dry-run': flag('change nothing'),
  },
  notes: ['names: anything'],
} satisfies CommandSpec<OptionTable>;

function parse(args: string[]) {
  const values = parseCommand(DEMO, args);
  if (values === 'help') throw new Error('help');
  return values;
}

function reject(args: string[]): string {
  try {
    parseCommand(DEMO, args);
  } catch (error) {
    expect(error).toBeInstanceOf(CliInputError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`accepted ${args.join(' ')}`);
}

describe('the shared command-line parser', () => {
  it('reads values, fills defaults, and gives switches as booleans', () => {
    expect(parse(['--name', 'ada'])).toEqual({ name: 'ada', size: undefined, sizes: undefined, scale: 1.5, colour: 'red', loud: false, 'dry-run': false });
    expect(parse(['--name=ada', '--size', '3', '--scale=2', '--colour', 'blue', '--loud', '--dry-run', '--sizes', '1, 2,,3'])).toEqual({
      name: 'ada',
      size: 3,
      sizes: [1, 2, 3],
      scale: 2,
      colour: 'blue',
      loud: true,
      'dry-run': true,
    });
  });

  it('takes negative numbers as values, spaced or after =', () => {
    expect(parse(['--name', 'ada', '--size', '-1', '--scale', '-.5']).size).toBe(-1);
    expect(parse(['--name', 'ada', '--scale', '-.5']).scale).toBe(-0.5);
    expect(parse(['--name', 'ada', '--size=-4']).size).toBe(-4);
  });

  it('keeps the last of a repeated option', () => {
    expect(parse(['--name', 'ada', '--name', 'bob']).name).toBe('bob');
  });

  it('answers --help once every word is known, before the required options', () => {
    expect(parseCommand(DEMO, ['--help'])).toBe('help');
    expect(parseCommand(DEMO, ['--size', 'many', '--help'])).toBe('help');
    expect(() => parseCommand(DEMO, ['--help', '--shout'])).toThrow(/unknown option --shout/);
  });

  it('rejects each kind of bad input in one line that names the option', () => {
    expect(reject([])).toBe('--name is required');
    expect(reject(['--name', ''])).toBe('--name is required');
    expect(reject(['--name', 'ada', '--colur', 'red'])).toBe('unknown option --colur (did you mean --colour?); --help lists the options');
    expect(reject(['--name', 'ada', '-x'])).toMatch(/^unknown option -x;/);
    expect(reject(['--name', 'ada', '--loud=yes'])).toBe('--loud is a switch and takes no value, got "yes"');
    expect(reject(['--name', 'ada', '--size'])).toBe('--size needs a value (N)');
    expect(reject(['--name', '--loud'])).toBe('--name needs a value (NAME)');
    expect(reject(['--name', 'ada', 'extra'])).toBe('unexpected argument "extra": every value follows its --option');
    expect(reject(['--name', 'ada', '--size', '2.5'])).toBe('--size must be an integer, got "2.5"');
    expect(reject(['--name', 'ada', '--sizes', '1,x'])).toBe('--sizes must be an integer, got "x"');
    expect(reject(['--name', 'ada', '--scale', 'big'])).toBe('--scale must be a number, got "big"');
    expect(reject(['--name', 'ada', '--scale', ' '])).toBe('--scale must be a number, got " "');
    expect(reject(['--name', 'ada', '--colour', 'green'])).toBe('--colour must be red or blue, got "green"');
  });

  it('words a choice of more than two as a list', () => {
    expect(() => oneOf(['a', 'b', 'c'] as const)('d', 'pick')).toThrow('--pick must be one of a, b, c, got "d"');
  });

  it('writes the usage line from the required options and the help from every option', () => {
    expect(usageLine(DEMO)).toBe('usage: demo -- --name NAME [options]');
    const help = helpText(DEMO).split('\n');
    expect(help[0]).toBe(usageLine(DEMO));
    expect(help).toContain('names: anything');
    const row = (start: string) => help.find((line) => line.trimStart().startsWith(start));
    expect(row('--name NAME')).toMatch(/who to greet \(required\)$/);
    expect(row('--sizes N[,...]')).toMatch(/how many$/);
    expect(row('--scale X')).toMatch(/a factor \(default: 1.5\)$/);
    expect(row('--colour red|blue')).toMatch(/the ink \(default: red\)$/);
    expect(row('--dry-run')).toMatch(/change nothing$/);
    expect(row('--help')).toMatch(/print this help/);
    // One column for every help line, however long the option.
    const columns = [['--name', 'who to greet'], ['--scale', 'a factor'], ['--loud', 'shout']].map(([start, words]) => (row(start) as string).indexOf(words));
    expect(new Set(columns).size).toBe(1);
  });
});
