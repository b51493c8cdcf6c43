import type { Formatter } from './types.js';

/** ESLint's JSON formatter shape: one entry per file. */
export const json: Formatter = {
  start: () => '[',
  file: (result) => JSON.stringify(result),
  separator: ',',
  end: () => ']\n',
  needsEdits: true,
};
