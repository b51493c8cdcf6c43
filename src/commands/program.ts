/**
 * The command line as a function: commander's program over the commands of index.ts, run on one argument
 * list with one process context (`CliContext`: streams, folder, environment, terminals), returning the exit
 * code. It never exits the process nor sets process.exitCode: src/cli.ts passes the real process and exits
 * with the code; a test runs the same parsing and command code in its own process (test/helpers.ts
 * runCliInProcess).
 */
import { Command, CommanderError, Option } from 'commander';
import { commands } from './index.js';
import type { CommandSpec } from './spec.js';
import { EXIT } from '../exit-codes.js';
import { VERSION } from '../version.js';
import type { CliContext } from './shared.js';

/**
 * Runs `studio-lint <argv...>` (the arguments after the program's name) on `context`; resolves to the exit code.
 * A command that throws (a bug: failureExitCode throws what it does not know) rejects: see internalError.
 */
export async function runCommandLine(argv: readonly string[], context: CliContext): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram(context, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // --help, --version and commander's own usage errors (already printed): exit 0 for the first two, else 2.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return exitCode;
}

/** The message for a command that threw: printed on standard error, with exit 2. */
export function internalError(error: unknown): string {
  return `studio-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}

function createProgram(context: CliContext, setExitCode: (code: number) => void): Command {
  const program = new Command('studio-lint')
    .description('Lint and autofix Twilio Studio flows: migrate Programmable Chat flows to Flex Conversations and catch flow bugs.')
    .version(VERSION)
    .showHelpAfterError('(run studio-lint --help for usage)')
    // Commander's own errors in the style of every other message: `studio-lint: …`, exit 2.
    .configureOutput({
      writeOut: (text) => context.stdout(text),
      writeErr: (text) => context.stderr(text),
      // Commander wraps its help at 80 columns unless standard output is a terminal of another width.
      getOutHelpWidth: () => (context.stdoutIsTty && context.columns) || 80,
      outputError: (text, write) => write(text.replace(/^error: /, 'studio-lint: ')),
    })
    // Thrown, not process.exit: runCommandLine turns it into the exit code.
    .exitOverride((error) => {
      throw error;
    });

  const register = (parent: Command, spec: CommandSpec): void => {
    const command = parent.command(spec.name, { isDefault: spec.isDefault }).description(spec.description);
    for (const [name, description] of spec.arguments ?? []) command.argument(name, description);
    for (const { flags, description, parse, default: value, required } of spec.options ?? []) {
      const option = new Option(flags, description);
      if (parse) option.argParser(parse as (value: string, previous: unknown) => unknown);
      if (value !== undefined) option.default(value);
      if (required) option.makeOptionMandatory();
      command.addOption(option);
    }
    for (const sub of spec.subcommands ?? []) register(command, sub);
    const run = spec.run;
    // commander calls the action with the arguments, then the options, then the command.
    if (run) {
      command.action(async (...args: unknown[]) => {
        setExitCode(await run(args.slice(0, -2) as never[], args.at(-2) as never, context));
      });
    }
  };
  for (const spec of commands) register(program, spec);

  // `studio-lint <paths...>` runs lint, the default command, whose options the top-level help would otherwise not
  // show: list their flags there, and where their descriptions are.
  const defaultCommand = program.commands.find((c) => commands.some((spec) => spec.isDefault && spec.name === c.name()));
  if (defaultCommand) {
    program.addHelpText('after', () => {
      const flags = defaultCommand.options.map((o) => o.flags).join(', ');
      const width = Math.min(context.columns || 80, 100) - 2;
      const lines: string[] = [];
      for (const word of flags.split(' ')) {
        if (lines.length && lines.at(-1)!.length + 1 + word.length <= width) lines[lines.length - 1] += ` ${word}`;
        else lines.push(`  ${word}`);
      }
      return `\n\`studio-lint <paths...>\` is \`studio-lint ${defaultCommand.name()} <paths...>\`, the default command. Its options:\n${lines.join('\n')}\nWhat each does: studio-lint ${defaultCommand.name()} --help\n`;
    });
  }
  return program;
}
