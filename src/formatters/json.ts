import type { LintResult } from '../linter/results.js';
import type { Formatter } from './types.js';

/** ESLint's JSON formatter shape: one entry per file. */
export const json: Formatter = {
  start: () => '[',
  file: (result) => (result.messages.length > MESSAGES_PER_PIECE ? encodeInPieces(result) : JSON.stringify(result)),
  separator: ',',
  end: () => ']\n',
  needsEdits: true,
};

const MESSAGES_PER_PIECE = 10_000;

/**
 * The JSON of a result with very many messages, encoded a few thousand messages at a time: one JSON.stringify
 * of 600,000 messages makes a 230 MB string, then as many bytes, where the pieces are garbage at once. The
 * text is exactly JSON.stringify's (the messages' array is spliced in where a placeholder stood).
 */
function encodeInPieces(result: LintResult): Uint8Array {
  const placeholder = `studio-lint-messages-${Math.random().toString(36).slice(2)}`;
  const [head, tail] = JSON.stringify({ ...result, messages: placeholder }).split(`"${placeholder}"`) as [string, string];
  const pieces: Uint8Array[] = [Buffer.from(`${head}[`)];
  const { messages } = result;
  for (let i = 0; i < messages.length; i += MESSAGES_PER_PIECE) {
    const text = messages.slice(i, i + MESSAGES_PER_PIECE).map((m) => JSON.stringify(m)).join(',');
    pieces.push(Buffer.from(i === 0 ? text : `,${text}`));
  }
  pieces.push(Buffer.from(`]${tail}`));
  return Buffer.concat(pieces);
}
