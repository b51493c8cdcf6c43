/**
 * Everything `lint` does to one file: lint, fix (and write), format. The same code runs on the main thread
 * and in worker threads; what it returns is text and counts, which cross threads cheaply.
 */
import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { fixSource, isFixWanted } from '../linter/fix-loop.js';
import { writeFileAtomic, WriteError } from './write.js';
import { formatters } from '../formatters/index.js';
import { displayPath } from '../formatters/paths.js';
import type { FileExtras, FormatContext, Formatter, MigrationCounts, RuleCounts } from '../formatters/types.js';
import { rulesById } from '../rules/index.js';
import type { Target } from './discover.js';
import { applyBaseline, entriesFor, heldFindings, type BaselineEntry, type BaselineIndex } from './baseline.js';
import { ConfigMatcher, mergeRuleSettings, type Config } from '../config/config.js';
import { activeRules, lintSource, type ActiveRule, type BehaviourChange, type FileLint, type LintSettings, type RuleSetting, type ScopeInputs } from '../linter/lint.js';
import { PulledFlows } from './pulled-flows.js';
import type { MigrationDecision } from '../migration/scope.js';
import { toLintResult } from '../linter/results.js';
import { lintPath, reportEmptyFile } from './run.js';
import { flowGraph, marksFrom, mermaid } from '../flow/graph.js';
import { classifyValue, encodeSource, type SourceText } from '../flow/load.js';
import type { FlowSummary } from '../flow/summary.js';
import { FLOW_SID, type ProjectSet } from './project.js';
import { Flow } from '../flow/model.js';
import { JsonLocator } from '../flow/locate.js';
import { VERSION } from '../version.js';

/** What a run does to each file: plain data, so a worker thread can receive it. */
export interface FileJob {
  /** The config (rules, overrides, variableMap); command-line --rule settings win over it. */
  config: Config;
  cliRules: Record<string, RuleSetting>;
  /** Findings to leave out, by file relative to `baseline.dir`. */
  baseline?: { dir: string; index: BaselineIndex };
  /** `studio-lint baseline`: each file's findings as baseline entries, keyed relative to `dir`. */
  record?: { dir: string };
  /** The formats the run reports in: each file is formatted in each. */
  formats: string[];
  quiet: boolean;
  unsafeFixes: boolean;
  /** Set in fix modes. */
  fix?: { onlyRules?: string[]; write: boolean; diff: boolean; dryRun: boolean; keepText?: boolean };
  cwd: string;
  color: boolean;
  /** Passed to the formatters' context (see FormatContext). */
  columns?: number;
  codeFrame?: boolean;
  repoRoot?: string;
  sarifCategory?: string;
}

export interface FileOutcome {
  /** Set when a folder scan passed over the file; says why. */
  skipped?: string;
  /**
   * Each format's text for the file, in the order of the job's formats, as UTF-8. Encoded at once: a run
   * keeps every file's report until the end, and bytes outside the JavaScript heap are neither traced nor
   * moved by the collector (1,000 flows, 28 MB of JSON: peak memory 250 → 195 MB); the output file and the
   * cache take them as they are, so a cached run decodes nothing.
   */
  reports: Uint8Array[];
  errors: number;
  warnings: number;
  fixable: number;
  unsafeFixable: number;
  byRule: Record<string, RuleCounts>;
  /** Fix modes: findings the fix loop fixed (unsafe ones among them). */
  fixed?: number;
  fixedUnsafe?: number;
  /**
   * Fix modes, the behaviour check: values the fix changes that no finding reports, for review; and why fixes were
   * held back (they would change a route or a Send to Flex hand-over unsaid), each `file: message`, and how many.
   */
  behaviour?: { review: string[]; held: string[]; heldFixes: number };
  /** Fix modes: fixable findings left as they were because the baseline holds them or their flow's migration. */
  baselinedFixable?: number;
  /** Flows per migration scope decision, when the result carries them. */
  migration?: MigrationCounts;
  /** With a format that has a step summary (github), for a flow with errors: its Mermaid graph for the step summary. */
  graph?: { file: string; mermaid: string };
  /** Baseline fingerprints this file used, with the file's baseline key. */
  baselineUsed?: { file: string; used: Record<string, number> };
  /** With job.record: the file's findings as baseline entries, and its fatal errors, which no baseline holds. */
  recorded?: { entries: BaselineEntry[]; fatal: string[] };
  /** With --diff, the file's patch. */
  patch?: string;
  /** With --diff: the file could not be linted or fixed (exit 1 like a diff). */
  fatal?: boolean;
  /** With fix.keepText (--stdin --fix): the fixed text, when it changed, and the text read. */
  fixedText?: string;
  sourceText?: string;
  /** Lines for standard error, in order. */
  stderr: string[];
  /** Per flow, whether the migration concerns it (for --debug). */
  scopes?: MigrationDecision[];
  /** Per flow, what the other flows of the linted set need to know of it (src/runner/project.ts). */
  summaries?: FlowSummary[];
  /** The SIDs the file's Run Subflow widgets name. */
  subflowSids?: string[];
  /**
   * Set on a file that runs a subflow by SID while a rule that reads other flows is on: the text read, for the
   * second pass to lint it with the set's index; nothing else of the outcome is filled in then.
   */
  deferred?: SourceText;
  /** The subflow summaries the outcome was checked against, by SID ('' for a subflow not in the set). */
  dependsOn?: Record<string, string>;
}

export class FileProcessor {
  readonly formatters: Formatter[];
  readonly context: FormatContext;
  /** A format of the run has a step summary: flows with errors are drawn for it. */
  private readonly drawsErrorGraphs: boolean;
  private readonly onlyRules: Set<string> | undefined;
  private readonly matcher: ConfigMatcher;
  /** Active rules per combination of matching overrides. */
  private readonly activeByOverrides = new Map<string, ActiveRule[]>();
  private readonly pulled = new PulledFlows();

  constructor(readonly job: FileJob) {
    this.matcher = new ConfigMatcher(job.config);
    this.formatters = job.formats.map((name) => formatters[name]!);
    this.drawsErrorGraphs = this.formatters.some((f) => f.stepSummary !== undefined);
    this.context = {
      cwd: job.cwd,
      color: job.color,
      rules: rulesById,
      unsafeFixes: job.unsafeFixes,
      version: VERSION,
      columns: job.columns,
      codeFrame: job.codeFrame,
      repoRoot: job.repoRoot,
      sarifCategory: job.sarifCategory,
    };
    this.onlyRules = job.fix?.onlyRules ? new Set(job.fix.onlyRules) : undefined;
  }

  /**
   * What decides whether the migration concerns a file: the config's `migration` for it, and what `pull`
   * recorded from the account in the folder's manifest (the legacy Flex addresses that start the flow).
   */
  scopeFor(filePath: string, { promoted = false }: { promoted?: boolean } = {}): ScopeInputs {
    const { migration } = this.matcher.rulesFor(filePath, this.job.config.rules);
    const legacyAddresses = this.pulled.legacyAddresses(filePath);
    const scope: ScopeInputs = legacyAddresses ? { migration, account: { legacyAddresses } } : { migration };
    // A promoted folder (the config names environments): what pull named, and what the maps rewrite. Not for
    // a flow already rewritten for its target (push --promote's gate): its values are the target's.
    const environments = Object.values(this.job.config.environments ?? {});
    if (environments.length && !promoted) {
      this.mapped ??= [...new Set(environments.flatMap((e) => Object.keys(e.map ?? {})))];
      scope.promotion = { recorded: new Map(Object.entries(this.pulled.references(filePath) ?? {})), mapped: this.mapped };
    }
    return scope;
  }

  /**
   * What the folder's pull manifest says of the file, as text: a cached outcome is reused only while it is the
   * same (a pull that names a value, or records a legacy address, changes what lint reports of the file).
   */
  recordedFacts(filePath: string): string {
    const scope = this.scopeFor(filePath);
    if (!scope.account && !scope.promotion) return '';
    return JSON.stringify([scope.account?.legacyAddresses ?? null, scope.promotion ? [...scope.promotion.recorded] : null]);
  }

  /** The keys of every environment's map (see scopeFor). */
  private mapped: string[] | undefined;

  /** The rules for a file: the config's, its matching overrides', then the command line's. */
  activeFor(filePath: string): ActiveRule[] {
    const { key, rules } = this.matcher.rulesFor(filePath, this.job.config.rules);
    let active = this.activeByOverrides.get(key);
    if (!active) {
      const settings: LintSettings = { rules: mergeRuleSettings(rules, this.job.cliRules), shared: { variableMap: this.job.config.variableMap } };
      active = activeRules(settings);
      this.activeByOverrides.set(key, active);
    }
    return active;
  }

  isIgnored(filePath: string): boolean {
    return this.matcher.isIgnored(filePath);
  }

  processTarget(target: Target): FileOutcome {
    const active = this.activeFor(target.path);
    const file = lintPath(target.path, active, target.explicit, this.scopeFor(target.path), target.stream, true);
    reportEmptyFile(file, this.job.cwd);
    if (file.skipped) return { ...emptyOutcome(), skipped: file.skipped };
    this.identify(file);
    // A parent of a subflow that may be in the set waits for the second pass (src/runner/project.ts).
    if (!target.stream && file.subflowSids?.some((sid) => FLOW_SID.test(sid)) && active.some((a) => a.rule.meta.project)) {
      return { ...emptyOutcome(), deferred: file.source, ...this.setFacts(file) };
    }
    return { ...this.processFile(file), ...this.setFacts(file) };
  }

  /** The second pass of src/runner/project.ts: the file linted again from the text read, with the set's index. */
  processWithProject(target: Target, source: SourceText, set: ProjectSet): FileOutcome {
    const file = lintSource(target.path, source, this.activeFor(target.path), { explicit: target.explicit, scope: this.scopeFor(target.path), project: set, summarize: true });
    this.identify(file);
    const outcome = { ...this.processFile(file), ...this.setFacts(file) };
    if (file.subflowSids?.length) outcome.dependsOn = set.dependencies(file.subflowSids);
    return outcome;
  }

  /** A file of one flow whose Flow resource does not say its SID: the pull manifest's record of the file does. */
  private identify(file: FileLint): void {
    const only = file.summaries?.length === 1 ? file.summaries[0]! : undefined;
    if (!only || only.sid) return;
    const identity = this.pulled.identity(file.filePath);
    if (!identity) return;
    only.sid = identity.sid;
    if (identity.friendlyName && !only.friendlyName) only.friendlyName = identity.friendlyName;
  }

  private setFacts(file: FileLint): Pick<FileOutcome, 'summaries' | 'subflowSids'> {
    const facts: Pick<FileOutcome, 'summaries' | 'subflowSids'> = {};
    if (file.summaries) facts.summaries = file.summaries;
    if (file.subflowSids) facts.subflowSids = file.subflowSids;
    return facts;
  }

  processFile(linted: FileLint): FileOutcome {
    const { job } = this;
    const outcome = emptyOutcome();
    let file = linted;
    let output: string | undefined;
    if (job.fix?.keepText) outcome.sourceText = (linted.source.bom ? '\uFEFF' : '') + linted.source.text;
    if (job.fix && !file.findings.some((f) => f.fatal)) {
      const known = job.baseline?.index[baselineKey(job.baseline.dir, file.filePath)];
      const held = known ? (f: FileLint) => heldFindings(f, known) : undefined;
      const fixed = fixSource(file, this.activeFor(file.filePath), { unsafe: job.unsafeFixes, onlyRules: this.onlyRules, held });
      file = fixed.file;
      const shown = displayPath(job.cwd, linted.filePath);
      const line = (c: BehaviourChange) => `${shown}: ${c.flow ? `${c.flow}: ` : ''}${c.message}`;
      const review = (file.behaviourChanges ?? []).map(line);
      const heldBack = (fixed.held ?? []).map(line);
      const wanted = { unsafe: job.unsafeFixes, onlyRules: this.onlyRules };
      if (review.length || heldBack.length) {
        // How many fixes the check held back, not how many reasons it gave: a flow held back whole holds every
        // migration fix it has (a 50 MB flow: 600,000 fixes, one reason).
        const baselined = held?.(linted);
        const isHeld = heldBack.length ? fixed.isHeld : undefined;
        const heldFixes = isHeld ? linted.findings.filter((f) => isFixWanted(f, wanted) && !baselined?.has(f) && isHeld(f)).length : 0;
        outcome.behaviour = { review, held: heldBack, heldFixes };
      }
      if (held) {
        const left = [...held(file)].filter((f) => isFixWanted(f, wanted)).length;
        if (left) outcome.baselinedFixable = left;
      }
      if (fixed.failure) {
        file.findings.unshift({ ruleId: null, severity: 2, fatal: true, message: `not fixed: ${fixed.failure}`, range: { start: 0, end: 0 } });
      } else if (fixed.hitLimit) {
        outcome.stderr.push(`studio-lint: ${displayPath(job.cwd, file.filePath)}: stopped after ${fixed.passes} fix passes with fixes still pending\n`);
      }
      if (fixed.changed) {
        output = (linted.source.bom ? '\uFEFF' : '') + fixed.output;
        if (job.fix.keepText) outcome.fixedText = output;
        let written = true;
        if (job.fix.write) {
          try {
            // Bytes that are not UTF-8 go back as they were (see SourceText.invalidUtf8At).
            writeFileAtomic(linted.filePath, encodeSource(output, linted.source), { create: false });
          } catch (error) {
            if (!(error instanceof WriteError)) throw error;
            // This file stays as it was (and is reported as it is); the run goes on with the others.
            written = false;
            file = linted;
            file.findings.unshift({ ruleId: null, severity: 2, fatal: true, message: `not fixed: the file cannot be written: ${error.reason}`, range: { start: 0, end: 0 } });
          }
        }
        if (written) {
          outcome.fixed = fixed.fixed;
          outcome.fixedUnsafe = fixed.fixedUnsafe;
        }

        if (job.fix.diff || (job.fix.dryRun && this.formatters.some((f) => f.needsPatch))) {
          const name = displayPath(job.cwd, linted.filePath);
          const [a, b] = path.isAbsolute(name) ? [name, name] : [`a/${name}`, `b/${name}`];
          outcome.patch = createTwoFilesPatch(a, b, linted.source.text, fixed.output, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
        }
      }
    }
    const fatal = file.findings.find((f) => f.fatal);
    if (job.fix?.diff && fatal) {
      outcome.stderr.push(`studio-lint: ${displayPath(job.cwd, file.filePath)}: ${fatal.message}\n`);
      outcome.fatal = true;
    }
    // --diff reports only patches, except to a format that shows them (html).
    if (job.fix?.diff && !this.formatters.some((f) => f.needsPatch)) {
      outcome.errors = fatal ? 1 : 0;
      return outcome;
    }
    // --diff writes nothing: the report beside the patch describes the file as it is, so that its findings and
    // its "fixable" counts are those the patch addresses, not what would remain after it (0 fixable).
    if (job.fix?.diff && !fatal) file = linted;
    const result = toLintResult(file, {
      quiet: job.quiet,
      unsafeFixes: job.unsafeFixes,
      withEdits: this.formatters.some((f) => f.needsEdits),
      fingerprints: !!job.baseline || !!job.record || this.formatters.some((f) => f.needsFingerprints),
    });
    if (job.record) {
      outcome.recorded = { entries: entriesFor(baselineKey(job.record.dir, file.filePath), result), fatal: result.messages.filter((m) => m.fatal).map((m) => m.message) };
    }
    if (job.baseline) {
      const key = baselineKey(job.baseline.dir, file.filePath);
      outcome.baselineUsed = { file: key, used: applyBaseline(result, job.baseline.index[key], job.unsafeFixes) };
    }
    if (output !== undefined && job.fix?.dryRun) result.output = output;
    const extras: FileExtras = { source: file.source.text };
    if (outcome.patch !== undefined) extras.patch = outcome.patch;
    if (this.formatters.some((f) => f.needsFlows) && file.root !== undefined) {
      const classified = classifyValue(file.root);
      if (classified.kind === 'flows') {
        const named = classified.flows.length > 1;
        extras.flows = classified.flows.map((entry) => flowGraph(new Flow(entry), named ? (entry.resource?.friendlyName ?? entry.resource?.sid) : undefined));
      }
    }
    if (result.errorCount > 0 && this.drawsErrorGraphs && file.root !== undefined) {
      // The lint parsed the file already: its document gives the flow again without a second parse.
      const classified = classifyValue(file.root);
      if (classified.kind === 'flows') {
        const flow = new Flow(classified.flows[0]!);
        outcome.graph = { file: displayPath(job.cwd, file.filePath), mermaid: mermaid(flow, marksFrom(file.findings)) };
      }
    }
    if (file.scopes) outcome.scopes = file.scopes;
    // The report is built from `result` and `extras` alone: the model, the findings and their fixes are garbage
    // from here, and formatting a huge file allocates much (a 50 MB flow's 600,000 findings: each collection
    // traced 1.3 GB of them, 2 s each, four times while the JSON was encoded).
    releaseAnalysis(file);
    releaseAnalysis(linted);
    outcome.reports = this.formatters.map((f) => {
      const text = f.file(result, this.context, extras);
      return typeof text === 'string' ? Buffer.from(text) : text;
    });
    if (result.migrationScope?.length) {
      const migration: MigrationCounts = { flex: 0, none: 0, decidedBy: {} };
      for (const scope of result.migrationScope) {
        migration[scope.migration]++;
        migration.decidedBy[scope.decidedBy] = (migration.decidedBy[scope.decidedBy] ?? 0) + 1;
      }
      outcome.migration = migration;
    }
    for (const m of result.messages) {
      const counts = (outcome.byRule[m.ruleId ?? 'fatal'] ??= { errors: 0, warnings: 0, fixable: 0, unsafeFixable: 0 });
      if (m.severity === 2) counts.errors++;
      else counts.warnings++;
      if (m.fixSafety === 'safe' || (m.fixSafety && job.unsafeFixes)) counts.fixable!++;
      else if (m.fixSafety) counts.unsafeFixable!++;
    }
    outcome.errors = result.errorCount;
    outcome.warnings = result.warningCount;
    outcome.fixable = result.fixableErrorCount + result.fixableWarningCount;
    outcome.unsafeFixable = result.unsafeFixableCount;
    return outcome;
  }
}

/**
 * Empties a linted file of what only linting and fixing use (the flow models, the parsed document, the findings
 * with their fixes, the positions' index): the caller's frames still hold the file, its contents need not stay.
 * Summaries, scopes and the text stay.
 */
function releaseAnalysis(file: FileLint): void {
  file.findings = [];
  file.models = undefined;
  file.flows = undefined;
  file.root = undefined;
  file.locator = new JsonLocator(file.source.text);
}

function emptyOutcome(): FileOutcome {
  return { reports: [], errors: 0, warnings: 0, fixable: 0, unsafeFixable: 0, byRule: {}, stderr: [] };
}

/** A file's key in a baseline: relative to the baseline's folder, '/' separators. */
export function baselineKey(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}
