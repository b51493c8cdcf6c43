import type { LintResult } from '../linter/results.js';
import type { Formatter } from './types.js';

/** ESLint's JSON formatter shape: one entry per file. */
export const json: Formatter = {
  start: () => '[',
  file: (result) => (result.messages.length > MESSAGES_IN_ONE_PIECE ? encodeInPieces(result) : JSON.stringify(result)),
  separator: ',',
  end: () => ']\n',
  needsEdits: true,
};

/** Results with more messages than this are encoded in pieces (below, one stringify is fastest). */
const MESSAGES_IN_ONE_PIECE = 10_000;
/**
 * Messages per piece: a piece's text stays under V8's large-object size (128 KB), so that it is young garbage a
 * scavenge frees at once. Pieces of 10,000 messages (4.6 MB each) went to the large-object space, which only a
 * full collection frees: the heap grew by 1.2 GB of them while a 600,000-message report was encoded. 200 messages
 * (80 KB) were under it, until one character beyond Latin-1 in a piece (a typographic apostrophe in a message, a
 * widget name in another script) made it two bytes a character, 160 KB: encoding took 2.5 s instead of 0.65 s.
 * 50 messages stay under it either way, and cost no more than 200 of one-byte text.
 */
const MESSAGES_PER_PIECE = 50;

/**
 * The JSON of a result with very many messages, encoded a few thousand messages at a time into one buffer: one
 * JSON.stringify of 600,000 messages makes a 230 MB string, then as many bytes, where each piece's text is garbage
 * at once; and the pieces are written into a buffer sized from the first one, not gathered and then copied (which
 * held the report twice). The text is exactly JSON.stringify's (the messages' array is spliced in where a
 * placeholder stood).
 */
function encodeInPieces(result: LintResult): Uint8Array {
  const placeholder = `studio-lint-messages-${Math.random().toString(36).slice(2)}`;
  const [head, tail] = JSON.stringify({ ...result, messages: placeholder }).split(`"${placeholder}"`) as [string, string];
  const { messages } = result;
  const pieceCount = Math.ceil(messages.length / MESSAGES_PER_PIECE);
  let buffer = Buffer.allocUnsafe(0);
  let used = 0;
  let written = 0;
  const append = (text: string) => {
    // Room for the text's longest UTF-8 form, three bytes a UTF-16 unit, rather than its exact length: measuring it
    // first (Buffer.byteLength) walked every piece twice, 3 of the 9 s a 600,000-message report took.
    const room = text.length * 3;
    if (used + room > buffer.length) {
      // Room for the pieces still to come at the average size of those written so far (with a margin), at once:
      // the average, not the last piece, so that one piece of long messages does not size the buffer for all.
      const average = written ? (used - head.length) / written : room;
      const expected = used + room + average * (pieceCount - written) * 1.05 + tail.length * 3;
      const grown = Buffer.allocUnsafe(Math.ceil(Math.max(used + room, Math.min(expected, (used + room) * 4), buffer.length * 1.5)));
      buffer.copy(grown, 0, 0, used);
      buffer = grown;
    }
    used += buffer.write(text, used);
  };
  append(head);
  for (let piece = 0; piece < pieceCount; piece++) {
    // One stringify of a slice, its brackets then kept or dropped: a quarter faster than one per message.
    const text = JSON.stringify(messages.slice(piece * MESSAGES_PER_PIECE, (piece + 1) * MESSAGES_PER_PIECE));
    const last = piece === pieceCount - 1;
    append(piece === 0 ? (last ? text : text.slice(0, -1)) : `,${text.slice(1, last ? undefined : -1)}`);
    written++;
  }
  append(tail);
  // The report outlives this call (a run keeps it to the end, a worker thread posts it whole, buffer and all):
  // room left over is given back by a copy of the exact size.
  return used < buffer.length * 0.9 ? Buffer.from(buffer.subarray(0, used)) : buffer.subarray(0, used);
}
