/**
 * The journal of a cutover, beside its plan: one JSON line per event, written and flushed to disk before a
 * step is sent and after it answered, so that a crash, a failure or Ctrl-C leaves a record that says what
 * was done, what may have been done, and what to resume from.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';

/**
 * `failed` / `undo-failed`: the step's outcome is not known (a 5xx, a reset, a timeout: Twilio may have acted).
 * `refused` / `undo-refused`: Twilio definitely did not act (a 4xx to the step's one write, or a validation
 * refusal before it), so the step stands where it stood before the attempt.
 */
export type JournalEvent = 'start' | 'done' | 'failed' | 'refused' | 'undo-start' | 'undone' | 'undo-failed' | 'undo-refused';

export interface JournalEntry {
  plan: string;
  step: number;
  event: JournalEvent;
  at: string;
  /** What the step made or saw: a new SID, a revision, the executions ended. */
  result?: Record<string, unknown>;
  error?: string;
}

/** pending: not run (or undone); done: its effect is in the account; maybe: started or failed, not known. */
export type StepState = 'pending' | 'done' | 'maybe';

export function journalPath(planPath: string): string {
  return `${planPath.replace(/\.json$/i, '')}.journal.jsonl`;
}

export class Journal {
  readonly entries: JournalEntry[];
  private needsNewline = false;

  constructor(
    readonly file: string,
    readonly planId: string,
  ) {
    this.entries = [];
    if (!existsSync(file)) return;
    const bytes = readFileSync(file);
    const lines = bytes.toString('utf8').split('\n');
    let cut = false;
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        // A line cut short by a crash can only be the last one: it was never acknowledged. Cut it off, or the
        // next append would continue it and leave a line that is not JSON in the middle of the journal.
        if (i === lines.length - 1) {
          truncateSync(file, bytes.lastIndexOf(0x0a) + 1);
          cut = true;
          return;
        }
        throw new Error(`${file}: line ${i + 1} is not JSON`);
      }
      if (entry.plan !== planId) throw new Error(`${file} belongs to another plan (${entry.plan}); move it away or use its plan`);
      this.entries.push(entry);
    });
    // A whole last entry whose newline a crash lost: the next entry starts on a line of its own.
    this.needsNewline = !cut && bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
  }

  append(step: number, event: JournalEvent, extra: { result?: Record<string, unknown>; error?: string } = {}): void {
    const entry: JournalEntry = { plan: this.planId, step, event, at: new Date().toISOString(), ...extra };
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, (this.needsNewline ? '\n' : '') + JSON.stringify(entry) + '\n');
      this.needsNewline = false;
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.entries.push(entry);
  }

  state(step: number): StepState {
    const events = this.entries.filter((e) => e.step === step).map((e) => e.event);
    const last = events.at(-1);
    // A refused run changed nothing, and a run is only retried when it was not done: the step is to do.
    if (last === 'refused') return 'pending';
    // A refused undo changed nothing either: the step stands as it did before that undo started.
    while (events.at(-1) === 'undo-refused') {
      events.pop();
      if (events.at(-1) === 'undo-start') events.pop();
    }
    const before = events.at(-1);
    if (!before || before === 'undone' || before === 'refused') return 'pending';
    return before === 'done' ? 'done' : 'maybe';
  }

  /** The result of the step's last completed run or undo. */
  lastResult(step: number, event: 'done' | 'undone' = 'done'): Record<string, unknown> | undefined {
    return this.entries.filter((e) => e.step === step && e.event === event).pop()?.result;
  }

  /** The results of a step's runs and undos in order, for values that each of them moves (a SID, a revision). */
  results(step: number): Record<string, unknown>[] {
    return this.entries.filter((e) => e.step === step && (e.event === 'done' || e.event === 'undone') && e.result).map((e) => e.result!);
  }
}
