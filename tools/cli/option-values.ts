// Readers of option values shared by the commands: each turns the text after --name into a value or
// throws a one-line CliInputError that names the option and quotes what it got.
import { CliInputError, type ReadValue, type ValueOption } from './parse-cli.ts';

export const text: ReadValue<string> = (value) => value;

export const number: ReadValue<number> = (value, name) => {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new CliInputError(`--${name} must be a number, got "${value}"`);
  return parsed;
};

export const integer: ReadValue<number> = (value, name) => {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed)) throw new CliInputError(`--${name} must be an integer, got "${value}"`);
  return parsed;
};

export function oneOf<T extends string>(allowed: readonly T[]): ReadValue<T> {
  const choices = allowed.length === 2 ? `${allowed[0]} or ${allowed[1]}` : `one of ${allowed.join(', ')}`;
  return (value, name) => {
    if (!(allowed as readonly string[]).includes(value)) throw new CliInputError(`--${name} must be ${choices}, got "${value}"`);
    return value as T;
  };
}

/** A comma-separated list, each item read by `item`; blanks between commas are skipped. */
export function listOf<T>(item: ReadValue<T>): ReadValue<T[]> {
  return (value, name) =>
    value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => item(t, name));
}

/** The option as a comma-separated list of its values (a sweep over them); no default. */
export function listOption<T>(single: ValueOption<T>): ValueOption<T[], false> {
  return { ...single, value: `${single.value}[,...]`, read: listOf(single.read), required: false, default: undefined, always: false };
}
