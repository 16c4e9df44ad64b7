// The one argument parser of the command-line tools. Each command declares its options as data
// (the value's shape, a help line, how the value is read, a default) and gets its --help text and
// every rejection from here, worded alike and one line each. Node's parseArgs splits the words
// (--name=value included); the checks are ours so that each message names the option.
import { parseArgs } from 'node:util';

/** Bad command-line input: the message is one line meant for the user, printed with the usage line. */
export class CliInputError extends Error {
  override name = 'CliInputError';
}

/** Reads an option's text into its value; throws CliInputError naming `--${name}` when it cannot. */
export type ReadValue<T> = (text: string, name: string) => T;

/** A switch: present or not. */
export interface FlagOption {
  type: 'boolean';
  help: string;
}

/** An option that takes a value. `Always` is true when the parsed value is never undefined. */
export interface ValueOption<T = unknown, Always extends boolean = boolean> {
  type: 'string';
  /** The value as the usage text shows it: "S", "webgpu|cpu", "OUTxIN". */
  value: string;
  help: string;
  read: ReadValue<T>;
  required: boolean;
  default: T | undefined;
  always: Always;
}

export type OptionTable = Record<string, FlagOption | ValueOption>;

/** What parsing gives for a table: flags as booleans, values read, defaults filled in. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]: T[K] extends ValueOption<infer V, infer Always> ? (Always extends true ? V : V | undefined) : boolean;
};

export interface CommandSpec<T extends OptionTable> {
  /** How the command is typed, e.g. "npm run compress --". */
  command: string;
  options: T;
  /** Lines after the option list: accepted names, file formats. */
  notes: readonly string[];
}

interface OptionFields<T> {
  value: string;
  help: string;
  read: ReadValue<T>;
}

export function flag(help: string): FlagOption {
  return { type: 'boolean', help };
}

export function option<T>(fields: OptionFields<T> & { required: true }): ValueOption<T, true>;
export function option<T>(fields: OptionFields<T> & { default: NoInfer<T> }): ValueOption<T, true>;
export function option<T>(fields: OptionFields<T>): ValueOption<T, false>;
export function option<T>(fields: OptionFields<T> & { required?: boolean; default?: T }): ValueOption<T> {
  const required = fields.required ?? false;
  return { type: 'string', value: fields.value, help: fields.help, read: fields.read, required, default: fields.default, always: required || fields.default !== undefined };
}

const HELP = flag('print this help and exit');

/** Parses `argv` against the command's options; 'help' when --help was given and nothing is wrong. */
export function parseCommand<T extends OptionTable>(command: CommandSpec<T>, argv: string[]): OptionValues<T> | 'help' {
  const table: OptionTable = command.options;
  const withHelp: OptionTable = { ...table, help: HELP };
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(withHelp).map(([name, o]) => [name, { type: o.type }])),
    // Not strict: parseArgs' own messages are multi-line and refuse negative numbers as values.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const texts = new Map<string, string>();
  const flags = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new CliInputError(`unexpected argument "${token.value}": every value follows its --option`);
    const declared = Object.hasOwn(withHelp, token.name) ? withHelp[token.name] : undefined;
    if (!declared) throw new CliInputError(unknownOption(token.rawName, Object.keys(table)));
    if (declared.type === 'boolean') {
      if (token.value !== undefined) throw new CliInputError(`${token.rawName} is a switch and takes no value, got "${token.value}"`);
      flags.add(token.name);
    } else {
      // parseArgs takes the next word as the value even when it is the next option.
      if (token.value === undefined || (!token.inlineValue && isOptionWord(token.value))) {
        throw new CliInputError(`${token.rawName} needs a value (${declared.value})`);
      }
      texts.set(token.name, token.value);
    }
  }
  if (flags.has('help')) return 'help';
  const entries = Object.entries(table);
  for (const [name, o] of entries) {
    if (o.type === 'string' && o.required && !texts.get(name)) throw new CliInputError(`--${name} is required`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, o] of entries) {
    if (o.type === 'boolean') {
      values[name] = flags.has(name);
    } else {
      const text = texts.get(name);
      values[name] = text === undefined ? o.default : o.read(text, name);
    }
  }
  return values as OptionValues<T>;
}

/** A word that starts another option; negative numbers are values. */
function isOptionWord(word: string): boolean {
  return word.length > 1 && word.startsWith('-') && !/^-\.?\d/.test(word);
}

function unknownOption(rawName: string, known: string[]): string {
  const name = rawName.replace(/^-+/, '');
  const near = known.find((k) => editDistance(k, name) <= 2 && Math.min(k.length, name.length) > 2);
  return `unknown option ${rawName}${near ? ` (did you mean --${near}?)` : ''}; --help lists the options`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

/** The first line of the help: the required options, then "[options]". Printed after every error. */
export function usageLine(command: CommandSpec<OptionTable>): string {
  const required = Object.entries(command.options).flatMap(([name, o]) => (o.type === 'string' && o.required ? [`--${name} ${o.value}`] : []));
  return `usage: ${[command.command, ...required, '[options]'].join(' ')}`;
}

const HELP_COLUMN = 30;

export function helpText(command: CommandSpec<OptionTable>): string {
  const all: OptionTable = { ...command.options, help: HELP };
  const rows = Object.entries(all).map(([name, o]) => {
    const left = o.type === 'string' ? `--${name} ${o.value}` : `--${name}`;
    const notes = o.type === 'string' ? [o.required ? 'required' : null, o.default !== undefined ? `default: ${String(o.default)}` : null].filter(Boolean) : [];
    const right = notes.length > 0 ? `${o.help} (${notes.join(', ')})` : o.help;
    // Long option names put their help on the next line rather than widening every row.
    return left.length < HELP_COLUMN - 1 ? `  ${left.padEnd(HELP_COLUMN)}${right}` : `  ${left}\n  ${' '.repeat(HELP_COLUMN)}${right}`;
  });
  return [usageLine(command), 'options:', ...rows, ...command.notes].join('\n');
}
