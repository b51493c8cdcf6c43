/**
 * `studio-lint push`: send changed flow files back: the lint gate (a flow with an error left is refused), drift
 * check, validation, then a new draft revision.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { activeRules, lintSource } from '../linter/lint.js';
import { isObject, type FlowDefinition } from '../flow/load.js';
import { JsonLocator, LineIndex, nearestValue, parsePointer } from '../flow/locate.js';
import type { StudioApi, ValidationProblem } from '../twilio/client.js';
import { TwilioError } from '../twilio/client.js';
import { exportText } from '../twilio/manifest.js';
import { MANIFEST_FILE } from '../runner/manifest.js';
import { checkPush, lockPushes, recordApplied, send, trackedFiles, type Tracked } from '../twilio/sync.js';
import { printable } from '../formatters/printable.js';
import { displayPath } from '../formatters/paths.js';
import { EXIT } from '../exit-codes.js';
import { type Io } from './shared.js';
import { progress } from './progress.js';
import { remoteCommand, remoteIo, type RemoteIo } from './remote.js';
import { command } from './spec.js';
import { DeploymentGate, type GateVerdict } from '../runner/gate.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { environmentCredentials } from '../twilio/client.js';
import { promote } from './promote.js';
import { accountTail } from './pull.js';
import { failureExitCode, UsageError } from './shared.js';

/**
 * push --promote: the target's credentials from the environment --to names in the config (the variables it
 * names), or the TWILIO_* ones; its map, or none.
 */
async function promoteCommand(io: RemoteIo, paths: string[], options: PushOptions): Promise<number> {
  let env = io.env;
  let map: Record<string, string> = {};
  let name: string | undefined;
  try {
    if (options.to !== undefined) {
      const config = loadConfig(io.cwd, options.config);
      const environment = config.environments[options.to];
      if (!environment) {
        const known = Object.keys(config.environments);
        throw new UsageError(`--to ${options.to}: no such environment in ${config.path ? displayPath(io.cwd, config.path) : 'the config (there is none)'}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
      }
      env = environmentCredentials(options.to, environment, io.env);
      map = environment.map ?? {};
      name = options.to;
    }
  } catch (error) {
    return failureExitCode(error, io, [ConfigError]);
  }
  return remoteCommand({ ...io, env }, (api) => promote(api, io, paths, options, { name: name ?? api.accountSid, map }), [ConfigError]);
}

export async function push(
  api: StudioApi,
  io: RemoteIo,
  paths: string[],
  options: PushOptions,
): Promise<number> {
  const { tracked, problems } = trackedFiles(io.cwd, paths);
  for (const p of problems) io.stderr(`studio-lint: ${p}\n`);
  if (tracked.length === 0) return EXIT.usage;
  // A folder's flows go back to the account they came from: another account's flows of the same names have
  // other SIDs, and its resources other SIDs too. push --promote rewrites them for it.
  for (const dir of new Set(tracked.map((t) => t.dir))) {
    const { account } = tracked.find((t) => t.dir === dir)!.manifest;
    if (account && account !== api.accountSid) {
      io.stderr(`studio-lint: ${displayPath(io.cwd, dir) || '.'}: pulled from ${accountTail(account)}, and these credentials open ${accountTail(api.accountSid)}: nothing pushed; push --promote sends the flows into another account, rewriting what is account-specific\n`);
      return EXIT.usage;
    }
  }
  // The gate lints what is sent as lint would (the project's config and baseline); --no-verify skips it, as
  // git commit --no-verify skips the hooks.
  const gate = options.verify === false ? undefined : new DeploymentGate(io.cwd, { color: io.stderrIsTty && !io.env.NO_COLOR, configFile: options.config });
  const status = options.publish ? 'published' : 'draft';
  const releases = options.dryRun ? [] : [...new Set(tracked.map((t) => t.dir))].map((dir) => lockPushes(dir, io.cwd));
  try {
    return await pushTracked(api, io, tracked, status, options, gate);
  } finally {
    for (const release of releases) release();
  }
}

async function pushTracked(api: StudioApi, io: RemoteIo, tracked: Tracked[], status: 'draft' | 'published', options: PushOptions, gate: DeploymentGate | undefined): Promise<number> {
  const bar = progress(io, tracked.length);
  let failures = 0;
  let refused = 0;
  for (const t of tracked) {
    const entry = t.manifest.flows[t.name]!;
    const label = `${entry.sid} '${printable(entry.friendlyName)}'`;
    bar.step(printable(entry.friendlyName));
    try {
      const check = await checkPush(api, t, { status, force: options.force });
      switch (check.kind) {
        case 'not-a-flow':
          io.stderr(`studio-lint: ${displayPath(io.cwd, t.file)}: not a flow definition; not pushed\n`);
          refused++;
          continue;
        case 'unchanged':
          io.stdout(`unchanged  ${label}: not sent\n`);
          continue;
        case 'gone':
          io.stderr(`studio-lint: ${label}: the flow is no longer in the account (deleted); not pushed: ${displayPath(io.cwd, t.file)} is kept, remove it and its entry in ${MANIFEST_FILE} to forget it\n`);
          refused++;
          continue;
        case 'already-applied': {
          const { remote } = check;
          if (options.dryRun) {
            io.stdout(`unchanged  ${label}: the account already has it as revision ${remote.revision} (${remote.status}); push records it\n`);
            continue;
          }
          recordApplied(t, check);
          io.stdout(`recorded   ${label}: the account already has it as revision ${remote.revision} (${remote.status}); an earlier push's answer was lost\n`);
          continue;
        }
        case 'newer-remote':
          io.stderr(`studio-lint: ${label}: the account has revision ${check.remote.revision}, newer than revision ${entry.revision} pulled into ${displayPath(io.cwd, t.file)} (edited in the Console?): pull and merge, or push --force\n`);
          refused++;
          continue;
        case 'send':
          break;
      }
      const verdict = gate?.verdict(t.file, check.text);
      if (options.dryRun) {
        io.stdout(plan(io, t.file, label, check.remote.definition, check.definition, status));
        if (verdict) io.stdout(dryRunVerdict(verdict));
        if (verdict?.errors) refused++;
        continue;
      }
      if (verdict?.errors) {
        const n = verdict.errors;
        io.stderr(`studio-lint: ${label}: ${displayPath(io.cwd, t.file)} has ${n} error${n === 1 ? '' : 's'}; not pushed (push --no-verify sends it anyway):\n${verdict.report}`);
        refused++;
        continue;
      }
      const commitMessage = options.message ?? commitMessageFor(check.remote.definition, check.definition);
      const sent = await send(api, t, check, { status, commitMessage });
      if (sent.kind === 'invalid') {
        io.stderr(`studio-lint: ${label}: Twilio refused the definition; not pushed:\n${locateProblems(io, t.file, check.text, sent.problems)}`);
        refused++;
        continue;
      }
      io.stdout(`pushed     ${label}: revision ${sent.flow.revision} (${sent.flow.status}) "${commitMessage}"\n`);
      if (sent.kind === 'overtaken') {
        const [first, last] = sent.between;
        const which = first === last ? `revision ${first} was` : `revisions ${first} to ${last} were`;
        io.stderr(`studio-lint: ${label}: ${which} made by someone else (another push, or the Console) after this push read revision ${sent.checked}, and this push replaced ${first === last ? 'it' : 'them'} as the latest: what ${first === last ? 'it' : 'they'} changed is no longer live; compare (studio-lint rollback --to ${last} brings it back) and merge\n`);
        refused++;
      }
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      failures++;
      io.stderr(`studio-lint: ${label}: ${error.message}; nothing recorded (if Twilio applied it anyway, the next push or pull records it)\n`);
    }
  }
  bar.end();
  return failures ? EXIT.twilio : refused ? EXIT.problems : EXIT.ok;
}

export interface PushOptions {
  dryRun?: boolean;
  /** Into another account (src/commands/promote.ts): --to names a configured environment. */
  promote?: boolean;
  to?: string;
  create?: boolean;
  publish?: boolean;
  force?: boolean;
  message?: string;
  /** false (--no-verify): send without the lint gate. */
  verify?: boolean;
  config?: string;
}

/** The dry run's word on the gate: what push would do with the flow, and the findings behind it. */
function dryRunVerdict(verdict: GateVerdict): string {
  if (verdict.ignored) return '  lint: not linted (the config ignores the file); push sends it\n';
  const n = verdict.errors;
  if (n === 0) return `  lint: no errors${verdict.warnings ? ` (${verdict.warnings} warning${verdict.warnings === 1 ? '' : 's'})` : ''}; push sends it\n`;
  return `  lint: ${n} error${n === 1 ? '' : 's'}; push refuses it (push --no-verify sends it anyway):\n${verdict.report}`;
}

/** Twilio's validation messages at the file's lines: property_path is a JSON pointer into the definition. */
export function locateProblems(io: Io, file: string, text: string, problems: ValidationProblem[]): string {
  const locator = new JsonLocator(text);
  const lines = new LineIndex(text);
  return problems
    .map((p) => {
      const range = nearestValue(locator, parsePointer(p.propertyPath));
      const at = lines.position(range?.start ?? 0);
      return `  ${displayPath(io.cwd, file)}:${at.line}:${at.column}: ${p.message} (${p.propertyPath})\n`;
    })
    .join('');
}

/** "studio-lint: fix <rules>": the rules with fewer findings in the new definition than in the remote one. */
export function commitMessageFor(before: unknown, after: unknown): string {
  const active = activeRules();
  const count = (definition: unknown) => {
    const counts = new Map<string, number>();
    for (const f of lintSource('remote.json', { text: JSON.stringify(definition), bom: false }, active).findings) {
      counts.set(f.ruleId ?? '', (counts.get(f.ruleId ?? '') ?? 0) + 1);
    }
    return counts;
  };
  const old = count(before);
  const now = count(after);
  const fixed = [...old.keys()].filter((id) => id && (now.get(id) ?? 0) < old.get(id)!).sort();
  return fixed.length ? `studio-lint: fix ${fixed.join(', ')}` : 'studio-lint: update';
}

/** The dry run's plan for one flow: what changes, by widget and property, then the diff. */
function plan(io: Io, file: string, label: string, before: FlowDefinition, after: FlowDefinition, status: string): string {
  const changes = changedProperties(before, after);
  let out = `would push ${label} as ${status}: ${displayPath(io.cwd, file)}\n`;
  for (const [widget, properties] of changes) out += `  ${widget}: ${properties.join(', ')}\n`;
  const name = displayPath(io.cwd, file);
  out += createTwoFilesPatch(`${name} (account)`, name, exportText(before), exportText(after), undefined, undefined, { context: 2, headerOptions: FILE_HEADERS_ONLY });
  return out;
}

function changedProperties(before: FlowDefinition, after: FlowDefinition): Map<string, string[]> {
  const byName = (d: FlowDefinition) => new Map(d.states.filter(isObject).map((s) => [String(s.name), s]));
  const a = byName(before);
  const b = byName(after);
  const changes = new Map<string, string[]>();
  for (const [name, state] of b) {
    const old = a.get(name);
    if (!old) changes.set(name, ['(new widget)']);
    else {
      const paths: string[] = [];
      diffPaths(old, state, '', paths);
      if (paths.length) changes.set(name, paths);
    }
  }
  for (const name of a.keys()) if (!b.has(name)) changes.set(name, ['(removed)']);
  return changes;
}

function diffPaths(a: unknown, b: unknown, at: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) diffPaths(a[key], b[key], at ? `${at}.${key}` : key, out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => diffPaths(v, b[i], `${at}[${i}]`, out));
  } else out.push(at || '(value)');
}

export const pushCommand = command<[string[]], PushOptions>({
  name: 'push',
  description: 'send changed flow files back: lint gate, drift check, validation, then a new draft revision',
  arguments: [['[paths...]', 'a pulled folder (default flows) or files in it']],
  options: [
    { flags: '--dry-run', description: 'print the plan (changes by widget and property, and a diff); send nothing' },
    { flags: '--publish', description: 'make the new revisions live (default: draft)' },
    { flags: '--force', description: 'push even when the account has a newer revision than the one pulled' },
    { flags: '--message <text>', description: 'the commit message (default: the rules the change fixes)' },
    { flags: '--no-verify', description: 'send flows that lint finds errors in (by default they are refused)' },
    { flags: '-c, --config <path>', description: 'the config the gate lints with, instead of the nearest studio-lint.config.json' },
    { flags: '--promote', description: 'send the flows into another account, every account-specific value rewritten to its resource of the same name' },
    { flags: '--to <environment>', description: 'with --promote: the environment of the config to promote into (default: the TWILIO_* credentials)' },
    { flags: '--create', description: 'with --promote: create the flows the target does not have' },
  ],
  run: ([paths], options, context) => {
    const io = remoteIo(context);
    if (!options.promote) {
      if (options.to !== undefined || options.create) throw new UsageError(`${options.to !== undefined ? '--to' : '--create'} goes with --promote`);
      return remoteCommand(io, (api) => push(api, io, paths, options), [ConfigError]);
    }
    return promoteCommand(io, paths, options);
  },
});
