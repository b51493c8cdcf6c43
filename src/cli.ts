/**
 * The command line: commander wiring only. Each command is declared in src/commands/ (src/commands/index.ts
 * lists them) and registered here in one loop; what a command does lives there, where tests reach it
 * without a process.
 */
import { Command, Option } from 'commander';
import { commands } from './commands/index.js';
import type { CommandSpec } from './commands/spec.js';
import { EXIT } from './exit-codes.js';
import { VERSION } from './version.js';
import { runLintWorker } from './runner/lint-worker.js';
import { useWorkerEntry } from './runner/schedule.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Set on the global object by the code that starts a lint worker thread on this bundle (see useWorkerEntry):
 * that thread lints its share of the files instead of running the command line.
 */
const LINT_WORKER = Symbol.for('studio-lint.lint-worker');
const inLintWorker = (globalThis as Record<symbol, unknown>)[LINT_WORKER] === true;

const program = new Command('studio-lint')
  .description('Lint and autofix Twilio Studio flows: migrate Programmable Chat flows to Flex Conversations and catch flow bugs.')
  .version(VERSION)
  .showHelpAfterError('(run studio-lint --help for usage)')
  // Commander's own errors in the style of every other message: `studio-lint: …`, exit 2.
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'studio-lint: ')) })
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT.usage);
  });

function register(parent: Command, spec: CommandSpec): void {
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
      process.exitCode = await run(args.slice(0, -2) as never[], args.at(-2) as never);
    });
  }
}

for (const spec of commands) register(program, spec);

// `studio-lint <paths...>` runs lint, the default command, whose options the top-level help would otherwise not
// show: list their flags there, and where their descriptions are.
const defaultCommand = program.commands.find((c) => commands.some((spec) => spec.isDefault && spec.name === c.name()));
if (defaultCommand) {
  program.addHelpText('after', () => {
    const flags = defaultCommand.options.map((o) => o.flags).join(', ');
    const width = Math.min(process.stdout.columns || 80, 100) - 2;
    const lines: string[] = [];
    for (const word of flags.split(' ')) {
      if (lines.length && lines.at(-1)!.length + 1 + word.length <= width) lines[lines.length - 1] += ` ${word}`;
      else lines.push(`  ${word}`);
    }
    return `\n\`studio-lint <paths...>\` is \`studio-lint ${defaultCommand.name()} <paths...>\`, the default command. Its options:\n${lines.join('\n')}\nWhat each does: studio-lint ${defaultCommand.name()} --help\n`;
  });
}

// A reader that stops early (`studio-lint lint flows | head -1`) closes the pipe: the rest of the output
// has nowhere to go, which is not an error. Writes after that are dropped; the exit code stays the run's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
  throw error;
});

if (inLintWorker) {
  runLintWorker();
} else {
  // dist/cli.cjs loads this bundle: a worker thread loads it the same way, from the code cache.
  const loader = fileURLToPath(new URL('./cli.cjs', import.meta.url));
  if (existsSync(loader)) useWorkerEntry({ code: `globalThis[Symbol.for(${JSON.stringify(LINT_WORKER.description)})] = true;\nrequire(${JSON.stringify(loader)});` });
  program.parseAsync(process.argv).catch((error: unknown) => {
    process.stderr.write(`studio-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.usage);
  });
}
