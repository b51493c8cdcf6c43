/**
 * A progress line on standard error, for commands that call Twilio once per flow (pull, push, lint --remote,
 * inventory). Only on a terminal: a pipe or a CI log gets nothing. While the line is up, every write to
 * standard output or error first clears it and then draws it again below, so a line such as `pulled FW…`
 * never lands on the end of `[98/100] name`.
 */
export interface ProgressIo {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  stderrIsTty?: boolean;
}

export interface Progress {
  /** The number of steps, when it is known only after the progress started (inventory lists first). */
  total(n: number): void;
  step(label: string): void;
  end(): void;
}

const CLEAR = '\r\u001b[K';

/** The progress each Io shows, so that an error handler that never saw it can take it down first. */
const shown = new WeakMap<ProgressIo, Progress>();

/** Ends the progress on `io`, if one is up (before an error message, when a command stopped half-way). */
export function endProgress(io: ProgressIo): void {
  shown.get(io)?.end();
}

export function progress(io: ProgressIo, total = 0): Progress {
  if (!io.stderrIsTty) return { total: () => {}, step: () => {}, end: () => {} };
  const out = io.stdout.bind(io);
  const err = io.stderr.bind(io);
  // Kept as the object's own properties, called through it, so that restoring them restores exactly them.
  const original = { stdout: io.stdout, stderr: io.stderr };
  let done = 0;
  let line = '';
  // A line wider than the terminal wraps, and '\r' would then clear only its last row.
  const width = () => Math.max(20, (process.stderr.columns || 80) - 1);
  const draw = () => {
    if (line) err(line);
  };
  io.stdout = (text) => {
    if (line) err(CLEAR);
    out(text);
    draw();
  };
  io.stderr = (text) => {
    if (line) err(CLEAR);
    err(text);
    draw();
  };
  const bar: Progress = {
    total(n) {
      total = n;
    },
    step(label) {
      done++;
      const text = `[${done}/${total}] ${label}`;
      line = text.length > width() ? text.slice(0, width() - 1) + '…' : text;
      err(CLEAR + line);
    },
    end() {
      if (line) err(CLEAR);
      line = '';
      io.stdout = original.stdout;
      io.stderr = original.stderr;
      shown.delete(io);
    },
  };
  shown.set(io, bar);
  return bar;
}
