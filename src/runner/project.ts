/**
 * Flows that call each other, checked together. A file whose flow runs a subflow by a literal SID (a Run Subflow
 * widget) is linted after the rest of the set, when a rule that reads other flows is on (`meta.project`): the
 * first pass lints every file as usual and keeps, per file, a few values about its flows (src/flow/summary.ts)
 * and, for such a parent, the text it read; the second pass lints the parents again from that text with the
 * set's index. No file is read twice, and a run without Run Subflow widgets does nothing more than keep the
 * summaries (a count and a flag per flow).
 *
 * --cache: a parent's outcome records the summaries of the subflows it was checked against (`dependsOn`); a
 * cached parent whose subflows now say something else, or that appeared or left the set, is linted again.
 */
import { readSource } from './run.js';
import { displayPath } from '../formatters/paths.js';
import type { FlowSummary } from '../flow/summary.js';
import type { ProjectFlow, ProjectIndex } from '../rules/types.js';
import type { Target } from './discover.js';
import type { FileOutcome, FileProcessor } from './process-file.js';

/** A Flow SID as Studio writes one: a Terraform `${…}` placeholder or Liquid names no flow of the set. */
export const FLOW_SID = /^FW[0-9a-fA-F]{32}$/;

export class ProjectSet implements ProjectIndex {
  private readonly flows = new Map<string, ProjectFlow>();

  constructor(targets: Target[], outcomes: FileOutcome[], cwd: string) {
    outcomes.forEach((outcome, i) => {
      const summaries = outcome.summaries ?? [];
      for (const summary of summaries) {
        if (!summary.sid || this.flows.has(summary.sid)) continue;
        const file = displayPath(cwd, targets[i]!.path);
        const where = summaries.length > 1 ? `${file} (${summary.friendlyName ?? summary.sid})` : file;
        this.flows.set(summary.sid, { ...summary, where });
      }
    });
  }

  bySid(sid: string): ProjectFlow | undefined {
    return this.flows.get(sid);
  }

  /** What a parent's result depends on: per SID it runs, the summary it was checked against ('' when not in the set). */
  dependencies(sids: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const sid of sids) if (FLOW_SID.test(sid)) out[sid] = fingerprint(this.flows.get(sid));
    return out;
  }
}

const fingerprint = (summary: FlowSummary | ProjectFlow | undefined) => (summary ? JSON.stringify(summary) : '');

/**
 * The second pass: lints the deferred parents (and the cached ones whose subflows changed) with the set's
 * index, in place. Returns the indexes of the outcomes it replaced, and the SIDs parents run that are not in the set.
 */
export function resolveProject(
  targets: Target[],
  outcomes: FileOutcome[],
  processor: FileProcessor,
  cwd: string,
): { replaced: number[]; missing: Map<string, string> } {
  const replaced: number[] = [];
  const missing = new Map<string, string>();
  const needed = outcomes.some((o) => o.deferred || o.dependsOn);
  if (!needed) return { replaced, missing };
  const set = new ProjectSet(targets, outcomes, cwd);
  outcomes.forEach((outcome, i) => {
    const target = targets[i]!;
    let source = outcome.deferred;
    if (!source && outcome.dependsOn) {
      const now = set.dependencies(Object.keys(outcome.dependsOn));
      const stale = Object.entries(outcome.dependsOn).some(([sid, was]) => now[sid] !== was);
      if (!stale) return;
      // A cached outcome: this run has not read the file yet.
      try {
        source = readSource(target.path);
      } catch {
        return; // gone since the cache looked: the cached outcome stands, as it would without subflows
      }
    }
    if (!source) return;
    const fresh = processor.processWithProject(target, source, set);
    for (const sid of fresh.subflowSids ?? []) {
      if (FLOW_SID.test(sid) && !set.bySid(sid) && !missing.has(sid)) missing.set(sid, displayPath(cwd, target.path));
    }
    outcomes[i] = fresh;
    replaced.push(i);
  });
  return { replaced, missing };
}
