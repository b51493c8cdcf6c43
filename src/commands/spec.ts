/**
 * A command as data: its name, arguments, options and handler. `cli.ts` registers each one with commander in
 * a loop; the declaration is light (no handler code) for commands whose code loads only when they run.
 */
import { InvalidArgumentError } from 'commander';
import type { CliContext } from './shared.js';

export interface OptionSpec {
  /** commander's flags, e.g. '-f, --format <name>'. */
  flags: string;
  description: string;
  /** Turns the text into the value (commander's argParser); `collect` makes an option repeatable. */
  parse?: (value: string, previous: never) => unknown;
  /** The value when the option is not given. */
  default?: string;
  required?: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Runs when no command is named. */
  isDefault?: boolean;
  /** [name, description], commander's syntax ('<file>', '[paths...]'). */
  arguments?: readonly (readonly [string, string])[];
  options?: readonly OptionSpec[];
  /** The handler: the arguments in their order, then the options, then the run's process context; returns the exit code. */
  run?: (args: never[], options: never, context: CliContext) => Promise<number> | number;
  subcommands?: readonly CommandSpec[];
}

/** Declares a command with its handler's argument and option types checked. */
export function command<A extends unknown[], O>(spec: Omit<CommandSpec, 'run'> & { run?: (args: A, options: O, context: CliContext) => Promise<number> | number }): CommandSpec {
  return spec as CommandSpec;
}

/** For repeatable options. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export const nonNegativeInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
};
