/**
 * Linting one file's text: classify it, build one flow model per definition, run the enabled rules and
 * turn their reports into findings with ranges in the raw text.
 */
import { classify, looksLikeFlow, type FlowEntry, type SourceText } from '../flow/load.js';
import { JsonLocator, nearestValue, pointerToString, type TextRange } from '../flow/locate.js';
import { Flow } from '../flow/model.js';
import { flatten, oneByte } from '../flow/flat-text.js';
import type { BehaviourDifference } from '../migration/behaviour.js';
import { isRunSubflow, summarize, type FlowSummary } from '../flow/summary.js';
import { decideMigration, type AccountFacts, type MigrationDecision, type MigrationSetting } from '../migration/scope.js';
import { rules as allRules } from '../rules/index.js';
import type { Fix, Location, ProjectIndex, PromotionFacts, Report, Rule, RuleContext, Severity, Suggestion } from '../rules/types.js';

export interface RuleSetting {
  severity: Severity;
  options?: Record<string, unknown>;
}

export interface LintSettings {
  /** Severity per rule id; rules not named keep their default. */
  rules?: Record<string, RuleSetting>;
  /** Options every rule sees (variableMap). */
  shared?: Record<string, unknown>;
}

export interface Finding {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  range: TextRange;
  pointer?: string;
  widget?: string;
  /** The flow's name when a file holds several Flow resources. */
  flow?: string;
  fatal?: boolean;
  fix?: Fix;
  suggestions?: Suggestion[];
}

/** What decides whether the migration rules run on a file's flows (src/migration/scope.ts). */
export interface ScopeInputs {
  /** The config's `migration` for the file (default `auto`). */
  migration?: MigrationSetting;
  /** What `pull` recorded about the file's flow from the account. */
  account?: AccountFacts;
  /** In a promoted folder: what pull named of the file's account-specific values, and what the maps rewrite. */
  promotion?: PromotionFacts;
}

export interface FileLint {
  filePath: string;
  source: SourceText;
  findings: Finding[];
  /** Set when a folder scan passed over the file because it is not a flow; says why. */
  skipped?: string;
  /** How many flow definitions the file holds. */
  flowCount: number;
  locator: JsonLocator;
  /** The parsed document when it holds flows (the fix loop's verification compares these). */
  root?: unknown;
  /** Per flow, whether the migration concerns it (when a migration rule is active). */
  scopes?: MigrationDecision[];
  /** What the scope was decided from; the fix loop lints each pass with the same. */
  scopeInputs?: ScopeInputs;
  /** The flow definitions the file holds, and their models as the rules saw them (the behaviour check after a fix reuses them). */
  flows?: FlowEntry[];
  models?: Flow[];
  /** After a fix: what the fixed flows do differently that no finding reports, for a person to review. */
  behaviourChanges?: BehaviourChange[];
  /** After a fix: fixes held back because they would change a route or a Send to Flex hand-over unsaid. */
  heldBack?: BehaviourChange[];
  /** The linted set's index the file was linted with (see ProjectIndex); the fix loop lints each pass with the same. */
  project?: ProjectIndex;
  /** With `summarize`: per flow, what the other flows of a linted set need to know of it (src/flow/summary.ts). */
  summaries?: FlowSummary[];
  /** With `summarize`: the SIDs the file's Run Subflow widgets name (for a rule with `meta.project` to check against the set). */
  subflowSids?: string[];
}

/** A behaviour difference a fix made, in a flow of the file (src/migration/behaviour.ts). */
export interface BehaviourChange extends BehaviourDifference {
  /** The flow's name when the file holds several. */
  flow?: string;
  /** The difference in words. */
  message: string;
}

export interface ActiveRule {
  rule: Rule;
  severity: 1 | 2;
  options: Record<string, unknown>;
}

export function activeRules(settings: LintSettings = {}): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const rule of allRules) {
    const setting = settings.rules?.[rule.meta.id];
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    active.push({ rule, severity: severity === 'error' ? 2 : 1, options: { ...settings.shared, ...setting?.options } });
  }
  return active;
}

export function lintSource(
  filePath: string,
  source: SourceText,
  active: ActiveRule[],
  { explicit = true, scope, project, summarize: wantSummaries = false }: { explicit?: boolean; scope?: ScopeInputs; project?: ProjectIndex; summarize?: boolean } = {},
): FileLint {
  const locator = new JsonLocator(source.text);
  const result: FileLint = { filePath, source, findings: [], flowCount: 0, locator };
  if (scope) result.scopeInputs = scope;
  if (project) result.project = project;
  const fatal = (message: string, range: TextRange) =>
    result.findings.push({ ruleId: null, severity: 2, fatal: true, message, range });

  if (source.utf16) {
    fatal(`the file is ${source.utf16} (PowerShell's > and Out-File write that); Studio flows are UTF-8: save it as UTF-8 (e.g. Out-File -Encoding utf8)`, { start: 0, end: 0 });
    return result;
  }
  const classification = classify(source.text);
  switch (classification.kind) {
    case 'invalid-json':
      // Hooks pass every staged JSON file: a tsconfig.json with comments is not this tool's business, but a
      // broken flow is.
      if (!explicit && !looksLikeFlow(source.text)) {
        result.skipped = `${classification.message}, and it does not look like a flow`;
        return result;
      }
      fatal(classification.message, { start: classification.offset, end: Math.min(source.text.length, classification.offset + 1) });
      return result;
    case 'not-a-flow':
      if (explicit) fatal(`not a Studio flow definition: ${classification.reason}`, { start: 0, end: 0 });
      else result.skipped = classification.reason;
      return result;
    case 'legacy-format': {
      result.flowCount = 1;
      const states = locator.key([...classification.base, 'states']) ?? { start: 0, end: 0 };
      fatal(classification.reason, states);
      return result;
    }
    case 'flows':
      result.flowCount = classification.flows.length;
      result.root = classification.root;
      result.flows = classification.flows;
      result.models = [];
      for (const entry of classification.flows) {
        const flow = new Flow(entry);
        result.models.push(flow);
        const decision = lintFlow(flow, classification.flows.length > 1, active, locator, result.findings, scope, project);
        if (decision) (result.scopes ??= []).push(decision);
        if (wantSummaries) summarizeInto(result, flow);
      }
  }
  result.findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return result;
}

/** Runs the active rules on one flow; returns the migration scope decision when a migration rule is active. */
function lintFlow(
  flow: Flow,
  named: boolean,
  active: ActiveRule[],
  locator: JsonLocator,
  findings: Finding[],
  scope: ScopeInputs | undefined,
  project: ProjectIndex | undefined,
): MigrationDecision | undefined {
  const { entry } = flow;
  const flowName = named ? (entry.resource?.friendlyName ?? entry.resource?.sid) : undefined;
  let decision: MigrationDecision | undefined;
  if (active.some((a) => a.rule.meta.category === 'migration')) {
    decision = decideMigration(flow, scope?.migration, scope?.account);
    if (flowName) decision.flow = flowName;
  }
  // Findings come in runs on the same pointer (several variables of one template): format it once per run.
  let lastPointer: Location['pointer'] | undefined;
  let lastPointerText = '';
  for (const { rule, severity, options } of active) {
    // A plain messaging flow (a number's webhook, no Flex) is no part of the migration: its Incoming Message stays.
    if (rule.meta.category === 'migration' && decision?.migration === 'none') continue;
    const context: RuleContext = {
      flow,
      project,
      ...(scope?.promotion ? { promotion: scope.promotion } : {}),
      locator,
      options,
      report(report: Report) {
        if (report.fix || report.suggestions) checkContract(rule, report);
        if (report.severity === 'warn' && !rule.meta.reportsWarnings) throw new RuleContractError(`rule ${rule.meta.id} reported a warning of its own but meta.reportsWarnings does not say which`);
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity: report.severity === 'warn' ? 1 : severity,
          message: report.message ?? messageOf(rule, report),
          range: resolveLocation(locator, report.at),
          pointer: report.at.pointer === lastPointer ? lastPointerText : (lastPointerText = pointerToString((lastPointer = report.at.pointer))),
        };
        if (report.widget) finding.widget = report.widget.name;
        if (flowName) finding.flow = flowName;
        if (report.fix) finding.fix = report.fix;
        if (report.suggestions?.length) finding.suggestions = report.suggestions;
        findings.push(finding);
      },
    };
    rule.check(context);
  }
  return decision;
}

/** A flow's summary for the linted set, and the SIDs its Run Subflow widgets name. */
function summarizeInto(result: FileLint, flow: Flow): void {
  const summary = summarize(flow);
  if (flow.entry.resource?.sid) summary.sid = flow.entry.resource.sid;
  if (flow.entry.resource?.friendlyName) summary.friendlyName = flow.entry.resource.friendlyName;
  (result.summaries ??= []).push(summary);
  for (const w of flow.widgets) {
    if (isRunSubflow(w) && typeof w.properties.flow_sid === 'string') (result.subflowSids ??= []).push(w.properties.flow_sid);
  }
}

/** The rule contract (ESLint throws "Fixable rules must set the `meta.fixable` property"): a rule offers only what its meta declares. */
export class RuleContractError extends Error {}

function checkContract(rule: Rule, report: Report): void {
  const { id, fixable, fixableWithOptions, hasSuggestions } = rule.meta;
  const safety = report.fix?.safety;
  if (safety && !(fixable === 'safe-and-unsafe' || fixable === safety || fixableWithOptions === safety)) {
    throw new RuleContractError(`rule ${id} reported a${safety === 'unsafe' ? 'n' : ''} ${safety} fix, but its meta.fixable is ${fixable ? `'${fixable}'` : 'not set'}: declare what the rule fixes`);
  }
  if (report.suggestions?.length && !hasSuggestions) {
    throw new RuleContractError(`rule ${id} reported suggestions, but its meta.hasSuggestions is not set`);
  }
}

/** A report's message from meta.messages: its {{placeholders}} filled from `data` (unknown ones kept as written). */
function messageOf(rule: Rule, report: Report): string {
  const template = report.messageId === undefined ? undefined : rule.meta.messages?.[report.messageId];
  if (template === undefined) {
    throw new RuleContractError(
      report.messageId === undefined ? `rule ${rule.meta.id} reported neither a message nor a messageId` : `rule ${rule.meta.id} reported messageId '${report.messageId}', which its meta.messages does not declare`,
    );
  }
  const { data } = report;
  // Frozen data is shared by many reports (a rule's data for one variable path): their message is one string.
  if (data === undefined || !Object.isFrozen(data)) return interpolate(template, data);
  let byTemplate = sharedMessages.get(data);
  if (!byTemplate) sharedMessages.set(data, (byTemplate = new Map<string, string>()));
  let message = byTemplate.get(template);
  if (message === undefined) byTemplate.set(template, (message = interpolate(template, data)));
  return message;
}

/** Messages made from frozen data, by data then template (see messageOf). */
const sharedMessages = new WeakMap<object, Map<string, string>>();

/**
 * Templates split once into [text, placeholder as written, its name, text, …]: a message is then a few
 * concatenations (a regular expression replace cost 2 µs per finding: 15% of linting 400 generated flows).
 */
const templates = new Map<string, string[]>();

export function interpolate(template: string, data: Report['data'] = {}): string {
  let parts = templates.get(template);
  if (!parts) templates.set(template, (parts = template.split(/(\{\{\s*(\w+)\s*\}\})/).map(oneByte)));
  if (parts.length === 1) return parts[0]!;
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 3) {
    const key = parts[i + 1]!;
    text += key in data ? String(data[key]) : parts[i]!;
    text += parts[i + 2]!;
  }
  // One byte a character and flat (src/flow/flat-text.ts): a run keeps every finding's message.
  flatten(text);
  return text;
}

export function resolveLocation(locator: JsonLocator, at: Location): TextRange {
  const found = at.slice
    ? locator.stringSlice(at.pointer, at.slice[0], at.slice[1])
    : at.key
      ? locator.key(at.pointer)
      : locator.value(at.pointer);
  if (found) return found;
  // The value is gone from the text (a duplicate key shadowed by a later one): point at its nearest ancestor.
  return nearestValue(locator, at.pointer, at.pointer.length - 1) ?? { start: 0, end: 0 };
}
