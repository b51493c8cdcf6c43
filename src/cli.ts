/**
 * The command line: commander wiring only. What a command does lives in src/commands/ and src/engine/,
 * where tests reach it without a process.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runBaselineCommand, runInitCommand } from './commands/baseline.js';
import { defaultIo, runLintCommand } from './commands/lint.js';
import { BASELINE_FILE } from './runner/baseline.js';
import { pull, push, remoteCommand, rollback, type RemoteIo } from './commands/remote.js';
import { downtime, graph, inventory } from './commands/migrate.js';
import type { CutoverIo } from './commands/cutover.js';
import { explainRule, printRules } from './commands/rules.js';
import { EXIT } from './exit-codes.js';
import { testCommand, type TestCommandOptions } from './commands/test-options.js';
import { VERSION } from './version.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const nonNegativeInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
};

const program = new Command('studio-lint')
  .description('Lint and autofix Twilio Studio flows: migrate Programmable Chat flows to Flex Conversations and catch flow bugs.')
  .version(VERSION)
  .showHelpAfterError('(run studio-lint --help for usage)')
  // Commander's own errors in the style of every other message: `studio-lint: …`, exit 2.
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'studio-lint: ')) })
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : EXIT.usage);
  });

program
  .command('lint', { isDefault: true })
  .description('lint flow files, folders (searched for *.json) and globs')
  .argument('[paths...]', 'files, folders or globs')
  .option('-f, --format <name>', 'output format: stylish (default), full (stylish with code frames), json, compact, github, gitlab, junit, sarif, html; repeatable', collect)
  .option('-o, --output-file <path>', 'write the report of the format in the same position to a file; repeatable', collect)
  .option('--quiet', 'report errors only')
  .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', nonNegativeInt)
  .option('--rule <id:severity>', 'set a rule’s severity (off, warn, error); repeatable', collect)
  .option('--fix', 'apply safe fixes and write the files')
  .option('--fix-dry-run', 'fix without writing; the fixed text is in the JSON output (output)')
  .option('--diff', 'print a unified diff of what --fix would change; exit 1 when there is one')
  .option('--unsafe-fixes', 'with --fix, --fix-dry-run or --diff: apply unsafe fixes too')
  .option('--fix-rule <id>', 'only fix findings of this rule; repeatable', collect)
  .option('-c, --config <path>', 'use this config file instead of the nearest studio-lint.config.json')
  .option('--remote', 'lint the flows of the Twilio account (TWILIO_* credentials) instead of files')
  .option('--sid <FW...>', 'with --remote: only this flow; repeatable', collect)
  .option('--cache', 'reuse the results of files whose content, config and studio-lint version are unchanged')
  .option('--cache-location <path>', 'where --cache keeps its file (default .studio-lint-cache)')
  .option('--ignore-non-flows', 'pass over named files that are not flows; exit 0 when no flow is left (for hooks)')
  .option('--prune-baseline', 'remove baseline entries that no longer occur')
  .option('--stdin', 'lint the text on standard input')
  .option('--stdin-filename <name>', 'the file name to report for --stdin')
  .option('--concurrency <n>', "threads to lint with: a number, or 'auto' (one more per 64 MiB of input, up to the cores)", (v: string) => {
    if (v === 'auto') return 'auto';
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1 or 'auto'");
    return n;
  })
  .option('--debug', 'say which files were passed over and why')
  .option('--exit-zero', 'exit 0 even when there are findings (2 and 3 still mean usage and Twilio failures)')
  .option('--statistics', 'print the number of findings per rule, with what --fix does about them, instead of the findings')
  .option('--code-frame', 'stylish: show the source line with a caret under each finding')
  .option('--print-config <file>', 'print the rules and options in force for this file (JSON), then exit')
  .option('--sarif-category <name>', 'sarif: the run’s automationDetails.id, to upload several analyses per commit')
  .option('--color', 'always colour the output')
  .option('--no-color', 'never colour the output')
  .action(async (paths: string[], options: Record<string, unknown>) => {
    process.exitCode = await runLintCommand(paths, options, { ...defaultIo(), connect: openStudioApi });
  });

program
  .command('baseline')
  .description(`record today's findings in ${BASELINE_FILE}: lint then reports only new ones`)
  .argument('[paths...]', 'files, folders or globs (default: the current folder)')
  .option('-c, --config <path>', 'use this config file instead of the nearest studio-lint.config.json')
  .action(async (paths: string[], options: { config?: string }) => {
    process.exitCode = await runBaselineCommand(paths, options, defaultIo());
  });

program
  .command('init')
  .description('write a starter studio-lint.config.json in the current folder')
  .action(() => {
    process.exitCode = runInitCommand(defaultIo());
  });

program
  .command('pull')
  .description('write the account’s flows into a folder, one file per flow, with a manifest of what was pulled')
  .option('--out <dir>', 'the folder', 'flows')
  .option('--sid <FW...>', 'only this flow; repeatable', collect)
  .option('--force', 'overwrite local changes to a flow that has a new revision')
  .action(async (options: { out?: string; sid?: string[]; force?: boolean }) => {
    const io = remoteIo();
    process.exitCode = await remoteCommand(io, (api) => pull(api, io, options));
  });

program
  .command('push')
  .description('send changed flow files back: drift check, validation, then a new draft revision')
  .argument('[paths...]', 'a pulled folder (default flows) or files in it')
  .option('--dry-run', 'print the plan (changes by widget and property, and a diff); send nothing')
  .option('--publish', 'make the new revisions live (default: draft)')
  .option('--force', 'push even when the account has a newer revision than the one pulled')
  .option('--message <text>', 'the commit message (default: the rules the change fixes)')
  .action(async (paths: string[], options: { dryRun?: boolean; publish?: boolean; force?: boolean; message?: string }) => {
    const io = remoteIo();
    process.exitCode = await remoteCommand(io, (api) => push(api, io, paths, options));
  });

program
  .command('rollback')
  .description('push an earlier revision of a flow as a new revision, validated, with the drift check')
  .argument('<targets...>', 'pulled flow files or FW sids')
  .requiredOption('--to <revision>', 'the revision to return to', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a revision number');
    return n;
  })
  .option('--publish', 'make the new revision live (default: draft)')
  .option('--force', 'roll back even when the account has a newer revision than the one pulled')
  .action(async (targets: string[], options: { to: number; publish?: boolean; force?: boolean }) => {
    const io = remoteIo();
    process.exitCode = await remoteCommand(io, (api) => rollback(api, io, targets, options));
  });

program
  .command('inventory')
  .description('map the account: legacy addresses, Conversations addresses, numbers and flows, what moves together, an order')
  .option('--format <format>', 'table, json or markdown', 'table')
  .action(async (options: { format?: string }) => {
    const io = remoteIo();
    process.exitCode = await remoteCommand(io, (api) => inventory(api, io, options));
  });

program
  .command('downtime-flow')
  .description('the temporary flow that answers new messages during the migration (Incoming Message to Send Message)')
  .option('--message <text>', 'what it answers')
  .option('--out <file>', 'write the definition to a file (default: standard output)')
  .option('--create', 'validate it and create it, published, in the account; prints its SID and webhook URL')
  .action(async (options: { message?: string; out?: string; create?: boolean }) => {
    const io = remoteIo();
    process.exitCode = options.create
      ? await remoteCommand(io, (api) => downtime(io, options, () => Promise.resolve(api)))
      : await downtime(io, options, () => openStudioApi(io.env));
  });

const cutover = program.command('cutover').description('move one migrated flow and its addresses and numbers to Flex Conversations: plan, apply, rollback');
cutover
  .command('plan')
  .description('read the account (GETs only) and write the cutover plan for one pulled, migrated flow file')
  .argument('<flow>', 'the migrated flow file, pulled with studio-lint pull')
  .option('--downtime-flow <FW...>', 'the published downtime flow to point the numbers at (default: the plan creates one)')
  .option('--downtime-message <text>', 'what the created downtime flow answers')
  .option('--cancel-pending-tasks', 'cancel pending Programmable Chat tasks (never deleted)')
  .option('--out <file>', 'where to write the plan', 'cutover-plan.json')
  .action(async (file: string, options: { downtimeFlow?: string; downtimeMessage?: string; cancelPendingTasks?: boolean; out?: string }) => {
    const { cutoverPlan } = await import('./commands/cutover.js');
    process.exitCode = await cutoverPlan(await cutoverIo(), file, options);
  });
cutover
  .command('apply')
  .description('run the plan’s steps in order, journaled beside the plan; again after a failure: continue')
  .argument('<plan>', 'the plan file')
  .option('--yes', 'do not ask (required when standard input is not a terminal)')
  .option('--dry-run', 'print what would be sent; send nothing')
  .action(async (file: string, options: { yes?: boolean; dryRun?: boolean }) => {
    const { cutoverApply } = await import('./commands/cutover.js');
    process.exitCode = await cutoverApply(await cutoverIo(), file, options);
  });
cutover
  .command('rollback')
  .description('undo the plan’s done steps in reverse order')
  .argument('<plan>', 'the plan file')
  .option('--yes', 'do not ask (required when standard input is not a terminal)')
  .option('--dry-run', 'print what would be sent; send nothing')
  .action(async (file: string, options: { yes?: boolean; dryRun?: boolean }) => {
    const { cutoverRollback } = await import('./commands/cutover.js');
    process.exitCode = await cutoverRollback(await cutoverIo(), file, options);
  });

program
  .command('graph')
  .description('a flow as a graph: Trigger events as entry edges, widgets with findings marked')
  .argument('<flow>', 'a flow file')
  .option('--format <format>', 'mermaid or dot', 'mermaid')
  .action((file: string, options: { format?: string }) => {
    process.exitCode = graph(defaultIo(), file, options);
  });

const test = program.command('test').description(testCommand.description).argument(...testCommand.argument);
for (const [flags, description] of testCommand.options) test.option(flags, description);
test.action(async (paths: string[], options: TestCommandOptions) => {
  // The simulator and liquidjs load only here (their own file in the build): lint's start-up never pays for them.
  const { runTestCommand } = await import('./commands/test.js');
  process.exitCode = await runTestCommand(paths, options, { ...defaultIo(), cwd: process.cwd() });
});

program
  .command('rules')
  .description('list the rules: id, default severity, fixable, description')
  .action(() => {
    process.stdout.write(printRules());
  });

program
  .command('explain')
  .description('explain a rule: what it does, why it matters, an example, fix safety')
  .argument('<rule>', 'rule id')
  .action((id: string) => {
    const text = explainRule(id);
    if (text === undefined) {
      process.stderr.write(`studio-lint: unknown rule '${id}' (studio-lint rules lists them)\n`);
      process.exitCode = EXIT.usage;
    } else process.stdout.write(text);
  });

/** The twilio package is loaded here, on demand: lint without --remote never imports it. */
async function openStudioApi(env: NodeJS.ProcessEnv) {
  const { connect } = await import('./twilio/client.js');
  return connect(env);
}

function remoteIo(): RemoteIo {
  return { ...defaultIo(), env: process.env, stderrIsTty: !!process.stderr.isTTY, connect: openStudioApi };
}

/** cutover's code is loaded only when a cutover command runs. */
async function cutoverIo(): Promise<CutoverIo> {
  const { terminalAsk } = await import('./commands/cutover.js');
  return { ...remoteIo(), stdinIsTty: !!process.stdin.isTTY, ask: terminalAsk };
}

// A reader that stops early (`studio-lint lint flows | head -1`) closes the pipe: the rest of the output
// has nowhere to go, which is not an error. Writes after that are dropped; the exit code stays the run's.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
  throw error;
});

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`studio-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(EXIT.usage);
});
