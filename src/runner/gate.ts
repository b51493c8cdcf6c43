/**
 * The deployment gate: what `push` (and `cutover plan`, which publishes) asks before a flow leaves the
 * repository. The file's text is linted as `lint` would lint it: the project's config (the nearest config
 * file, with the overrides that match the file), the pull manifest's scope, and the baseline. A flow with an
 * error left is not deployed; the verdict carries the findings in stylish's shape, for the person to read.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { decodeSource } from '../flow/load.js';
import { lintSource } from '../linter/lint.js';
import { BASELINE_FILE, indexBaseline, readBaseline } from './baseline.js';
import { FileProcessor } from './process-file.js';

export interface GateVerdict {
  errors: number;
  warnings: number;
  /** The rules with errors, sorted. */
  errorRules: string[];
  /** The findings, as `lint` prints them (stylish, with its summary); empty when there are none. */
  report: string;
  /** The config's `ignores` name the file: it is not linted, as `lint` passes it over. */
  ignored?: boolean;
}

export class DeploymentGate {
  private readonly processor: FileProcessor;

  /** Throws ConfigError for a config or baseline that cannot be used (exit 2, as lint does). */
  constructor(cwd: string, { color = false, configFile }: { color?: boolean; configFile?: string } = {}) {
    const config = loadConfig(cwd, configFile);
    const baselineFile = path.join(config.dir, BASELINE_FILE);
    const baseline = existsSync(baselineFile) ? { dir: config.dir, index: indexBaseline(readBaseline(baselineFile)) } : undefined;
    this.processor = new FileProcessor({ config, cliRules: {}, baseline, formats: ['stylish'], quiet: false, unsafeFixes: false, cwd, color });
  }

  /**
   * The verdict on `text`, the content about to be sent for the flow file `file`; `promoted`: the text is the
   * file rewritten for another account (push --promote), whose values pull did not record.
   */
  verdict(file: string, text: string, { promoted = false }: { promoted?: boolean } = {}): GateVerdict {
    const { processor } = this;
    const absolute = path.resolve(processor.job.cwd, file);
    if (processor.isIgnored(absolute)) return { errors: 0, warnings: 0, errorRules: [], report: '', ignored: true };
    const outcome = processor.processFile(lintSource(absolute, decodeSource(text), processor.activeFor(absolute), { scope: processor.scopeFor(absolute, { promoted }) }));
    const report = outcome.reports[0]?.length ? Buffer.from(outcome.reports[0]).toString() : '';
    const totals = { files: 1, errors: outcome.errors, warnings: outcome.warnings, fixable: outcome.fixable, unsafeFixable: outcome.unsafeFixable, byRule: outcome.byRule };
    const stylish = processor.formatters[0]!;
    const errorRules = Object.entries(outcome.byRule).filter(([, c]) => c.errors > 0).map(([rule]) => rule).sort();
    return { errors: outcome.errors, warnings: outcome.warnings, errorRules, report: report ? report + stylish.end(totals, processor.context) : '' };
  }
}
